/**
 * `OpenmartClient`: a typed client of the Open API v2 (the contract, shared/spec/API.md) for
 * openmart and compatible servers. Web-standard APIs only (fetch,
 * AbortController, WebCrypto), so it runs in Node 20+ and in browsers.
 * Longer than most files because it holds one documented method per
 * endpoint; the machinery lives beside it (transport, token, clock,
 * signing, auth-policy, rate-limiter).
 */
import type {
  Candle,
  Currency,
  Order,
  OrderBook,
  OrderList,
  PlaceOrderResult,
  PublicTrade,
  SymbolDetails,
  Ticker,
  Time,
  Token,
  UserTrade,
  UserTradeList,
  WalletEntry,
} from '@openmart/protocol';
import { isExpiredRequest, isTokenRejection } from './auth-policy.js';
import { toDecimalString } from './decimal.js';
import { idText, intText } from './params.js';
import { AuthenticationError } from './errors.js';
import type { ClientEvent, HttpMethod, Logger } from './events.js';
import type {
  CancelAllParams,
  KlineParams,
  ListOrdersParams,
  OpenmartClientOptions,
  OrderBookParams,
  PlaceOrderParams,
  UserTradesParams,
} from './options.js';
import { ClientRateLimiter, type EndpointClass } from './rate-limiter.js';
import { canonicalString, createHmacSigner, type HmacSigner } from './signing.js';
import { ServerClock } from './clock.js';
import { TokenCache } from './token.js';
export type { StoredToken, TokenStore } from './token.js';
import { Transport, type FetchLike, type RequestBody, type Sleep } from './transport.js';

export type {
  CancelAllParams,
  KlineParams,
  ListOrdersParams,
  OpenmartClientOptions,
  OrderBookParams,
  OrderStatusFilter,
  PlaceOrderParams,
  UserTradesParams,
} from './options.js';

const DEFAULT_BASE_URL = 'http://127.0.0.1:8080';
const REDACTED = '[redacted]';

const defaultSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

interface Credentials {
  readonly apiKey: string;
  readonly signer: HmacSigner;
}

interface AuthedSpec {
  readonly method: HttpMethod;
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: RequestBody;
  /** Parameters to sign (X-BM-SIGNATURE), values exactly as sent. */
  readonly signed: Readonly<Record<string, string | undefined>>;
  /** Placing or cancelling: signed also when `sign` is `'orders'`. */
  readonly orderOp?: boolean;
  readonly retry: 'idempotent' | 'never';
  readonly endpointClass: EndpointClass;
}

/**
 * Client of the Open API v2.
 *
 * ```ts
 * const om = new OpenmartClient({ baseUrl: 'http://127.0.0.1:8080', apiKey, apiSecret, memo });
 * const t = await om.ticker('BMX_ETH');
 * const { entrust_id } = await om.placeOrder({ symbol: 'BMX_ETH', side: 'buy', amount: '1', price: t.bid_1 });
 * await om.cancelOrder(entrust_id);
 * ```
 */
export class OpenmartClient {
  readonly baseUrl: string;
  readonly #apiKey: string | undefined;
  readonly #apiSecret: string | undefined;
  readonly #memo: string | undefined;
  readonly #mode: 'plain' | 'hmac';
  readonly #sign: boolean | 'orders';
  readonly #retryCancels: boolean;
  readonly #syncClock: boolean;
  readonly #keepAlive: boolean;
  readonly #log: Logger;
  readonly #signer: HmacSigner | undefined;
  readonly #transport: Transport;
  readonly #clock: ServerClock;
  readonly #tokens: TokenCache;
  /** The secret and the derived client secret: scrubbed from errors and events. */
  readonly #secrets: string[] = [];
  /** The last few access tokens, scrubbed too. */
  readonly #recentTokens: string[] = [];
  #clientSecret: Promise<string> | undefined;

