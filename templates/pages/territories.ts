// A coordinator's territories, and the form that creates one.
import { paths } from '../../domain/urls';
import { phaseLabels, type Phase } from '../../domain/plan';
import { html } from '../html';
import { processStatusLabels } from '../labels';
import { errorSummary, inputField, selectField, type FieldErrors } from './fields';
import { page, type Flash, type LayoutViewer } from './layout';
import { articleOptions } from './vocabulary';


export interface TerritoryRow {
  id: string;
  name: string;
  cafName: string;
  processes: { id: string; periodStart: number; periodEnd: number; currentPhase: string; status: string }[];
}

export function territoriesPage(options: { territories: TerritoryRow[]; viewer: LayoutViewer; canCreate: boolean; flash?: Flash | null }): string {
  const { territories } = options;
  return page({
    title: 'Mes territoires',
    viewer: options.viewer,
    flash: options.flash,
    body: html`${options.canCreate ? html`<p><a href="${paths.newTerritory}">Créer un territoire</a></p>` : ''}
${
  territories.length === 0
    ? html`<p class="card">Aucun territoire pour l’instant.${options.canCreate ? ' Commencez par en créer un.' : ''}</p>`
    : html`<div class="scroll" role="region" aria-label="Liste des territoires" tabindex="0"><table><caption class="muted">${territories.length} territoire(s)</caption>
<thead><tr><th scope="col">Territoire</th><th scope="col">Caf</th><th scope="col">Démarche</th></tr></thead><tbody>
${territories.map(
  (t) => html`<tr><td><a href="${paths.territory(t.id)}">${t.name}</a></td><td>${t.cafName}</td><td>${
    t.processes.length === 0
      ? 'aucune'
      : t.processes.map(
          (p) => html`<a href="${paths.process(p.id)}">CTG ${p.periodStart}–${p.periodEnd}</a> : ${phaseLabels[p.currentPhase as Phase] ?? p.currentPhase}, ${processStatusLabels[p.status] ?? p.status}<br>`,
        )
  }</td></tr>`,
)}
</tbody></table></div>`
}`,
  });
}

export const timeZones = [
  { value: 'Europe/Paris', label: 'Métropole (Europe/Paris)' },
  { value: 'America/Guadeloupe', label: 'Guadeloupe' },
  { value: 'America/Martinique', label: 'Martinique' },
  { value: 'America/Cayenne', label: 'Guyane' },
  { value: 'Indian/Reunion', label: 'La Réunion' },
  { value: 'Indian/Mayotte', label: 'Mayotte' },
];

const territoryLabels: Record<string, string> = {
  name: 'Nom du territoire',
  nameArticle: 'Article devant le nom',
  cafName: 'Caf',
  timezone: 'Fuseau horaire',
  coordinatorName: 'Nom de la personne qui coordonne',
  coordinatorEmail: 'Adresse de la coordination',
  coordinatorFunction: 'Fonction de la personne qui coordonne',
  cafAdviserName: 'Nom de la personne qui suit la CTG à la Caf',
  cafAdviserEmail: 'Adresse à la Caf',
  cafAdviserFunction: 'Fonction à la Caf',
  previousConventionEnd: 'Fin de la convention précédente (année)',
};


export function newTerritoryPage(options: { values: Record<string, string>; errors?: FieldErrors; viewer: LayoutViewer; cafNames: string[] }): string {
  const { values, errors } = options;
  const field = (name: string, extra: Partial<Parameters<typeof inputField>[0]> = {}) =>
    inputField({ name, label: territoryLabels[name]!, value: values[name], errors, ...extra });
  return page({
    title: 'Créer un territoire',
    viewer: options.viewer,
    body: html`<form method="post" action="/territoires" class="card">
${errorSummary(errors, territoryLabels)}
${field('name', { required: true, hint: 'Par exemple : Communauté de Communes Larzac et Vallées' })}
${selectField({ name: 'nameArticle', label: territoryLabels.nameArticle!, value: values.nameArticle ?? '', errors, options: articleOptions, hint: 'Pour que les courriels écrivent « de la Communauté… », « du Pays… » ou « de l’Agglo… ».' })}
${inputField({ name: 'cafName', label: territoryLabels.cafName!, value: values.cafName, errors, required: true, hint: 'Tel que la Caf le nomme, par exemple : Caf de l’Aveyron. Les comptes de cette Caf voient les territoires de ce nom.' })}
${options.cafNames.length ? html`<p class="hint">Caf déjà connues : ${options.cafNames.join(' ; ')}</p>` : ''}
${selectField({ name: 'timezone', label: territoryLabels.timezone!, value: values.timezone ?? 'Europe/Paris', errors, options: timeZones, hint: 'Les dates sont affichées et envoyées à l’heure de ce fuseau.' })}
<fieldset><legend>Coordination</legend>
${field('coordinatorName', { required: true, autocomplete: 'name' })}
${field('coordinatorEmail', { type: 'email', required: true, hint: 'Les réponses aux invitations arrivent à cette adresse.' })}
${field('coordinatorFunction', { hint: 'Telle qu’elle apparaît dans les courriels, par exemple : Chargée de coopération CTG.' })}
</fieldset>
<fieldset><legend>Caf (facultatif)</legend>
${field('cafAdviserName')}
${field('cafAdviserEmail', { type: 'email', hint: 'Cette adresse est prévenue à chaque changement de phase et de chaque étape en retard.' })}
${field('cafAdviserFunction', { hint: 'Par exemple : Conseillère territoriale.' })}
</fieldset>
${field('previousConventionEnd', { type: 'number', min: 2000, max: 2100, hint: 'Si le territoire avait déjà une CTG : sa dernière année. Son renouvellement apparaît dans le portefeuille avant même le lancement.' })}
<p><button type="submit">Créer le territoire</button></p>
</form>`,
  });
}
