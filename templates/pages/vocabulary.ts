// « Les mots du territoire »: how its name reads in a sentence, the functions its emails give people, its
// contact groups and its governance bodies. One fieldset a thing, one row a group or a body, usable
// without JavaScript and on a phone.
import { contactRoles } from '../../domain/plan';
import { html } from '../html';
import { errorSummary, inputField, selectField, textareaField, type FieldErrors } from './fields';
import { page, type LayoutViewer } from './layout';
import { paths } from '../../domain/urls';

/** The form's values: strings as typed, one row per group and body (blank rows to add). */
export interface VocabularyValues {
  nameArticle: string;
  coordinatorFunction: string;
  cafAdviserFunction: string;
  /** « oui » when the public pages may show the contacts' addresses. */
  publishContactDetails: boolean;
  groups: { key: string; label: string }[];
  bodies: { key: string; name: string; shortName: string; description: string; roles: string[]; groups: string; meetsYearly: boolean }[];
}

const roleLabels: Record<(typeof contactRoles)[number], string> = { ELU: 'élus', PARTENAIRE: 'partenaires', COPIL: 'rôle COPIL', COTECH: 'rôle COTECH' };

/** The choices of a territory name's article, in the creation form and on « Les mots du territoire ». */
export const articleOptions = [
  { value: '', label: 'deviner d’après le nom' },
  { value: 'la', label: 'la (la Communauté de communes…)' },
  { value: 'le', label: 'le (le Pays de…)' },
  { value: 'les', label: 'les (les Communautés de communes…)' },
  { value: 'l’', label: 'l’ (l’Agglomération…)' },
  { value: 'aucun', label: 'aucun article' },
];

export function vocabularyPage(options: { territory: { id: string; name: string }; values: VocabularyValues; errors?: FieldErrors; viewer: LayoutViewer }): string {
  const { territory, values, errors } = options;
  // The error summary names each field as a person reads it, not by its form name.
  const labels: Record<string, string> = {
    nameArticle: 'Article du nom',
    coordinatorFunction: 'Fonction de la coordination',
    cafAdviserFunction: 'Fonction à la Caf',
    ...Object.fromEntries(values.groups.map((g, i) => [`groupLabel${i}`, `Groupe « ${g.label || 'nouveau'} »`])),
    ...Object.fromEntries(
      values.bodies.flatMap((b, i) => {
        const name = b.name || 'nouvelle instance';
        return [
          [`bodyName${i}`, `${name} : nom`],
          [`bodyShort${i}`, `${name} : sigle`],
          [`bodyDescription${i}`, `${name} : rôle`],
          [`bodyRoles${i}`, `${name} : membres (rôles)`],
          [`bodyGroups${i}`, `${name} : membres (groupes)`],
        ];
      }),
    ),
  };
  const groupRows = values.groups.map(
    (g, i) => html`<tr>
<td><input type="hidden" name="groupKey${i}" value="${g.key}">${inputField({ name: `groupLabel${i}`, label: g.key ? `Groupe « ${g.key} »` : 'Nouveau groupe', value: g.label, errors })}</td>
</tr>`,
  );
  const bodyRows = values.bodies.map(
    (b, i) => html`<fieldset class="card"><legend>${b.name || 'Nouvelle instance'}</legend>
<input type="hidden" name="bodyKey${i}" value="${b.key}">
${inputField({ name: `bodyName${i}`, label: 'Nom', value: b.name, errors, hint: 'Tel que le territoire l’écrit. Videz-le pour retirer l’instance.' })}
${inputField({ name: `bodyShort${i}`, label: 'Sigle', value: b.shortName, errors })}
${textareaField({ name: `bodyDescription${i}`, label: 'Son rôle', value: b.description, errors, rows: 2, hint: 'Repris dans les invitations à ses réunions.' })}
<fieldset><legend>Ses membres : les contacts ayant ces rôles</legend>${contactRoles.map(
      (role) => html`<div class="choice"><input type="checkbox" id="bodyRoles${i}-${role}" name="bodyRoles${i}" value="${role}"${b.roles.includes(role) ? ' checked' : ''}><label for="bodyRoles${i}-${role}">${roleLabels[role]}</label></div>`,
    )}</fieldset>
${inputField({ name: `bodyGroups${i}`, label: '… ou de ces groupes', value: b.groups, errors, hint: 'Noms des groupes ci-dessus, séparés par des virgules.' })}
<div class="choice"><input type="checkbox" id="bodyYearly${i}" name="bodyYearly${i}" value="oui"${b.meetsYearly ? ' checked' : ''}><label for="bodyYearly${i}">Se réunit chaque année pendant la mise en œuvre</label></div>
</fieldset>`,
  );
  return page({
    title: `Les mots du territoire — ${territory.name}`,
    viewer: options.viewer,
    body: html`<p><a href="${paths.territory(territory.id)}">← ${territory.name}</a></p>
<form method="post" action="${paths.territory(territory.id)}/vocabulaire">
${errorSummary(errors, labels)}
<fieldset class="card"><legend>Dans les courriels</legend>
${selectField({ name: 'nameArticle', label: 'Article devant le nom du territoire', value: values.nameArticle, errors, options: articleOptions, hint: 'Pour écrire « de la Communauté… », « du Pays… » ou « de l’Agglo… ».' })}
${inputField({ name: 'coordinatorFunction', label: 'Fonction de la personne qui coordonne', value: values.coordinatorFunction, errors, hint: 'Par exemple : Chargée de coopération CTG.' })}
${inputField({ name: 'cafAdviserFunction', label: 'Fonction de la personne qui suit la CTG à la Caf', value: values.cafAdviserFunction, errors, hint: 'Par exemple : Conseillère territoriale.' })}
<div class="choice"><input type="checkbox" id="publishContactDetails" name="publishContactDetails" value="oui"${values.publishContactDetails ? ' checked' : ''}><label for="publishContactDetails">Publier les adresses et téléphones des contacts sur la page publique de l’Info flash (sinon : leurs noms et fonctions seulement ; les courriels aux partenaires les donnent toujours)</label></div>
</fieldset>
<fieldset class="card"><legend>Groupes de contacts</legend>
<p class="hint">Au-delà des élus, partenaires et membres COPIL ou COTECH : agents, relais, bureau d’études… La colonne « groupes » de l’import CSV les remplit.</p>
<table><tbody>${groupRows}</tbody></table>
</fieldset>
<h2>Instances de gouvernance</h2>
<p class="hint">Les comités de votre CTG, sous leurs noms : leurs membres sont invités à leurs réunions, et celles qui se réunissent chaque année ont leur réunion annuelle pendant la mise en œuvre.</p>
${bodyRows}
<p><button type="submit">Enregistrer les mots du territoire</button></p>
</form>`,
  });
}
