// The plan editor: a territory's plan as a form, one card per step with every field a step has, usable
// without JavaScript and on a phone. Saved as a draft as typed; launched when it is valid. The start page
// offers the standard plan's questions, the previous process's plan, a spreadsheet, or a blank plan.
import type { PlanDraftValues, StepRow } from '../../domain/plan-rows';
import type { PlanWarning } from '../../domain/plan-warnings';
import { contactRoles, phaseLabels, phases, stepBehaviourLabels, stepBehaviours } from '../../domain/plan';
import { html, type SafeHtml } from '../html';
import { errorSummary, inputField, selectField, textareaField, type FieldErrors } from './fields';
import { page, type Flash, type LayoutViewer } from './layout';
import { paths } from '../../domain/urls';

const roleLabels: Record<(typeof contactRoles)[number], string> = { ELU: 'élus', PARTENAIRE: 'partenaires', COPIL: 'rôle COPIL', COTECH: 'rôle COTECH' };

export interface PlanEditorOptions {
  territory: { id: string; name: string };
  values: PlanDraftValues;
  /** The territory's governance bodies, offered for committee steps. */
  bodies: { key: string; name: string }[];
  errors?: FieldErrors;
  warnings?: PlanWarning[];
  viewer: LayoutViewer;
  flash?: Flash | null;
}

function stepCard(row: StepRow, i: number, options: PlanEditorOptions): SafeHtml {
  const { errors } = options;
  const f = (field: keyof StepRow) => `s${i}.${field}`;
  const id = (field: string) => `s${i}-${field}`;
  const labels = { ...phaseLabels, ...options.values.phaseLabels };
  const input = (field: keyof StepRow, label: string, extra: Partial<Parameters<typeof inputField>[0]> = {}) =>
    inputField({ name: f(field), id: id(field), label, value: row[field] as string, errors, ...extra });
  const check = (name: string, label: string, checked: boolean, value = 'oui') =>
    html`<div class="choice"><input type="checkbox" id="${id(name)}${value === 'oui' ? '' : `-${value}`}" name="${`s${i}.${name}`}" value="${value}"${checked ? ' checked' : ''}><label for="${id(name)}${value === 'oui' ? '' : `-${value}`}">${label}</label></div>`;
  const legend = row.title || 'Nouvelle étape';
  // On a phone a plan of twenty steps is long: each card folds to one line, open where there is
  // something to do (a new step, an error).
  const open = !row.title || Object.keys(errors ?? {}).some((name) => name.startsWith(`s${i}.`));
  const summary = [stepBehaviourLabels[row.behaviour as keyof typeof stepBehaviourLabels] ?? row.behaviour, row.date ? row.date.replace('T', ' à ') : slotCount(row.slots ?? '') ? `${slotCount(row.slots ?? '')} créneau(x)` : row.month || 'date à fixer'].join(' · ');
  return html`<fieldset class="card step-card" id="etape-${i}"><legend>${legend}</legend>
<details${open ? ' open' : ''}><summary>${summary}<span class="sr"> : modifier « ${legend} »</span></summary>
<input type="hidden" name="${f('key')}" value="${row.key}">
${input('title', 'Titre', { hint: row.key ? `Clé : ${row.key} (pour « après » et « inviter après »).` : 'Laissez vide pour ne pas ajouter d’étape.' })}
<div class="grid">
${selectField({ name: f('behaviour'), id: id('behaviour'), label: 'Ce que fait le service', value: row.behaviour, errors, options: stepBehaviours.map((b) => ({ value: b, label: stepBehaviourLabels[b] })) })}
${selectField({ name: f('phase'), id: id('phase'), label: 'Phase', value: row.phase, errors, options: phases.map((p) => ({ value: p, label: labels[p] })) })}
${inputField({ name: `s${i}.order`, id: id('order'), type: 'number', min: 1, max: 999, label: 'Ordre', value: String(i + 1), errors })}
</div>
${textareaField({ name: f('description'), id: id('description'), label: 'Description', value: row.description, errors, rows: 3, hint: 'Objet, ordre du jour, ce qu’il faut apporter : repris dans chaque courriel et fichier calendrier.' })}
<div class="grid">
${input('date', 'Date et heure', { type: 'datetime-local', hint: 'À l’heure du territoire.' })}
${inputField({ name: f('month'), id: id('month'), label: 'Ou le mois', value: row.month, errors, hint: 'AAAA-MM, tant que le jour n’est pas fixé.' })}
${inputField({ name: f('untilMonth'), id: id('untilMonth'), label: 'Jusqu’au mois', value: row.untilMonth, errors, hint: 'Pour une période : mars – avril.' })}
${input('durationMinutes', 'Durée (minutes)', { type: 'number', min: 15, hint: 'Vide : 180 pour une rencontre, 60 par entretien.' })}
</div>
<div class="grid">
${input('location', 'Lieu')}
${input('onlineUrl', 'Lien en ligne')}
${input('capacity', 'Places', { type: 'number', min: 1, hint: 'Vide : sans limite.' })}
</div>
${textareaField({ name: f('slots'), id: id('slots'), label: 'Créneaux d’entretien', value: row.slots ?? '', errors, rows: 3, hint: 'Pour une campagne d’entretiens : un créneau par ligne, par exemple 2027-03-02 10:00 ; chacun dure la durée indiquée. Chaque invité en réserve un depuis son lien personnel.' })}
<fieldset><legend>Invités</legend>
${contactRoles.map((role) => check('roles', roleLabels[role], row.roles.includes(role), role))}
${check('isPublic', 'Ouvert au public (formulaire d’inscription)', row.isPublic)}
<div class="grid">
${selectField({ name: f('body'), id: id('body'), label: 'Réunion de l’instance', value: row.body, errors, options: [{ value: '', label: 'aucune' }, ...options.bodies.map((b) => ({ value: b.key, label: b.name }))] })}
${input('groups', 'Groupes de contacts', { hint: 'Clés séparées par des virgules.' })}
${input('domains', 'Thématiques', { hint: 'petite-enfance, parentalite…' })}
${input('emails', 'Personnes nommées', { hint: 'Adresses séparées par des virgules.' })}
${input('inviteesOf', 'Les invités de l’étape', { hint: 'Clé d’une étape : pour une seconde séance.' })}
</div>
</fieldset>
<div class="grid">
${input('invitationLeadDays', 'Invitation (jours avant)', { type: 'number', min: 0 })}
${input('reminderDays', 'Rappels (jours avant)', { hint: 'Par exemple 7, 1 ; vide : aucun.' })}
${input('dependsOn', 'Après les étapes', { hint: 'Clés : l’ordre est vérifié, les invitations partent à leur date.' })}
${input('inviteAfter', 'Inviter seulement après', { hint: 'Clés des étapes à terminer avant d’inviter.' })}
</div>
<input type="hidden" name="${f('session')}" value="${row.session}">
${check('remove', 'Retirer cette étape', false)}
</details>
</fieldset>`;
}

