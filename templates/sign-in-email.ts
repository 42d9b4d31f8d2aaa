// The email carrying a one-time sign-in link.
import { emailLayout, textFooter, type EmailContact } from './email-layout';
import { html } from './html';

export function signInEmail(options: { fullName: string; link: string; contact: EmailContact }) {
  const subject = 'Votre lien de connexion au service CTG';
  const text = `Bonjour ${options.fullName},

Pour vous connecter au service de suivi des Conventions Territoriales Globales, ouvrez ce lien :
${options.link}

Il est valable 20 minutes et ne sert qu’une fois. Si vous n’avez pas demandé à vous connecter, ignorez ce message : personne ne peut se connecter sans ce lien.

${textFooter(options.contact)}`;
  const body = html`<p>Bonjour ${options.fullName},</p>
<p>Pour vous connecter au service de suivi des Conventions Territoriales Globales, cliquez sur le bouton ci-dessous.</p>
<p><a href="${options.link}" style="display:inline-block;background:#12355b;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:bold;">Me connecter</a></p>
<p style="font-size:14px;color:#4a5568;">Ou copiez cette adresse dans votre navigateur : ${options.link}</p>
<p>Ce lien est valable 20 minutes et ne sert qu’une fois. Si vous n’avez pas demandé à vous connecter, ignorez ce message : personne ne peut se connecter sans ce lien.</p>`;
  return { subject, text, html: emailLayout({ title: 'Votre lien de connexion', preheader: 'Lien valable 20 minutes, une seule fois.', body, contact: options.contact }) };
}
