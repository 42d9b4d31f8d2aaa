// A territory: its partners (with the CSV import), its processes, and the launch from the standard plan.
import { paths } from '../../domain/urls';
import { phaseLabels, type ContactRole } from '../../domain/plan';
import { html, type SafeHtml } from '../html';
import { errorSummary, inputField, textareaField, type FieldErrors } from './fields';
import { page, type Flash, type LayoutViewer } from './layout';
import { processStatusLabels } from '../labels';
import { timeZones } from './territories';

export const roleLabels: Record<ContactRole, string> = { ELU: 'élu(e)', PARTENAIRE: 'partenaire', COPIL: 'COPIL', COTECH: 'COTECH' };

export interface TerritoryView {
  id: string;
  name: string;
  cafName: string;
  timezone: string;
  coordinatorName: string;
  coordinatorEmail: string;
  cafAdviserName: string | null;
  cafAdviserEmail: string | null;
  processes: { id: string; periodStart: number; periodEnd: number; currentPhase: keyof typeof phaseLabels; status: string; kind: string }[];
}

export interface ContactRow {
  id: string;
  email: string;
  fullName: string;
  organisation: string | null;
  roles: string[];
  domains: string[];
}

export interface ImportReport {
  errors: { line: number; field: string; reason: string }[];
  pasted: string;
  formError?: string;
}

export const seedThemeChoices = [
  { key: 'petite-enfance', title: 'Petite enfance' },
  { key: 'enfance-jeunesse', title: 'Enfance - jeunesse' },
  { key: 'parentalite', title: 'Parentalité et animation de la vie sociale' },
];

export const launchLabels: Record<string, string> = {
  periodStart: 'Première année de la convention',
  periodEnd: 'Dernière année de la convention',
  themes: 'Thèmes des groupes de travail',
  otherThemes: 'Autres thèmes',
  interviews: 'Entretiens partenaires clés',
  thematicMeetings: 'Rencontres thématiques',
  forums: 'Forums habitants',
  survey: 'Consultation des habitants',
  location: 'Lieu des rencontres',
  seminaireElus: 'Séminaire avec les élus',
  lancementPartenaires: 'Lancement partenaires',
};

function contactsSection(territoryId: string, contacts: ContactRow[], total: number, canChange: boolean): SafeHtml {
  if (total === 0) return html`<p>Aucun partenaire pour l’instant : importez un fichier ci-dessous.</p>`;
  // A forwarded or lost email: a new personal link (the old one stops working); someone who left: removed.
  const actions = (c: ContactRow) => html`<td><div class="buttons">
<form method="post" action="${paths.territory(territoryId)}/contacts/${c.id}/nouveau-lien" class="inline"><button type="submit" class="secondary" aria-label="Nouveau lien personnel pour ${c.fullName}">Nouveau lien</button></form>
</div>
<details><summary>Retirer<span class="sr-only"> ${c.fullName}</span></summary>
<form method="post" action="${paths.territory(territoryId)}/contacts/${c.id}/retrait"><p>Plus d’invitation ; son lien cesse de fonctionner ; ses inscriptions restent.</p><button type="submit" class="danger">Retirer ${c.fullName}</button></form>
</details></td>`;
  return html`<div class="scroll" role="region" aria-label="Partenaires" tabindex="0"><table><caption class="muted">${total} contact(s)${contacts.length < total ? `, les ${contacts.length} premiers affichés` : ''}${canChange ? ' — « Nouveau lien » : l’ancien lien personnel cesse de fonctionner, le prochain courriel en porte un nouveau.' : ''}</caption>
<thead><tr><th scope="col">Nom</th><th scope="col">Organisation</th><th scope="col">Adresse</th><th scope="col">Rôles</th><th scope="col">Domaines</th>${canChange ? html`<th scope="col">Actions</th>` : ''}</tr></thead><tbody>
${contacts.map(
  (c) => html`<tr><td>${c.fullName}</td><td>${c.organisation ?? ''}</td><td>${c.email}</td><td>${c.roles.map((r) => roleLabels[r as ContactRole] ?? r).join(', ')}</td><td>${c.domains.join(', ')}</td>${canChange ? actions(c) : ''}</tr>`,
)}
</tbody></table></div>`;
}

