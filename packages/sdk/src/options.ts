/**
 * Options of the client and parameter objects of its methods.
 */
import type { DecimalInput } from './decimal.js';
import type { Logger } from './events.js';
import type { RateLimitOptions } from './rate-limiter.js';
import type { TokenStore } from './token.js';
import type { FetchLike, Sleep } from './transport.js';

/** Options of `OpenmartClient`; every one is optional. */
export interface OpenmartClientOptions {
  /** Origin of the server, without `/v2`. Default `http://127.0.0.1:8080`. */
  readonly baseUrl?: string;
  /** The API Key (public id). Needed for authenticated endpoints. */
  readonly apiKey?: string;
  /** The API Secret. Needed for authenticated endpoints; never sent except as `client_secret` in `'plain'` mode. */
  readonly apiSecret?: string;
  /** The key's memo (its name), used by the `'hmac'` client secret. */
  readonly memo?: string;
  /**
   * How `client_secret` is sent to `POST /v2/authentication`: `'plain'` (the
   * seed: the secret itself) or `'hmac'` (later revision: HMAC-SHA256 of
   * `apiKey:apiSecret:memo`). Default `'hmac'` when `memo` is given, else `'plain'`.
   */
  readonly clientSecretMode?: 'plain' | 'hmac';
  /**
   * When to send `X-BM-SIGNATURE`: `true` (default) on every authenticated
   * call (keys set to require signatures need it on reads too), `'orders'`
   * only when placing and cancelling, `false` never.
   */
  readonly sign?: boolean | 'orders';
  /** Per-attempt timeout in ms (connect, headers and body). Default 10000. */
  readonly timeoutMs?: number;
  /** Retries of idempotent calls on 429, 5xx and network errors. Default 3. Placing an order is never retried. */
  readonly retries?: number;
  /** First backoff delay in ms (doubles per retry, with jitter). Default 250. */
  readonly retryBaseDelayMs?: number;
  /** Cap of a backoff delay in ms. Default 8000. */
  readonly retryMaxDelayMs?: number;
  /** A 429 whose `Retry-After` is longer than this (ms) is thrown, not waited for. Default 60000. */
  readonly maxRetryAfterMs?: number;
  /**
   * Retry cancels (`DELETE /v2/orders…`) like reads. Default true: a repeated
   * cancel cannot cancel anything the first one would not have (see README).
   */
  readonly retryCancels?: boolean;
  /** The fetch to use. Default `globalThis.fetch`. */
  readonly fetch?: FetchLike;
  /** Receives request, retry, token and clock events (never secrets or tokens). */
  readonly logger?: Logger;
  /** Local clock in ms since the epoch. Default `Date.now`. */
  readonly clock?: () => number;
  /** How the client waits between retries and for the rate limiter. Default `setTimeout`. */
  readonly sleep?: Sleep;
  /** Random source in [0, 1) for backoff jitter. Default `Math.random`. */
  readonly random?: () => number;
  /** Client-side limiter that queues requests to stay under these limits. Off by default. */
  readonly rateLimit?: RateLimitOptions;
  /**
   * Default true: reuse connections (Node's fetch does by default; browsers
   * decide for themselves). false sends `Connection: close` (honoured by
   * Node, ignored by browsers).
   */
  readonly keepAlive?: boolean;
  /** Sync with `GET /v2/time` before the first authenticated call and on "expired request". Default true. */
  readonly syncClock?: boolean;
  /** Also resync every this many ms in the background (opt-in; the timer never keeps Node alive). */
  readonly clockResyncIntervalMs?: number;
  /** Get a new token this long before the current one expires. Default 60000. */
  readonly tokenRefreshMarginMs?: number;
  /**
   * Where to keep the access token beyond this client (another process, a
   * page reload): read when the client has no good token, written with each
   * new one, cleared of a token the server rejects. One store per server and
   * API key. Default none: each client gets its own tokens. See {@link TokenStore}.
   */
  readonly tokenStore?: TokenStore;
}

/** `POST /v2/orders` parameters. Amount in the base currency, price in the quote currency per base unit. */
export interface PlaceOrderParams {
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly amount: DecimalInput;
  readonly price: DecimalInput;
}

/** `DELETE /v2/orders?symbol=&side=`. */
export interface CancelAllParams {
  readonly symbol: string;
  readonly side?: 'buy' | 'sell';
}

/**
 * Status filter of `GET /v2/orders`: 0 all, 1 pending, 2 partially filled,
 * 3 filled, 4 cancelled, 5 open (1 or 2), 6 closed (3 or 4).
 */
export type OrderStatusFilter = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface ListOrdersParams {
  /** Omitted: every symbol. */
  readonly symbol?: string;
  /** Default 0 (all); sent explicitly because older servers require it. */
  readonly status?: OrderStatusFilter;
  /** Page number, starting at 0 (not a row offset). */
  readonly offset?: number;
  /** Page size. Without offset and limit, every matching order. */
  readonly limit?: number;
}

export interface UserTradesParams {
  readonly symbol?: string;
  /** Only this order's fills (no paging). */
  readonly entrustId?: number | string;
  readonly offset?: number;
  readonly limit?: number;
}

export interface KlineParams {
  /** Minutes, one of `GET /v2/steps`. Default (server side) 1. */
  readonly step?: number;
  /** Start, ms since the epoch. */
  readonly from: number;
  /** End, ms since the epoch. */
  readonly to: number;
}

export interface OrderBookParams {
  /** Decimal digits to aggregate to, within the symbol's price precision range. */
  readonly precision?: number;
}
