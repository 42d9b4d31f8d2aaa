// The OpenAPI document as a page to read (no script: the pages run none): operations by tag, with their
// parameters, request body and answers, then the shapes of the answers, each property with its type.
import { html, type SafeHtml } from '../html';
import { page } from './layout';
import { paths } from '../../domain/urls';

type Json = Record<string, unknown>;

const refName = (ref: unknown) => (typeof ref === 'string' ? ref.split('/').pop()! : '');

/** A schema in a few words: « Territory », « tableau de Step », « chaîne | null ». */
function typeOf(schema: Json | undefined): SafeHtml | string {
  if (!schema) return '';
  if (schema.$ref) return html`<a href="#schema-${refName(schema.$ref)}">${refName(schema.$ref)}</a>`;
  if (Array.isArray(schema.allOf)) {
    const items = ((schema.allOf as Json[])[1]?.properties as Json | undefined)?.items as Json | undefined;
    return html`page de ${typeOf(items?.items as Json)}`;
  }
  if (Array.isArray(schema.anyOf)) return html`${(schema.anyOf as Json[]).map((s, i) => html`${i ? ' | ' : ''}${typeOf(s)}`)}`;
  if (schema.type === 'array') return html`tableau de ${typeOf(schema.items as Json)}`;
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).join(' | ');
  const type = Array.isArray(schema.type) ? (schema.type as string[]).join(' | ') : String(schema.type ?? 'valeur');
  return schema.format ? `${type} (${String(schema.format)})` : type;
}

function properties(schema: Json): SafeHtml {
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  if (Object.keys(props).length === 0) return html`<p class="muted">${typeOf(schema)}</p>`;
  return html`<div class="scroll" role="region" aria-label="Propriétés" tabindex="0"><table><thead><tr><th scope="col">Propriété</th><th scope="col">Type</th><th scope="col">Requise</th></tr></thead><tbody>
${Object.entries(props).map(([name, prop]) => html`<tr><td><code>${name}</code></td><td>${typeOf(prop)}${prop.description ? html`<br><span class="muted">${String(prop.description)}</span>` : ''}</td><td>${required.has(name) ? 'oui' : ''}</td></tr>`)}
</tbody></table></div>`;
}

export function apiDocsPage(document: Json): string {
  const byPath = document.paths as Record<string, Record<string, Json>>;
  const tags = (document.tags as { name: string }[]).map((t) => t.name);
  const operations = Object.entries(byPath).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const schemas = ((document.components as Json).schemas ?? {}) as Record<string, Json>;
  const info = document.info as { title: string; description: string };
  return page({
    title: `${info.title} : l’API`,
    body: html`<style>code{overflow-wrap:anywhere}</style>
<p>${info.description}</p>
<p>Le document lui-même : <a href="${paths.apiDocument}">${paths.apiDocument}</a> (OpenAPI 3.1). Authentification : <code>Authorization: Bearer &lt;jeton&gt;</code> (un jeton d’API), sauf mention « public ».</p>
<nav aria-label="Parties de l’API"><ul>${tags.map((tag) => html`<li><a href="#tag-${tag}">${tag}</a></li>`)}<li><a href="#schemas">Formes des réponses</a></li></ul></nav>
${tags.map(
  (tag) => html`<section aria-labelledby="tag-${tag}"><h2 id="tag-${tag}">${tag}</h2>
${operations
  .filter(({ op }) => (op.tags as string[]).includes(tag))
  .map(({ path, method, op }) => {
    const parameters = (op.parameters ?? []) as { name: string; in: string; required?: boolean; description?: string; schema?: Json }[];
    const body = ((op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined)?.['application/json']?.schema as Json | undefined;
    const answers = Object.entries(op.responses as Record<string, Json>);
    return html`<article class="card" id="${String(op.operationId)}"><h3><code>${method.toUpperCase()} ${path}</code>${Array.isArray(op.security) && (op.security as unknown[]).length === 0 ? ' (public)' : ''}</h3>
<p>${String(op.summary)}</p>
${parameters.length ? html`<p><strong>Paramètres</strong> : ${parameters.map((p, i) => html`${i ? ', ' : ''}<code>${p.name}</code> (${p.in}${p.required ? ', requis' : ''}${p.description ? ` : ${p.description}` : ''})`)}</p>` : ''}
${body ? html`<details><summary>Corps de la requête</summary>${properties(body)}</details>` : ''}
<p><strong>Réponses</strong> : ${answers.map(([status, answer], i) => {
      const content = answer.content as Record<string, Json> | undefined;
      const schema = content ? (Object.values(content)[0]?.schema as Json | undefined) : undefined;
      return html`${i ? ' · ' : ''}${status}${schema && !answer.$ref ? html` ${typeOf(schema)}` : answer.$ref ? ' (erreur RFC 9457)' : ''}`;
    })}</p>
</article>`;
  })}
</section>`,
)}
<section aria-labelledby="schemas"><h2 id="schemas">Formes des réponses</h2>
${Object.entries(schemas).map(([name, schema]) => html`<article class="card" id="schema-${name}"><h3>${name}</h3>${schema.description ? html`<p>${String(schema.description)}</p>` : ''}${properties(schema)}</article>`)}
</section>`,
  });
}