/** A person's data (RGPD): download everything about an address, or erase it, in this territory only. */
function personForm(territoryId: string): SafeHtml {
  return html`<details class="card" id="donnees-personnelles"><summary>Données personnelles d’une personne (accès, effacement)</summary>
<p>Tout ce que le service conserve sur une adresse dans ce territoire : sa fiche de contact, ses inscriptions, ses entretiens et les messages qui lui ont été envoyés. Les autres territoires ne sont pas concernés.</p>
<form method="get" action="${paths.territory(territoryId)}/personne.json">
${inputField({ name: 'courriel', id: 'courriel-export', type: 'email', label: 'Adresse électronique', required: true })}
<button type="submit" class="secondary">Télécharger ses données (JSON)</button>
</form>
<form method="post" action="${paths.territory(territoryId)}/personne/effacement">
${inputField({ name: 'courriel', id: 'courriel-effacement', type: 'email', label: 'Adresse électronique à effacer', required: true })}
<div class="choice"><input type="checkbox" id="confirmer-effacement" name="confirmer" value="oui" required><label for="confirmer-effacement">J’ai compris : tout ce qui concerne cette adresse dans ce territoire est effacé, sans retour possible.</label></div>
<button type="submit" class="danger">Effacer ses données</button>
</form>
</details>`;
}

function importForm(territoryId: string, report: ImportReport | null): SafeHtml {
  const errors = report?.formError ? { fichier: report.formError } : undefined;
  return html`<form method="post" action="${paths.territory(territoryId)}/contacts" enctype="multipart/form-data" class="card" id="import">
<h3>Importer des partenaires (fichier CSV)</h3>
<p>Une ligne d’en-tête puis une ligne par personne ; séparateur point-virgule (export Excel) ou virgule. Colonnes : <strong>courriel</strong> et <strong>nom</strong> (ou « nom complet », ou « prénom » et « nom ») obligatoires ; <strong>organisation</strong>, <strong>rôles</strong> (élu, partenaire, COPIL, COTECH ; partenaire par défaut) et <strong>domaines</strong> (petite enfance, enfance-jeunesse, parentalité…) facultatives, plusieurs valeurs séparées par des virgules. Une adresse déjà connue est mise à jour. Si une seule ligne est invalide, rien n’est importé.</p>
${
  report && report.errors.length
    ? html`<div class="flash error" role="alert"><p><strong>Rien n’a été importé</strong> : ${report.errors.length} erreur(s) à corriger dans le fichier.</p>
<div class="scroll" role="region" aria-label="Erreurs du fichier" tabindex="0"><table><caption class="muted">Erreurs, ligne par ligne (l’en-tête est la ligne 1)</caption><thead><tr><th scope="col">Ligne</th><th scope="col">Colonne</th><th scope="col">Problème</th></tr></thead><tbody>
${report.errors.slice(0, 200).map((e) => html`<tr><td>${e.line}</td><td>${e.field}</td><td>${e.reason}</td></tr>`)}
</tbody></table></div>${report.errors.length > 200 ? html`<p>… et ${report.errors.length - 200} autre(s).</p>` : ''}</div>`
    : ''
}
${inputField({ name: 'fichier', type: 'file', accept: '.csv,text/csv', label: 'Fichier CSV', hint: 'Enregistré depuis un tableur au format CSV (UTF-8 ou Windows).', errors })}
${textareaField({ name: 'csv', label: 'Ou collez le contenu du fichier', value: report?.pasted ?? '', rows: 5, hint: 'Par exemple : courriel;nom;organisation;rôles;domaines' })}
<p><button type="submit">Importer</button></p>
</form>`;
}

export interface LaunchValues {
  periodStart: string;
  periodEnd: string;
  themes: string[];
  otherThemes: string;
  interviews: string;
  thematicMeetings: string;
  forums: string;
  survey: boolean;
  location: string;
  seminaireElus: string;
  lancementPartenaires: string;
}

export function defaultLaunchValues(now: Date): LaunchValues {
  const year = now.getUTCFullYear() + 1;
  return {
    periodStart: String(year),
    periodEnd: String(year + 4),
    themes: seedThemeChoices.map((t) => t.key),
    otherThemes: '',
    interviews: '10',
    thematicMeetings: '2',
    forums: '2',
    survey: true,
    location: '',
    seminaireElus: '',
    lancementPartenaires: '',
  };
}

