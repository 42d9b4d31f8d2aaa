// Landing page of the local service: the territories and their processes, and where to look next.
import { phaseLabels, type Phase } from '../../domain/plan';
import { html } from '../html';
import { page } from './layout';

const processStatusLabels: Record<string, string> = {
  RUNNING: 'en cours',
  PAUSED: 'en pause',
  COMPLETED: 'terminé',
  CANCELLED: 'annulé',
};

export interface HomeTerritory {
  id: string;
  name: string;
  cafName: string;
  processes: { id: string; periodStart: number; periodEnd: number; currentPhase: string; status: string }[];
}

export function homePage(options: { territories: HomeTerritory[]; mailMode: string; temporalUiUrl: string | null; messageCount: number }): string {
  const { territories } = options;
  return page({
    title: 'Accueil',
    body: html`<div class="card">
<p>Ce service fait vivre la démarche de Convention Territoriale Globale de chaque territoire : il planifie chaque étape, envoie les invitations avec leur fichier calendrier, et montre où en est chaque territoire.</p>
<ul>
${options.mailMode === 'capture' ? html`<li><a href="/courriels">Messages capturés</a> (${options.messageCount})</li>` : html`<li>${options.messageCount} message(s) envoyé(s) par le serveur SMTP</li>`}
${options.temporalUiUrl ? html`<li><a href="${options.temporalUiUrl}">Interface Temporal</a> (workflows en cours)</li>` : ''}
<li><a href="/api/territories">API : territoires (JSON)</a></li>
</ul>
</div>
<h2>Territoires</h2>
${
  territories.length === 0
    ? html`<p>Aucun territoire pour l’instant.</p>`
    : html`<table><thead><tr><th scope="col">Territoire</th><th scope="col">Caf</th><th scope="col">Convention</th></tr></thead><tbody>
${territories.map(
  (t) => html`<tr><td>${t.name}</td><td>${t.cafName}</td><td>${
    t.processes.length === 0
      ? 'aucune'
      : t.processes.map(
          (p) => html`<a href="/api/processes/${p.id}">${p.periodStart}–${p.periodEnd}</a> : ${phaseLabels[p.currentPhase as Phase] ?? p.currentPhase}, ${processStatusLabels[p.status] ?? p.status}<br>`,
        )
  }</td></tr>`,
)}
</tbody></table>`
}
<form method="post" action="/demo" class="card">
<p>Pour essayer : créez le territoire de démonstration (Lévezou, d’après l’Info flash n°3) avec ses partenaires, et lancez sa démarche. L’invitation au lancement partenaires part aussitôt.</p>
<button type="submit">Créer et lancer le territoire de démonstration</button>
</form>`,
  });
}
