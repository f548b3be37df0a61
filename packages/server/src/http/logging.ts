/**
 * Logger options of the HTTP layer: pino through fastify, with every
 * credential redacted. Headers are never serialized except through the
 * redaction paths below; a query string is logged only on the API's
 * plainly spelled paths and never on the token endpoint (it may carry
 * client_secret); bodies are never logged.
 */
import type { LoggerOptions } from 'pino';

export const REDACTED_PATHS = [
  'req.headers["x-bm-authorization"]',
  'req.headers["x-bm-signature"]',
  'req.headers["x-csrf-token"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers["x-bm-authorization"]',
  'headers["x-bm-signature"]',
  'headers.authorization',
  'headers.cookie',
];

/**
 * Paths whose query string is logged: the API's own, spelled plainly.
 * Default deny: a query string is cut everywhere else — the token endpoint
 * (client_secret may travel there), /api and /admin, unknown paths, and any
 * path the router would read differently from its raw text
 * (percent-encoded, `//`, dot segments, absolute-form `http://host/…`), so
 * no spelling of a credential endpoint gets its query logged.
 */
const QUERY_LOGGED = /^\/v2\/(?!authentication)[A-Za-z0-9_]+(\/[A-Za-z0-9_]+)*\/?$/i;

/** The URL as logged: its query string only on the API's plainly spelled paths. */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const path = url.slice(0, q);
  return QUERY_LOGGED.test(path) ? url : `${path}?[redacted]`;
}

interface RawRequestLike {
  method?: string;
  url?: string;
  ip?: string;
  id?: string;
  socket?: { remoteAddress?: string };
}

export function httpLoggerOptions<T extends LoggerOptions>(base: T): T {
  return {
    ...base,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      ...base.serializers,
      req(req: RawRequestLike) {
        return { id: req.id, method: req.method, url: loggableUrl(req.url ?? ''), remoteAddress: req.ip ?? req.socket?.remoteAddress };
      },
    },
  };
}
