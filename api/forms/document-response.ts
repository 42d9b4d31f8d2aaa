// Sends a meeting's document: its type as read from its content at upload, shown in the browser only
// when harmless (PDF, images) and otherwise downloaded, sandboxed, never cached by a shared proxy.
import type { Response } from 'express';
import { kindOfMediaType } from '../../domain/meeting-documents';

export function sendDocument(res: Response, document: { filename: string; mediaType: string; content: Uint8Array }) {
  const inline = kindOfMediaType(document.mediaType)?.inline ?? false;
  const ascii = document.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  res.setHeader('Content-Type', document.mediaType);
  res.setHeader('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(document.filename)}`);
  res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'");
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(Buffer.from(document.content));
}
