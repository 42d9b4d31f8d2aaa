// Server-rendered page frame: French, readable on a phone, usable without JavaScript.
import { html, type SafeHtml } from '../html';

export function page(options: { title: string; body: SafeHtml }): string {
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
.badge{display:inline-block;padding:2px 8px;border-radius:12px;font-size:.85rem;background:#e2e8f0}
.badge.SENT,.badge.CAPTURED{background:#d1fae5}.badge.FAILED{background:#fee2e2}.badge.PENDING{background:#fef3c7}
pre{white-space:pre-wrap;word-break:break-word;background:#fff;padding:12px;border:1px solid #d5dbe3}
iframe{width:100%;min-height:480px;border:1px solid #d5dbe3;background:#fff}
button{font-size:1rem;padding:8px 16px;background:#12355b;color:#fff;border:0;border-radius:6px;cursor:pointer}
button:focus,a:focus{outline:3px solid #f59e0b;outline-offset:2px}
</style>
</head>
<body>
<header><a href="/">CTG — Conventions Territoriales Globales</a></header>
<main>
<h1>${options.title}</h1>
${options.body}
</main>
</body>
</html>
`.value;
}