  constructor(options: OpenmartClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.#apiKey = options.apiKey;
    this.#apiSecret = options.apiSecret;
    this.#memo = options.memo;
    this.#mode = options.clientSecretMode ?? (options.memo !== undefined ? 'hmac' : 'plain');
    if (this.#mode === 'hmac' && options.memo === undefined && options.apiKey !== undefined) {
      throw new TypeError("clientSecretMode 'hmac' needs the key's memo");
    }
    this.#sign = options.sign ?? true;
    this.#retryCancels = options.retryCancels ?? true;
    this.#syncClock = options.syncClock ?? true;
    this.#keepAlive = options.keepAlive ?? true;
    if (options.apiSecret !== undefined && options.apiSecret !== '') {
      this.#secrets.push(options.apiSecret);
      this.#signer = createHmacSigner(options.apiSecret);
    }
    const userLog = options.logger;
    this.#log = (event: ClientEvent) => {
      if (userLog === undefined) return;
      try {
        userLog(event);
      } catch {
        // A failing logger must not break a call.
      }
    };
    const now = options.clock ?? (() => Date.now());
    const sleep = options.sleep ?? defaultSleep;
    const fetchImpl: FetchLike | undefined =
      options.fetch ?? (typeof globalThis.fetch === 'function' ? (input, init) => globalThis.fetch(input, init) : undefined);
    if (fetchImpl === undefined) throw new TypeError('no fetch available: pass options.fetch');
    this.#transport = new Transport({
      baseUrl: this.baseUrl,
      fetch: fetchImpl,
      timeoutMs: options.timeoutMs ?? 10_000,
      retries: options.retries ?? 3,
      retryBaseDelayMs: options.retryBaseDelayMs ?? 250,
      retryMaxDelayMs: options.retryMaxDelayMs ?? 8_000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
      sleep,
      random: options.random ?? Math.random,
      now,
      log: this.#log,
      limiter: options.rateLimit === undefined ? undefined : new ClientRateLimiter(options.rateLimit, now, sleep),
      scrub: (text) => this.#scrub(text),
    });
    this.#clock = new ServerClock(async () => (await this.time()).server_time, now, this.#log);
    this.#tokens = new TokenCache(() => this.#requestToken(), now, options.tokenRefreshMarginMs ?? 60_000, this.#log, options.tokenStore);
    if (options.clockResyncIntervalMs !== undefined) this.#clock.startAutoSync(options.clockResyncIntervalMs);
  }

  // ---- public market data -------------------------------------------------

  /** `GET /v2/ping`: resolves when the server answers. */
  async ping(): Promise<void> {
    await this.#public('/v2/ping');
  }

  /** `GET /v2/time`: the server's clock. */
  async time(): Promise<Time> {
    return this.#public('/v2/time') as Promise<Time>;
  }

  /** `GET /v2/steps`: k-line steps in minutes. */
  async steps(): Promise<number[]> {
    return this.#public('/v2/steps') as Promise<number[]>;
  }

  /** `GET /v2/currencies`. */
  async currencies(): Promise<Currency[]> {
    return this.#public('/v2/currencies') as Promise<Currency[]>;
  }

  /** `GET /v2/symbols`: market ids such as `"BMX_ETH"`. */
  async symbols(): Promise<string[]> {
    return this.#public('/v2/symbols') as Promise<string[]>;
  }

  /** `GET /v2/symbols/{symbol}`: one market's rules. */
  async symbolDetails(symbol: string): Promise<SymbolDetails> {
    return this.#public(`/v2/symbols/${encodeURIComponent(symbol)}`) as Promise<SymbolDetails>;
  }

  /** `GET /v2/symbols_details`: every market's rules, each with its `id`. */
  async symbolsDetails(): Promise<SymbolDetails[]> {
    return this.#public('/v2/symbols_details') as Promise<SymbolDetails[]>;
  }

  /** `GET /v2/ticker`: every market's ticker. */
  ticker(): Promise<Ticker[]>;
  /** `GET /v2/ticker?symbol=`: one market's ticker. */
  ticker(symbol: string): Promise<Ticker>;
  async ticker(symbol?: string): Promise<Ticker | Ticker[]> {
    return this.#public('/v2/ticker', { symbol }) as Promise<Ticker | Ticker[]>;
  }

  /** `GET /v2/symbols/{symbol}/kline?step=&from=&to=`: candles. */
  async klines(symbol: string, params: KlineParams): Promise<Candle[]> {
    return this.#public(`/v2/symbols/${encodeURIComponent(symbol)}/kline`, {
      step: intText(params.step, 'step'),
      from: intText(params.from, 'from'),
      to: intText(params.to, 'to'),
    }) as Promise<Candle[]>;
  }

  /** `GET /v2/symbols/{symbol}/orders[?precision=]`: the aggregated book. */
  async orderBook(symbol: string, params: OrderBookParams = {}): Promise<OrderBook> {
    return this.#public(`/v2/symbols/${encodeURIComponent(symbol)}/orders`, {
      precision: intText(params.precision, 'precision'),
    }) as Promise<OrderBook>;
  }

  /** `GET /v2/symbols/{symbol}/trades`: recent public trades, newest first. */
  async publicTrades(symbol: string): Promise<PublicTrade[]> {
    return this.#public(`/v2/symbols/${encodeURIComponent(symbol)}/trades`) as Promise<PublicTrade[]>;
  }

  // ---- authentication and clock ---------------------------------------------

  /**
   * `POST /v2/authentication`: gets a new access token now and keeps it for
   * later calls (calls authenticate by themselves; this is for warming up or
   * checking credentials). Concurrent calls share one request.
   */
  async authenticate(): Promise<Token> {
    this.#credentials();
    return (await this.#tokens.refresh()).token;
  }

  /** Measures the server clock offset now (`GET /v2/time`); resolves with it in ms. */
  async syncClock(): Promise<number> {
    return this.#clock.sync();
  }

  /** Server time minus local time in ms, as last measured (0 before any sync). */
  get clockOffsetMs(): number {
    return this.#clock.offsetMs;
  }

  /** The server's current time estimated from the local clock and the offset (ms). */
  serverTime(): number {
    return this.#clock.now();
  }

  /** Stops the background clock resync, if any. The client stays usable. */
  close(): void {
    this.#clock.stopAutoSync();
  }

  // ---- account and orders ---------------------------------------------------

  /** `GET /v2/wallet`: balances, `available` + `frozen`. */
  async wallet(): Promise<WalletEntry[]> {
    return this.#authed({ method: 'GET', path: '/v2/wallet', signed: {}, retry: 'idempotent', endpointClass: 'private' }) as Promise<WalletEntry[]>;
  }

  /**
   * `POST /v2/orders`: a good-till-cancelled limit order. Amount and price
   * are sent as decimal strings. Never retried automatically: on a 5xx or a
   * network error the outcome is unknown, check with {@link listOrders}.
   * (It is re-sent once after an HTTP 401 that a new token or a clock resync
   * fixes: a 401 means the server refused it before looking at it. Any other
   * answer, even one that says "unauthorized", is thrown.)
   */
  async placeOrder(params: PlaceOrderParams): Promise<PlaceOrderResult> {
    const order = {
      symbol: params.symbol,
      side: params.side,
      amount: toDecimalString(params.amount, 'amount'),
      price: toDecimalString(params.price, 'price'),
    };
    return this.#authed({
      method: 'POST',
      path: '/v2/orders',
      body: { kind: 'json', value: order },
      signed: order,
      orderOp: true,
      retry: 'never',
      endpointClass: 'order',
    }) as Promise<PlaceOrderResult>;
  }

  /** `DELETE /v2/orders/{entrust_id}`, signed as `entrust_id=<id>`. */
  async cancelOrder(entrustId: number | string): Promise<void> {
    const id = idText(entrustId);
    await this.#authed({
      method: 'DELETE',
      path: `/v2/orders/${id}`,
      signed: { entrust_id: id },
      orderOp: true,
      retry: this.#retryCancels ? 'idempotent' : 'never',
      endpointClass: 'order',
    });
  }

  /** `DELETE /v2/orders?symbol=&side=`: cancels every open order of the symbol (and side). */
  async cancelAllOrders(params: CancelAllParams): Promise<void> {
    const query = { symbol: params.symbol, side: params.side };
    await this.#authed({
      method: 'DELETE',
      path: '/v2/orders',
      query,
      signed: query,
      orderOp: true,
      retry: this.#retryCancels ? 'idempotent' : 'never',
      endpointClass: 'order',
    });
  }

  /** `GET /v2/orders`: own orders, newest first. */
  async listOrders(params: ListOrdersParams = {}): Promise<OrderList> {
    const query = {
      symbol: params.symbol,
      status: intText(params.status ?? 0, 'status'),
      offset: intText(params.offset, 'offset'),
      limit: intText(params.limit, 'limit'),
    };
    return this.#authed({
      method: 'GET',
      path: '/v2/orders',
      query,
      signed: query,
      retry: 'idempotent',
      endpointClass: 'private',
    }) as Promise<OrderList>;
  }

  /** `GET /v2/orders/{entrust_id}`: one own order. */
  async order(entrustId: number | string): Promise<Order> {
    const id = idText(entrustId);
    return this.#authed({
      method: 'GET',
      path: `/v2/orders/${id}`,
      signed: { entrust_id: id },
      retry: 'idempotent',
      endpointClass: 'private',
    }) as Promise<Order>;
  }

  /** `GET /v2/trades`: own fills. */
  async userTrades(params: UserTradesParams = {}): Promise<UserTradeList> {
    const query = {
      symbol: params.symbol,
      entrust_id: params.entrustId === undefined ? undefined : idText(params.entrustId, 'entrustId'),
      offset: intText(params.offset, 'offset'),
      limit: intText(params.limit, 'limit'),
    };
    return this.#authed({
      method: 'GET',
      path: '/v2/trades',
      query,
      signed: query,
      retry: 'idempotent',
      endpointClass: 'private',
    }) as Promise<UserTradeList>;
  }

  /**
   * Every order matching `params`, page after page (`offset` is the page
   * number), until `current_page` reaches `total_pages` or a page is empty.
   */
  async *iterateOrders(params: Omit<ListOrdersParams, 'offset'> & { readonly limit?: number } = {}): AsyncGenerator<Order> {
    const limit = params.limit ?? 100;
    for (let page = 0; ; page++) {
      const res = await this.listOrders({ ...params, offset: page, limit });
      for (const o of res.orders) yield o;
      if (res.orders.length === 0 || page + 1 >= res.total_pages) return;
    }
  }

  /** Every own fill matching `params`, page after page (like {@link iterateOrders}). */
  async *iterateUserTrades(params: Omit<UserTradesParams, 'offset' | 'entrustId'> & { readonly limit?: number } = {}): AsyncGenerator<UserTrade> {
    const limit = params.limit ?? 100;
    for (let page = 0; ; page++) {
      const res = await this.userTrades({ ...params, offset: page, limit });
      for (const t of res.trades) yield t;
      if (res.trades.length === 0 || page + 1 >= res.total_pages) return;
    }
  }

  // ---- internals --------------------------------------------------------------

  #baseHeaders(): Record<string, string> {
    return this.#keepAlive ? {} : { connection: 'close' };
  }

  #public(path: string, query?: Record<string, string | undefined>): Promise<unknown> {
    return this.#transport.send({
      method: 'GET',
      path,
      query,
      headers: () => this.#baseHeaders(),
      retry: 'idempotent',
      endpointClass: 'public',
    });
  }

  #credentials(): Credentials {
    if (this.#apiKey === undefined || this.#apiKey === '' || this.#signer === undefined) {
      throw new TypeError('this endpoint needs apiKey and apiSecret in the client options');
    }
    if (this.#mode === 'hmac' && this.#memo === undefined) throw new TypeError("clientSecretMode 'hmac' needs the key's memo");
    return { apiKey: this.#apiKey, signer: this.#signer };
  }

  async #requestToken(): Promise<Token> {
    const { apiKey, signer } = this.#credentials();
    if (this.#clientSecret === undefined) {
      this.#clientSecret =
        this.#mode === 'hmac'
          ? signer(`${apiKey}:${this.#apiSecret as string}:${this.#memo as string}`).then((s) => {
              this.#secrets.push(s);
              return s;
            })
          : Promise.resolve(this.#apiSecret as string);
      this.#clientSecret.catch(() => {
        this.#clientSecret = undefined;
      });
    }
    const clientSecret = await this.#clientSecret;
    const token = (await this.#transport.send({
      method: 'POST',
      path: '/v2/authentication',
      body: { kind: 'form', value: { grant_type: 'client_credentials', client_id: apiKey, client_secret: clientSecret } },
      headers: () => this.#baseHeaders(),
      retry: 'idempotent',
      endpointClass: 'token',
    })) as Token;
    if (typeof token?.access_token === 'string' && token.access_token !== '') this.#remember(token.access_token);
    return token;
  }

  #remember(token: string): void {
    if (this.#recentTokens.includes(token)) return;
    this.#recentTokens.push(token);
    if (this.#recentTokens.length > 8) this.#recentTokens.shift();
  }

  #scrub(text: string): string {
    let out = text;
    for (const s of [...this.#secrets, ...this.#recentTokens]) if (s.length >= 6) out = out.split(s).join(REDACTED);
    return out;
  }

  async #authed(spec: AuthedSpec): Promise<unknown> {
    const { signer } = this.#credentials();
    if (this.#syncClock) await this.#clock.ensureSynced();
    const signing = this.#sign === true || (this.#sign === 'orders' && spec.orderOp === true);
    const signature = signing ? await signer(canonicalString(spec.signed)) : undefined;
    let resynced = false;
    let reauthenticated = false;
    for (;;) {
      const token = await this.#tokens.get();
      // A token from the tokenStore is scrubbed from messages too.
      this.#remember(token);
      try {
        return await this.#transport.send({
          method: spec.method,
          path: spec.path,
          query: spec.query,
          body: spec.body,
          retry: spec.retry,
          endpointClass: spec.endpointClass,
          headers: () => ({
            ...this.#baseHeaders(),
            'x-bm-authorization': `Bearer ${token}`,
            'x-bm-timestamp': String(this.#clock.now()),
            ...(signature === undefined ? {} : { 'x-bm-signature': signature }),
          }),
        });
      } catch (err) {
        if (!(err instanceof AuthenticationError)) throw err;
        // A call that is never retried (placing an order) is re-sent only
        // after a real HTTP 401 to it: the server authenticates before it
        // submits anything, so that answer proves nothing was placed. An
        // "unauthorized" message in a 200, or a 401-class code under another
        // status, proves nothing.
        if (spec.retry === 'never' && err.status !== 401) throw err;
        if (isExpiredRequest(err)) {
          if (resynced || !this.#syncClock) throw err;
          resynced = true;
          this.#log({ type: 'reauthenticate', method: spec.method, path: spec.path, reason: 'expired request: clock resync' });
          await this.#clock.sync();
          continue;
        }
        if (reauthenticated || !isTokenRejection(err)) throw err;
        reauthenticated = true;
        this.#log({ type: 'reauthenticate', method: spec.method, path: spec.path, reason: 'token rejected' });
        await this.#tokens.invalidate(token);
      }
    }
  }
}
