// Landing page: what the service does, who uses it and how to sign in; the demonstration for a first tour.
import { paths } from '../../domain/urls';
import { phaseLabels, type Phase } from '../../domain/plan';
import { html } from '../html';
import { processStatusLabels } from '../labels';
import { page, type Flash, type LayoutViewer } from './layout';


export interface HomeTerritory {
  id: string;
  name: string;
  cafName: string;
  processes: { id: string; periodStart: number; periodEnd: number; currentPhase: string; status: string }[];
}

export function homePage(options: {
  territories: HomeTerritory[];
  mailMode: string;
  temporalUiUrl: string | null;
  messageCount: number;
  viewer?: LayoutViewer | null;
  /** Where the signed-in viewer starts. */
  homePath?: string;
  /** Set after the demonstration was launched. */
  demoLaunched?: boolean;
  flash?: Flash | null;
}): string {
  const { territories } = options;
  const viewer = options.viewer ?? null;
  return page({
    title: 'Accueil',
    viewer,
    flash: options.flash,
    body: html`<div class="card">
<p>Ce service fait vivre la démarche de Convention Territoriale Globale de chaque territoire : il planifie chaque étape, envoie les invitations avec leur fichier calendrier, relance, et montre où en est chaque territoire.</p>
${
  viewer
    ? html`<p>Vous êtes connecté(e) en tant que ${viewer.fullName}. <a href="${options.homePath ?? '/territoires'}">Aller à votre espace</a></p>`
    : html`<p><a href="${paths.signIn}" class="button">Se connecter</a> — sans mot de passe : un lien de connexion vous est envoyé par courriel.</p>`
}
${options.demoLaunched ? html`<p class="flash ok" role="status">Le territoire de démonstration est lancé.</p>` : ''}
</div>
<div class="card">
<h2>Qui fait quoi</h2>
<ul>
<li><strong>Chargé(e) de coopération</strong> (intercommunalité) : crée son territoire, importe ses partenaires, lance la démarche à partir du plan type, fixe et déplace les dates, voit qui s’inscrit. Après connexion : <a href="${paths.territories}">Mes territoires</a>.</li>
<li><strong>Conseiller(ère) territorial(e)</strong> (Caf) : suit d’un coup d’œil la phase de chaque territoire de sa Caf, les étapes en retard et les inscriptions, en lecture seule. Après connexion : <a href="${paths.dashboard}">Tableau de bord</a>.</li>
<li><strong>Partenaires, élus, habitants</strong> : pas de compte ; ils reçoivent des invitations (avec fichier .ics) et un lien personnel pour s’inscrire aux rencontres.</li>
<li><strong>Administration</strong> : voit et modifie tous les territoires, gère les comptes.</li>
</ul>
</div>
<div class="card">
<h2>Outils</h2>
<ul>
${
  viewer?.role !== 'ADMIN'
    ? ''
    : options.mailMode === 'capture'
      ? html`<li><a href="${paths.mailbox}">Messages capturés</a> (${options.messageCount})</li>`
      : html`<li>${options.messageCount} message(s) envoyé(s) par le serveur SMTP</li>`
}
${options.temporalUiUrl ? html`<li><a href="${options.temporalUiUrl}">Interface Temporal</a> (workflows en cours)</li>` : ''}
<li><a href="${paths.apiDocument}">API JSON</a> (jeton d’API ou session)</li>
</ul>
</div>
${
  viewer
    ? html`<h2>Vos territoires</h2>${
        territories.length === 0
          ? html`<p>Aucun territoire pour l’instant.</p>`
          : html`<div class="scroll" role="region" aria-label="Vos territoires" tabindex="0"><table><thead><tr><th scope="col">Territoire</th><th scope="col">Caf</th><th scope="col">Convention</th></tr></thead><tbody>
${territories.map(
  (t) => html`<tr><td><a href="${paths.territory(t.id)}">${t.name}</a></td><td>${t.cafName}</td><td>${
    t.processes.length === 0
      ? 'aucune'
      : t.processes.map(
          (p) => html`<a href="${paths.process(p.id)}">${p.periodStart}–${p.periodEnd}</a> : ${phaseLabels[p.currentPhase as Phase] ?? p.currentPhase}, ${processStatusLabels[p.status] ?? p.status}<br>`,
        )
  }</td></tr>`,
)}
</tbody></table></div>`
      }`
    : ''
}
${
  viewer?.role === 'ADMIN'
    ? html`<form method="post" action="/demo" class="card">
<h2>Essayer</h2>
<p>Créez le territoire de démonstration (Lévezou, d’après l’Info flash n°3) avec ses partenaires, et lancez sa démarche. L’invitation au lancement partenaires part aussitôt.</p>
<button type="submit">Créer et lancer le territoire de démonstration</button>
</form>`
    : html`<div class="card">
<h2>Essayer</h2>
<p>Le territoire de démonstration (Lévezou, d’après l’Info flash n°3) se crée et se lance depuis cette page, une fois connecté(e) en administration${viewer ? '' : html` : <a href="${paths.signIn}">se connecter</a>`}.</p>
</div>`
}`,
  });
}
