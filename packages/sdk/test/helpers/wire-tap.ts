/**
 * A `fetch` for the client that passes every request to the real global
 * fetch and records what went over the wire (method, path, query, headers,
 * body, status), so a test against a real server can count requests.
 * `intercept` may answer or fail a request instead of sending it.
 */
import type { FetchLike } from '../../src/index.js';

export interface TappedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  /** HTTP status of the answer; 0 when none came (network error). */
  status: number;
}

export interface WireTap {
  readonly fetch: FetchLike;
  readonly sent: TappedRequest[];
  /** Requests of `method` to exactly `path` (no query). */
  count(method: string, path: string): number;
  /** Forget what was recorded. */
  reset(): void;
}

export function wireTap(intercept?: (req: TappedRequest) => Promise<Response> | undefined): WireTap {
  const sent: TappedRequest[] = [];
  const fetchImpl: FetchLike = async (input, init) => {
    const url = new URL(input);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => {
      headers[k] = v;
    });
    const req: TappedRequest = {
      method: init.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: typeof init.body === 'string' ? init.body : undefined,
      status: 0,
    };
    sent.push(req);
    const res = (await intercept?.(req)) ?? (await globalThis.fetch(input, init));
    req.status = res.status;
    return res;
  };
  return {
    fetch: fetchImpl,
    sent,
    count: (method, path) => sent.filter((r) => r.method === method && r.path === path).length,
    reset: () => {
      sent.length = 0;
    },
  };
}
