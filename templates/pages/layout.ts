// Server-rendered page frame: French, readable on a phone, usable without JavaScript.
import { html, type SafeHtml } from '../html';
import { paths } from '../../domain/urls';

/** Who is signed in, for the navigation; `null` shows « Se connecter », absent shows no navigation (partner pages). */
export interface LayoutViewer {
  fullName: string;
  role: 'ADMIN' | 'COORDINATOR' | 'CAF_ADVISER';
}
export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

export const roleLabels: Record<LayoutViewer['role'], string> = {
  ADMIN: 'administration',
  COORDINATOR: 'coordination',
  CAF_ADVISER: 'conseil Caf',
};

function navigation(viewer: LayoutViewer | null) {
  if (!viewer) return html`<nav aria-label="Navigation principale"><a href="${paths.signIn}">Se connecter</a></nav>`;
  return html`<nav aria-label="Navigation principale">
${viewer.role !== 'CAF_ADVISER' ? html`<a href="${paths.territories}">Mes territoires</a>` : ''}
<a href="${paths.dashboard}">Tableau de bord</a>
${viewer.role !== 'COORDINATOR' ? html`<a href="${paths.portfolio}">Portefeuille</a>` : ''}
<a class="who" href="${paths.account}">${viewer.fullName} (${roleLabels[viewer.role]})</a>
<form method="post" action="/deconnexion" class="inline"><button type="submit" class="link">Se déconnecter</button></form>
</nav>`;
}

