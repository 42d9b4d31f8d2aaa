// Pages of the messages log / captured mail: list, one message as received, its .eml source and attachments.
import { Router } from 'express';
import { simpleParser } from 'mailparser';
import { z } from '../../domain/zod';
import { attachmentName, mailboxPage, messagePage } from '../../templates/pages/mailbox';
import type { ApiDeps } from '../deps';
import { pageViewer } from '../forms/page-viewer';
import { capturedMessage, capturedMessages } from '../usecases/mailbox';
import { notFound, parseOrThrow } from '../problem';
import { apiIdParam } from '../route-params';

const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1) });

export function mailboxRoutes(deps: ApiDeps): Router {
  const router = Router();

  // Captured mail holds sign-in links and partners' personal links: whoever reads it can act as anyone,
  // so it is for an administrator's session only (others are sent to sign in, or refused).
  router.use((req, res, next) => {
    if (pageViewer(req, res, 'ADMIN')) next();
  });

  router.get('/', async (req, res) => {
    const { page } = parseOrThrow(pageQuery, req.query);
    res.type('html').send(mailboxPage({ ...(await capturedMessages(deps, page)), mode: deps.mailMode }));
  });

  const load = (id: string) => capturedMessage(deps, id);

  router.get('/:id', async (req, res) => {
    const { message, source } = await load(parseOrThrow(apiIdParam, req.params).id);
    res.type('html').send(messagePage(message, await simpleParser(source)));
  });

  router.get('/:id/source.eml', async (req, res) => {
    const { message, source } = await load(parseOrThrow(apiIdParam, req.params).id);
    res.type('message/rfc822').attachment(`message-${message.id}.eml`).send(source);
  });

  router.get('/:id/pieces-jointes/:index', async (req, res) => {
    const { id } = parseOrThrow(apiIdParam, { id: req.params.id });
    const { index } = parseOrThrow(z.object({ index: z.coerce.number().int().min(0) }), { index: req.params.index });
    const parsed = await simpleParser((await load(id)).source);
    const attachment = parsed.attachments[index];
    if (!attachment) throw notFound('Pièce jointe');
    res.type(attachment.contentType).attachment(attachmentName(attachment, index)).send(attachment.content);
  });

  return router;
}
