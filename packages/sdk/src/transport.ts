/**
 * One HTTP call with a timeout, error mapping and the retry policy:
 * idempotent calls are retried on 429 (honouring `Retry-After`), 5xx and
 * network errors with exponential backoff and jitter; others never.
 */
import { errorFromResponse, parseRetryAfter, NetworkError, OpenmartError, RateLimitError, ServerError } from './errors.js';
import type { HttpMethod, Logger } from './events.js';
import type { ClientRateLimiter, EndpointClass } from './rate-limiter.js';

/** The subset of `fetch` the client uses; inject your own (tests, proxies, undici agents). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type Sleep = (ms: number) => Promise<void>;

export interface TransportConfig {
  readonly baseUrl: string;
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly maxRetryAfterMs: number;
  readonly sleep: Sleep;
  readonly random: () => number;
  readonly now: () => number;
  readonly log: Logger;
  readonly limiter: ClientRateLimiter | undefined;
  /** Removes secrets and tokens from any text that may reach an error or a log. */
  readonly scrub: (text: string) => string;
}

export type RequestBody =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'form'; readonly value: Readonly<Record<string, string>> };

export interface HttpRequest {
  readonly method: HttpMethod;
  /** Path under the base URL, e.g. `/v2/orders/12` (already encoded). */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: RequestBody;
  /** Extra headers, built again for every attempt (fresh timestamps). */
  readonly headers?: () => Promise<Record<string, string>> | Record<string, string>;
  /** `'idempotent'`: retried on 429, 5xx and network errors; `'never'`: sent once. */
  readonly retry: 'idempotent' | 'never';
  readonly endpointClass: EndpointClass;
}

/** `?a=1&b=2` for the defined values, in the given order; `''` when none. */
export function queryString(query: Readonly<Record<string, string | undefined>> | undefined): string {
  if (query === undefined) return '';
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) qs.append(k, v);
  const s = qs.toString();
  return s === '' ? '' : `?${s}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Delay before retry number `retry` (1-based): exponential, capped, with "equal jitter". */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number): number {
  const exp = Math.min(maxMs, baseMs * 2 ** (retry - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

export class Transport {
  readonly #c: TransportConfig;

  constructor(config: TransportConfig) {
    this.#c = config;
  }

  /** Sends the request (retrying when allowed) and returns the parsed JSON body. */
  async send(req: HttpRequest): Promise<unknown> {
    const c = this.#c;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#once(req, attempt);
      } catch (err) {
        const delay = this.#retryDelay(req, err, attempt);
        if (delay === undefined) throw err;
        const reason = err instanceof NetworkError ? 'network' : String((err as OpenmartError).status);
        c.log({ type: 'retry', method: req.method, path: req.path, attempt, delayMs: delay, reason });
        await c.sleep(delay);
      }
    }
  }

  #retryDelay(req: HttpRequest, err: unknown, attempt: number): number | undefined {
    const c = this.#c;
    if (req.retry !== 'idempotent' || attempt > c.retries) return undefined;
    if (err instanceof RateLimitError) {
      if (err.retryAfter === undefined) return backoffDelay(attempt, c.retryBaseDelayMs, c.retryMaxDelayMs, c.random);
      const ms = Math.ceil(err.retryAfter * 1000);
      return ms > c.maxRetryAfterMs ? undefined : ms;
    }
    if (err instanceof ServerError || err instanceof NetworkError) {
      return backoffDelay(attempt, c.retryBaseDelayMs, c.retryMaxDelayMs, c.random);
    }
    return undefined;
  }

  async #once(req: HttpRequest, attempt: number): Promise<unknown> {
    const c = this.#c;
    if (c.limiter !== undefined) {
      const waitMs = await c.limiter.acquire(req.endpointClass);
      if (waitMs > 0) c.log({ type: 'rate-limit-wait', method: req.method, path: req.path, waitMs });
    }
    const headers: Record<string, string> = { accept: 'application/json', ...(await req.headers?.()) };
    let body: string | undefined;
    if (req.body?.kind === 'json') {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.body.value);
    } else if (req.body?.kind === 'form') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.body.value).toString();
    }
    const url = c.baseUrl + req.path + queryString(req.query);
    const ctrl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctrl.abort();
    }, c.timeoutMs);
    const started = c.now();
    c.log({ type: 'request', method: req.method, path: req.path, attempt });
    let res: Response;
    let text: string;
    try {
      res = await c.fetch(url, { method: req.method, headers, body, signal: ctrl.signal });
      text = await res.text();
    } catch (cause) {
      const message = timedOut
        ? `${req.method} ${req.path} timed out after ${c.timeoutMs} ms`
        : `${req.method} ${req.path} failed: ${c.scrub(describe(cause))}`;
      c.log({ type: 'network-error', method: req.method, path: req.path, attempt, durationMs: c.now() - started, timedOut, message });
      throw new NetworkError({ message, method: req.method, path: req.path, attempts: attempt, timedOut, cause: timedOut ? undefined : cause });
    } finally {
      clearTimeout(timer);
    }
    c.log({ type: 'response', method: req.method, path: req.path, attempt, status: res.status, durationMs: c.now() - started });

    let parsed: unknown;
    let parsedOk = true;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      parsedOk = false;
    }
    const bodyMessage = parsedOk && isRecord(parsed) && 'message' in parsed;
    if (res.ok && parsedOk && !bodyMessage) return parsed;

    let message: string;
    let code: number | undefined;
    if (bodyMessage && isRecord(parsed)) {
      message = typeof parsed.message === 'string' ? parsed.message : JSON.stringify(parsed.message);
      if (typeof parsed.code === 'number' && Number.isInteger(parsed.code)) code = parsed.code;
    } else if (!res.ok) {
      message = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
    } else {
      message = `HTTP ${res.status}: the response is not JSON`;
    }
    throw errorFromResponse({
      status: res.status,
      code,
      message: c.scrub(message),
      method: req.method,
      path: req.path,
      attempts: attempt,
      retryAfter: parseRetryAfter(res.headers.get('retry-after'), c.now()),
    });
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    const inner = cause instanceof Error ? `: ${(cause as { code?: string }).code ?? cause.message}` : '';
    return `${err.message}${inner}`;
  }
  return String(err);
}