export function page(options: { title: string; body: SafeHtml; viewer?: LayoutViewer | null; flash?: Flash | null }): string {
  const { flash } = options;
  return html`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} — CTG</title>
<style>
body{margin:0;font-family:system-ui,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1d2433;background:#f3f5f8}
header{background:#12355b;color:#fff;padding:12px 16px}header a{color:#fff;text-decoration:none;font-weight:bold}
main{max-width:960px;margin:0 auto;padding:16px}
h1{font-size:1.5rem;color:#12355b}a{color:#12355b}
table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:8px;border-bottom:1px solid #d5dbe3;vertical-align:top}
.card{background:#fff;border-radius:8px;padding:16px;margin:0 0 16px}
.card>:first-child{margin-top:0}.card>:last-child{margin-bottom:0}
.badge{display:inline-block;padding:2px 8px;border-radius:12px;font-size:.85rem;background:#e2e8f0}
.badge.SENT,.badge.CAPTURED{background:#d1fae5}.badge.FAILED{background:#fee2e2}.badge.PENDING{background:#fef3c7}
pre{white-space:pre-wrap;word-break:break-word;background:#fff;padding:12px;border:1px solid #d5dbe3}
iframe{width:100%;min-height:480px;border:1px solid #d5dbe3;background:#fff}
button{font-size:1rem;padding:8px 16px;background:#12355b;color:#fff;border:0;border-radius:6px;cursor:pointer}
button:focus,a:focus{outline:3px solid #f59e0b;outline-offset:2px}
input:focus,[tabindex]:focus{outline:3px solid #f59e0b;outline-offset:2px}
label{font-weight:600}.field{margin:0 0 16px}
input[type=text],input[type=email]{display:block;width:100%;max-width:32rem;box-sizing:border-box;font-size:1rem;padding:8px;margin-top:4px;border:1px solid #5b6472;border-radius:4px;background:#fff;color:#1d2433}
input[type=checkbox],input[type=radio]{width:1.25rem;height:1.25rem;margin:0 8px 0 0;vertical-align:middle;flex:none}
fieldset{border:1px solid #d5dbe3;border-radius:8px;padding:12px 16px;margin:0 0 16px}legend{font-weight:bold;padding:0 4px}
.choice{display:flex;align-items:center;gap:4px;margin:8px 0}.choice label{font-weight:normal;margin:0}
.error{color:#b91c1c;font-weight:600;margin:4px 0}.notice{border-left:6px solid #12355b}.notice.alert{border-left-color:#b91c1c}
.badge.ok{background:#d1fae5}.badge.wait{background:#fef3c7}.badge.off{background:#fee2e2}
.actions{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin-top:12px}ul.meetings{list-style:none;padding:0}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #f59e0b;outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;color:#12355b;padding:8px;z-index:1}
header{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;justify-content:space-between}
header nav{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center}header nav a{font-weight:normal;text-decoration:underline}
header .who{font-size:.9rem}form.inline{display:inline;margin:0}
button.link{background:none;color:inherit;text-decoration:underline;padding:0;font-size:1rem}
a.button{display:inline-block;padding:8px 16px;background:#12355b;color:#fff;border-radius:6px;text-decoration:none;font-weight:600}
button.secondary{background:#fff;color:#12355b;border:2px solid #12355b}button.danger{background:#9b1c1c}
.flash{padding:12px 16px;border-radius:8px;margin:0 0 16px;border-left:6px solid}
.flash.ok{background:#d1fae5;border-color:#047857;color:#064e3b}.flash.error{background:#fee2e2;border-color:#b91c1c;color:#7f1d1d}
label{display:block;font-weight:600;margin:12px 0 4px}.hint{display:block;font-weight:normal;font-size:.9rem;color:#4a5568}
input[type=text],input[type=email],input[type=number],input[type=datetime-local],input[type=file],select,textarea{box-sizing:border-box;width:100%;max-width:36rem;font:inherit;padding:8px;border:1px solid #5a6b80;border-radius:4px;background:#fff;color:#1d2433}
textarea{min-height:8rem;font-family:ui-monospace,monospace;font-size:.9rem}
[aria-invalid=true]{border:2px solid #b91c1c}.field-error{color:#b91c1c;font-weight:600;margin:4px 0 0}
fieldset{border:1px solid #d5dbe3;border-radius:6px;margin:12px 0;padding:8px 12px}legend{font-weight:600}
.check{display:flex;gap:8px;align-items:center;font-weight:normal;margin:4px 0}.check input{width:auto}
.scroll{overflow-x:auto;position:relative}
@media (max-width:600px){table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}table.stack tr{display:block;border-bottom:1px solid #d5dbe3;padding:8px 0}table.stack td{display:block;border:0;padding:2px 0;overflow-wrap:anywhere}table.stack td::before{content:attr(data-label) " : ";font-weight:600}}.muted{color:#4a5568}
details{margin:8px 0}summary{cursor:pointer;color:#12355b;text-decoration:underline}
.state{display:inline-block;padding:2px 8px;border-radius:12px;font-size:.85rem;border:1px solid #5a6b80;background:#fff;color:#1d2433;white-space:nowrap}
.state.A_VENIR{background:#e2e8f0}.state.INVITEE{background:#dbeafe;border-color:#1d4ed8}.state.TENUE,.state.TERMINEE{background:#d1fae5;border-color:#047857}
.state.ANNULEE{background:#f3f4f6;border-style:dashed}.state.EN_RETARD{background:#fee2e2;border-color:#b91c1c}.state.A_FIXER{background:#fef3c7;border-color:#b45309}
.pager{display:flex;gap:16px;margin:8px 0}
@media (max-width:600px){main{padding:8px}th,td{padding:6px}.card{padding:12px}}
</style>
</head>
<body>
<a class="skip" href="#contenu">Aller au contenu</a>
<header><a href="/">CTG — Conventions Territoriales Globales</a>${options.viewer === undefined ? '' : navigation(options.viewer)}</header>
<main id="contenu">
<h1>${options.title}</h1>
${flash ? html`<div class="flash ${flash.kind}" role="${flash.kind === 'error' ? 'alert' : 'status'}">${flash.text}</div>` : ''}
${options.body}
</main>
</body>
</html>
`.value;
}
