/**
 * Logger options of the HTTP layer: pino through fastify, with every
 * credential redacted. Headers are never serialized except through the
 * redaction paths below; the query string of credential endpoints is cut
 * (the token endpoint may carry client_secret there); bodies are never
 * logged.
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

const SENSITIVE_PATH = /^\/(v2\/authentication|api\/|admin\/)/;

/** The URL as logged: without its query string on credential endpoints. */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  return SENSITIVE_PATH.test(url) ? `${url.slice(0, q)}?[redacted]` : url;
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