const slotCount = (lines: string) => lines.split(/[\n\r;]+/).filter((l) => l.trim()).length;

export function planEditorPage(options: PlanEditorOptions): string {
  const { territory, values, errors, warnings } = options;
  const rows = [...values.steps];
  return page({
    title: `Plan de la démarche — ${territory.name}`,
    viewer: options.viewer,
    flash: options.flash,
    body: html`<p><a href="${paths.territory(territory.id)}">← ${territory.name}</a> · Exporter : <a href="${paths.territory(territory.id)}/plan.csv">tableur (CSV)</a>, <a href="${paths.territory(territory.id)}/plan.json">JSON</a></p>
<style>.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:0 16px}.step-card legend{font-weight:600}</style>
<form method="post" action="${paths.territory(territory.id)}/plan">
${errorSummary(errors, summaryLabels(values))}
${warnings?.length ? html`<div class="flash warning" role="status"><p>À vérifier (le lancement reste possible) :</p><ul>${warnings.map((w) => html`<li><a href="#etape-${rows.findIndex((r) => r.key === w.step)}">${w.message}</a></li>`)}</ul></div>` : ''}
<fieldset class="card"><legend>Convention</legend>
<div class="grid">
${inputField({ name: 'periodStart', type: 'number', label: 'Première année', value: values.periodStart, errors, min: 2000, max: 2100 })}
${inputField({ name: 'periodEnd', type: 'number', label: 'Dernière année', value: values.periodEnd, errors, min: 2000, max: 2100 })}
</div>
<details><summary>Noms des phases pour ce territoire</summary>
${phases.map((p) => inputField({ name: `phase.${p}`, id: `phase-${p}`, label: phaseLabels[p], value: values.phaseLabels[p] ?? '', errors, hint: 'Vide : le nom ci-dessus.' }))}
</details>
</fieldset>
<h2>Étapes</h2>
${rows.map((row, i) => stepCard(row, i, options))}
<p class="actions"><button type="submit" name="action" value="enregistrer">Enregistrer le brouillon</button>
<button type="submit" name="action" value="ajouter">Enregistrer et ajouter une étape</button>
<button type="submit" name="action" value="lancer">Lancer la démarche</button></p>
</form>
<form method="post" action="${paths.territory(territory.id)}/plan/abandon"><button type="submit" class="danger">Abandonner ce brouillon</button></form>`,
  });
}

