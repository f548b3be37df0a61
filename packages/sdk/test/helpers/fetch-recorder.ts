/**
 * An injected `fetch` that records each request and answers from a
 * function: for tests of request shapes (paths, queries, bodies, headers)
 * that need no socket.
 */
import type { FetchLike } from '../../src/index.js';

export interface SentRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

export type Answer = { status?: number; json?: unknown; headers?: Record<string, string> };

export function recordingFetch(answer: (req: SentRequest) => Answer): FetchLike & { sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const f = (async (input: string, init: RequestInit) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => {
      headers[k] = v;
    });
    const req: SentRequest = {
      method: init.method ?? 'GET',
      url: new URL(input),
      headers,
      body: typeof init.body === 'string' ? init.body : undefined,
    };
    sent.push(req);
    const a = answer(req);
    return new Response(JSON.stringify(a.json ?? {}), {
      status: a.status ?? 200,
      headers: { 'content-type': 'application/json', ...a.headers },
    });
  }) as FetchLike & { sent: SentRequest[] };
  f.sent = sent;
  return f;
}

/** Answers like the contract for the time and token endpoints, `{}` elsewhere unless `more` says otherwise. */
export function contractLike(more: (req: SentRequest) => Answer | undefined = () => undefined, serverNow = () => Date.now()) {
  let tokens = 0;
  return recordingFetch((req) => {
    const custom = more(req);
    if (custom !== undefined) return custom;
    if (req.url.pathname === '/v2/time') return { json: { server_time: serverNow() } };
    if (req.url.pathname === '/v2/authentication') {
      tokens += 1;
      return { json: { access_token: `token-${tokens}`, expires_in: 900 } };
    }
    return { json: {} };
  });
}
