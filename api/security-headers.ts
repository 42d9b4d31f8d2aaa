// Security headers on every answer (helmet: a maintained set, kept up to date with browsers). The pages
// run no script at all; styles are inline (<style> blocks, and the emails' style attributes, which the
// Info flash page and the mailbox show); forms post to this origin only; no page may be framed elsewhere.
import helmet from 'helmet';

export function securityHeaders(publicBaseUrl: string) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        // The mailbox shows a captured message's HTML in a sandboxed srcdoc frame.
        frameSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    // Personal links carry their token in the path: it never goes to another site, while our own forms
    // keep their Origin (a « no-referrer » page would post « Origin: null » and fail the same-origin check).
    referrerPolicy: { policy: 'same-origin' },
    // Over https only: HSTS on a local http service would be ignored, or worse, stick to localhost.
    strictTransportSecurity: publicBaseUrl.startsWith('https://') ? { maxAge: 31_536_000 } : false,
    crossOriginEmbedderPolicy: false,
  });
}
