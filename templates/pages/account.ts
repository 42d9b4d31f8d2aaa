// The signed-in person's account: who they are, and for a Caf adviser what they receive (each notice,
// the weekly digest, or both) with a button for this week's digest now.
import { paths } from '../../domain/urls';
import { html } from '../html';
import { page, type Flash, type LayoutViewer } from './layout';

const choices = [
  { value: 'BOTH', label: 'Les deux : chaque message au fil de l’eau et le résumé du lundi' },
  { value: 'DIGEST', label: 'Le résumé du lundi seulement (plus de messages un par un sur les phases, les retards et les renouvellements)' },
  { value: 'NOTICES', label: 'Les messages un par un seulement' },
] as const;

export function accountPage(options: { viewer: LayoutViewer & { email: string; role: string }; notices: 'NOTICES' | 'DIGEST' | 'BOTH'; flash?: Flash | null }): string {
  const { viewer } = options;
  return page({
    title: 'Mon compte',
    viewer,
    flash: options.flash,
    body: html`<p>${viewer.fullName} — ${viewer.email}</p>
${
  viewer.role === 'CAF_ADVISER'
    ? html`<form method="post" action="${paths.account}/messages" class="card"><fieldset><legend>Ce que vous recevez sur les territoires de votre Caf</legend>
${choices.map((c) => html`<div class="choice"><input type="radio" id="avis-${c.value}" name="notices" value="${c.value}"${options.notices === c.value ? ' checked' : ''}><label for="avis-${c.value}">${c.label}</label></div>`)}
</fieldset><p class="hint">Le résumé : les changements de phase de la semaine, les étapes en retard, les rencontres des 30 prochains jours avec leurs inscriptions, les renouvellements à lancer.</p>
<button type="submit">Enregistrer</button></form>
<form method="post" action="${paths.account}/resume" class="card"><p>Voir le résumé de cette semaine sans attendre lundi :</p><button type="submit" class="secondary">M’envoyer le résumé maintenant</button></form>`
    : html`<p>Rien à régler ici pour votre rôle.</p>`
}`,
  });
}
