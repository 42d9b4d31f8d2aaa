// Errors on pages answer with a page (the JSON API keeps problem+json): a person who follows a stale link
// reads what happened and where to go, in French.
import type { ErrorRequestHandler } from 'express';
import { html } from '../../templates/html';
import { page } from '../../templates/pages/layout';
import { optionalViewer } from '../auth/viewer';
import { ProblemError } from '../problem';

export const pageErrors: ErrorRequestHandler = (error, _req, res, next) => {
  if (!(error instanceof ProblemError) || res.headersSent) return next(error);
  if (error.status === 503) res.setHeader('Retry-After', '5');
  res
    .status(error.status)
    .type('html')
    .send(
      page({
        title: error.status === 404 ? 'Page introuvable' : error.title,
        viewer: optionalViewer(res),
        body: html`<div class="card"><p>${error.detail ?? error.title}</p>
${error.errors.length ? html`<ul>${error.errors.map((e) => html`<li>${e.field} : ${e.reason}</li>`)}</ul>` : ''}
<p><a href="/">Retour à l’accueil</a></p></div>`,
      }),
    );
};
