/**
 * One lenient body parser for every content type: clients of the original
 * API send JSON with any Content-Type spelling (or none), the token
 * endpoint takes application/x-www-form-urlencoded. An empty body is no
 * body. The raw JSON text is kept (per parsed object) so signatures can be
 * checked against numbers exactly as the client wrote them.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isWellFormedText } from '../domain/index.js';
import { ApiError } from './api-error.js';

const rawJsonOf = new WeakMap<object, string>();

/** The JSON text a parsed body object came from, if it came from JSON. */
export function rawJsonText(body: unknown): string | undefined {
  return typeof body === 'object' && body !== null ? rawJsonOf.get(body) : undefined;
}

function parseForm(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

const FORM_LIKE = /^[^{["\s][^=]*=/;

/** A `\uD800`-`\uDFFF` escape: the only way a decoded body can hold a lone surrogate (raw UTF-8 cannot). */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
/** Whether any string (key or value) of a parsed JSON value holds an unpaired surrogate. */
function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return !isWellFormedText(value);
  if (typeof value !== 'object' || value === null) return false;
  for (const [k, v] of Object.entries(value)) if (!isWellFormedText(k) || hasLoneSurrogate(v)) return true;
  return false;
}

export function parseBody(contentType: string | undefined, text: string): unknown {
  if (text.trim() === '') return undefined;
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('application/x-www-form-urlencoded')) return parseForm(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    if (!ct.includes('json') && FORM_LIKE.test(text)) return parseForm(text);
    throw new ApiError('BAD_REQUEST', 'Request body is not valid JSON');
  }
  if (SURROGATE_ESCAPE.test(text) && hasLoneSurrogate(value)) {
    throw new ApiError('BAD_REQUEST', 'Request body holds an unpaired UTF-16 surrogate escape: text must be valid Unicode');
  }
  if (typeof value === 'object' && value !== null) rawJsonOf.set(value, text);
  return value;
}

export function installBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (request: FastifyRequest, body: string | Buffer, done) => {
    try {
      done(null, parseBody(request.headers['content-type'], typeof body === 'string' ? body : body.toString('utf8')));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}