/** The error summary names each field as a person reads it: « Table ronde : date ». */
function summaryLabels(values: PlanDraftValues): Record<string, string> {
  const fields: Record<string, string> = {
    title: 'titre', behaviour: 'ce que fait le service', phase: 'phase', description: 'description', date: 'date', month: 'mois', untilMonth: 'jusqu’au mois',
    durationMinutes: 'durée', location: 'lieu', onlineUrl: 'lien en ligne', capacity: 'places', roles: 'invités', groups: 'groupes', domains: 'thématiques',
    emails: 'personnes nommées', body: 'instance', inviteesOf: 'invités de l’étape', invitationLeadDays: 'invitation', reminderDays: 'rappels',
    dependsOn: 'après les étapes', inviteAfter: 'inviter seulement après', key: 'clé',
  };
  const labels: Record<string, string> = { periodStart: 'Première année', periodEnd: 'Dernière année', steps: 'Étapes' };
  values.steps.forEach((row, i) => {
    for (const [field, label] of Object.entries(fields)) labels[`s${i}.${field}`] = `${row.title || `Étape ${i + 1}`} : ${label}`;
  });
  return labels;
}

/** Where a plan starts from, when the territory has no draft yet. */
export function planStartPage(options: { territory: { id: string; name: string }; hasPrevious: boolean; viewer: LayoutViewer; flash?: Flash | null; importErrors?: { line: number; field: string; reason: string }[]; pasted?: string }): string {
  const { territory } = options;
  return page({
    title: `Préparer le plan — ${territory.name}`,
    viewer: options.viewer,
    flash: options.flash,
    body: html`<p><a href="${paths.territory(territory.id)}">← ${territory.name}</a></p>
<p>Le plan est la liste des étapes de votre démarche, avec leurs propres titres, descriptions, dates et invités. Partez de ce qui vous ressemble le plus, puis modifiez chaque étape : le brouillon est enregistré, vous pouvez y revenir avant de lancer.</p>
<div class="card"><h2>Du plan type</h2><p>Répondez aux questions du plan type sur la page du territoire, puis choisissez « Préparer ce plan pour l’adapter ».</p><p><a href="${paths.territory(territory.id)}#lancement">Aller aux questions du plan type</a></p></div>
${options.hasPrevious ? html`<form method="post" action="${paths.territory(territory.id)}/plan/precedent" class="card"><h2>De la démarche précédente</h2><p>Ses étapes et leurs mots, toutes les dates à fixer.</p><button type="submit">Reprendre le plan précédent</button></form>` : ''}
<form method="post" action="${paths.territory(territory.id)}/plan/import" enctype="multipart/form-data" class="card"><h2>D’un tableur (CSV)</h2>
<p>Une ligne par étape ; colonnes : ${'clé; comportement; titre; description; phase; date; mois; jusqu’au mois; durée; lieu; lien; places; rôles; groupes; thématiques; personnes; public; instance; invitation; rappels; après; inviter après; séance; créneaux'}. Exportez un plan existant pour avoir le modèle.</p>
${inputField({ name: 'fichier', type: 'file', accept: '.csv,text/csv', label: 'Fichier CSV', hint: 'Enregistré depuis un tableur au format CSV (UTF-8 ou Windows).' })}
${options.importErrors?.length ? html`<div class="flash error" role="alert"><p>Rien n’a été importé :</p><ul>${options.importErrors.map((e) => html`<li>ligne ${e.line} : ${e.field} — ${e.reason}</li>`)}</ul></div>` : ''}
${textareaField({ name: 'csv', label: 'Ou collez le contenu du fichier', value: options.pasted ?? '', rows: 6 })}
<button type="submit">Importer le tableur</button></form>
<form method="post" action="${paths.territory(territory.id)}/plan/vierge" class="card"><h2>D’une page blanche</h2><button type="submit">Commencer un plan vierge</button></form>`,
  });
}