function launchForm(territory: TerritoryView, values: LaunchValues, errors: FieldErrors | undefined): SafeHtml {
  const zone = timeZones.find((z) => z.value === territory.timezone)?.label ?? territory.timezone;
  const number = (name: keyof LaunchValues, min: number, max: number, hint?: string) =>
    inputField({ name, type: 'number', min, max, label: launchLabels[name]!, value: values[name] as string, errors, hint });
  return html`<p class="card"><a href="${paths.territory(territory.id)}/plan">Préparer un plan sur mesure</a> : chaque étape avec son titre, sa description, sa date ou son mois, ses invités ; à partir du plan type, de la démarche précédente ou d’un tableur.</p>
<form method="post" action="${paths.territory(territory.id)}/processus" class="card" id="lancement">
<h2>Lancer la démarche (plan type)</h2>
<p>Le plan type suit les étapes des Info flash : séminaire élus, lancement partenaires, analyse documentaire, entretiens, rencontres thématiques, consultation et forums habitants, restitutions, axes prioritaires, groupes de travail (deux séances par thème), rédaction, restitution finale et signature. Les dates laissées vides restent « à fixer » : un rappel vous est envoyé chaque semaine. Vous pourrez ensuite modifier chaque étape.</p>
${errorSummary(errors, launchLabels)}
<fieldset><legend>Période de la convention</legend>
${number('periodStart', 2000, 2100)}
${number('periodEnd', 2000, 2100, 'Une CTG dure en général 4 à 5 ans.')}
</fieldset>
<fieldset${errors?.themes ? html` aria-describedby="themes-erreur"` : ''}><legend>${launchLabels.themes}</legend>
${seedThemeChoices.map(
  (t) => html`<label class="check"><input type="checkbox" name="themes" value="${t.key}"${values.themes.includes(t.key) ? ' checked' : ''}> ${t.title}</label>`,
)}
${errors?.themes ? html`<p class="field-error" id="themes-erreur">${errors.themes}</p>` : ''}
${textareaField({ name: 'otherThemes', label: launchLabels.otherThemes!, value: values.otherThemes, rows: 3, errors, hint: 'Un thème par ligne, par exemple : Accès aux droits.' })}
</fieldset>
<fieldset><legend>Diagnostic partagé</legend>
${number('interviews', 0, 30)}
${number('thematicMeetings', 0, 8)}
${number('forums', 0, 6)}
<label class="check"><input type="checkbox" name="survey" value="oui"${values.survey ? ' checked' : ''}> ${launchLabels.survey} (enquête en ligne)</label>
</fieldset>
<fieldset><legend>Premières dates (heure : ${zone})</legend>
${inputField({ name: 'seminaireElus', type: 'datetime-local', label: launchLabels.seminaireElus!, value: values.seminaireElus, errors, hint: 'Facultatif.' })}
${inputField({ name: 'lancementPartenaires', type: 'datetime-local', label: launchLabels.lancementPartenaires!, value: values.lancementPartenaires, errors, hint: 'Facultatif. Les invitations partent 21 jours avant (aussitôt si la date est plus proche).' })}
${inputField({ name: 'location', label: launchLabels.location!, value: values.location, errors, hint: 'Facultatif, si les rencontres ont toujours lieu au même endroit.' })}
</fieldset>
<p><button type="submit">Lancer la démarche</button> <button type="submit" formaction="${paths.territory(territory.id)}/plan/modele">Préparer ce plan pour l’adapter</button></p>
</form>`;
}

export function territoryPage(options: {
  territory: TerritoryView;
  contacts: ContactRow[];
  contactCount: number;
  viewer: LayoutViewer;
  canChange: boolean;
  flash?: Flash | null;
  importReport?: ImportReport | null;
  launch?: { values: LaunchValues; errors?: FieldErrors };
  now: Date;
}): string {
  const { territory: t, canChange } = options;
  const launch = options.launch ?? { values: defaultLaunchValues(options.now) };
  const zone = timeZones.find((z) => z.value === t.timezone)?.label ?? t.timezone;
  return page({
    title: t.name,
    viewer: options.viewer,
    flash: options.flash,
    body: html`<div class="card"><dl class="facts">
<dt>Caf</dt><dd>${t.cafName}</dd>
<dt>Coordination</dt><dd>${t.coordinatorName} (${t.coordinatorEmail})</dd>
${t.cafAdviserEmail ? html`<dt>Conseil Caf</dt><dd>${t.cafAdviserName ?? ''} (${t.cafAdviserEmail})</dd>` : ''}
<dt>Fuseau horaire</dt><dd>${zone}</dd>
</dl>${canChange ? html`<p><a href="${paths.territory(t.id)}/vocabulaire">Les mots du territoire</a> : article du nom, fonctions, groupes de contacts, instances de gouvernance.</p>` : ''}</div>
<style>dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}dl.facts dt{font-weight:600}dl.facts dd{margin:0}@media (max-width:600px){dl.facts{grid-template-columns:1fr}}</style>
<h2>Démarches</h2>
${
  t.processes.length === 0
    ? html`<p>Aucune démarche lancée.</p>`
    : html`<ul>${t.processes.map(
        (p) => html`<li><a href="${paths.process(p.id)}">CTG ${p.periodStart}–${p.periodEnd}${p.kind === 'RENOUVELLEMENT' ? ' (renouvellement)' : ''}</a> : ${phaseLabels[p.currentPhase]}, ${processStatusLabels[p.status] ?? p.status}</li>`,
      )}</ul>`
}
<h2>Partenaires</h2>
${contactsSection(t.id, options.contacts, options.contactCount, canChange)}
${canChange ? importForm(t.id, options.importReport ?? null) : ''}
${canChange ? personForm(t.id) : ''}
${canChange ? launchForm(t, launch.values, launch.errors) : ''}`,
  });
}

