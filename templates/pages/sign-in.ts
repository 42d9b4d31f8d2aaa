// Sign-in without a password: the person gives their address and receives a one-time link.
import { html } from '../html';
import { inputField, type FieldErrors } from './fields';
import { page, type Flash, type LayoutViewer } from './layout';

export function signInPage(options: {
  email?: string;
  returnTo: string | null;
  errors?: FieldErrors;
  flash?: Flash | null;
  viewer: LayoutViewer | null;
  /** Where the signed-in viewer starts, when already signed in. */
  homePath?: string;
}): string {
  const { viewer } = options;
  return page({
    title: 'Connexion',
    viewer,
    flash: options.flash,
    body: html`${
      viewer && options.homePath
        ? html`<p class="card">Vous êtes connecté(e) en tant que ${viewer.fullName}. <a href="${options.homePath}">Continuer vers votre espace</a></p>`
        : ''
    }<form method="post" action="/connexion" class="card">
<p>Pas de mot de passe : indiquez l’adresse électronique de votre compte, nous vous envoyons un lien de connexion, valable 20 minutes et utilisable une seule fois.</p>
${options.returnTo ? html`<input type="hidden" name="retour" value="${options.returnTo}">` : ''}
${inputField({ name: 'email', type: 'email', label: 'Adresse électronique', value: options.email, errors: options.errors, required: true, autocomplete: 'email' })}
<p><button type="submit">Recevoir un lien de connexion</button></p>
</form>
<div class="card">
<h2>Qui peut se connecter ?</h2>
<p>Les chargé(e)s de coopération des territoires, les conseiller(ère)s territoriaux(ales) des Caf et l’administration du service. Les partenaires n’ont pas de compte : le lien personnel reçu avec chaque invitation leur suffit.</p>
</div>`,
  });
}

/**
 * The page a sign-in link opens: a button that uses the link. Opening the link changes nothing, so a
 * mail scanner that follows it does not spend it before the person clicks.
 */
export function signInConfirmPage(options: { token: string; returnTo: string | null }): string {
  return page({
    title: 'Connexion',
    viewer: null,
    body: html`<form method="post" action="/connexion/${options.token}" class="card">
<p>Ce lien vous connecte au service de suivi de la CTG. Il ne sert qu’une fois.</p>
${options.returnTo ? html`<input type="hidden" name="retour" value="${options.returnTo}">` : ''}
<p><button type="submit">Me connecter</button></p>
</form>`,
  });
}
