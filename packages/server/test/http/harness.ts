/**
 * Test harness: a real openmart server on a temp data dir (real Engine,
 * real sequencer and journal, real SQLite store, real market data, real
 * fastify listening on 127.0.0.1), plus helpers to set up the world through
 * the sequencer and a client that signs requests like the bots do.
 *
 *   const ex = await startExchange();              // clock frozen at Date.now() (realTime: true to run)
 *   await ex.seedDocsMarket();                     // BMX, ETH, BTC + BMX_ETH as in the public docs
 *   const alice = await ex.createTrader({ ETH: '10', BMX: '1000' });
 *   const r = await alice.post('/v2/orders', { symbol: 'BMX_ETH', side: 'buy', amount: 1, price: '0.001' });
 *   assert.equal(r.status, 200);
 *   await ex.close();
 *
 * Reused by the SDK and CLI tests: keep it free of assertions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../src/app/clock.js';
import { DurableBalances } from '../../src/app/durable-balances.js';
import { attachLiveViews } from '../../src/app/live-views.js';
import { MarketData } from '../../src/app/market-data/index.js';
import { openExchange, type Exchange } from '../../src/app/recovery.js';
import { encryptSecret, hashPassword, hmacSha256Hex, mintApiKey } from '../../src/app/auth/index.js';
import type { CommandDraft, CreateUser, CurrencyConfig, MarketConfig } from '../../src/domain/index.js';
import { parseUnits, plainDecimal } from '../../src/domain/index.js';
import { buildApp, type AppOptions } from '../../src/http/app.js';
import { defaultAppConfig, type AppConfig, type Submitted } from '../../src/http/deps.js';
import type { JournalIo } from '../../src/journal/index.js';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { DOCS_MARKET } from '../support/docs-market.js';

/**
 * The exchange's clock in tests: frozen at the start time (default), or
 * running with the wall clock (`realTime`); `advance()` moves it either way.
 */
export class TestClock implements Clock {
  private frozen: number | undefined;
  private offset = 0;

  constructor(start: number, realTime: boolean) {
    if (realTime) this.offset = start - Date.now();
    else this.frozen = start;
  }

  now(): number {
    return this.frozen ?? Date.now() + this.offset;
  }

  advance(ms: number): void {
    if (this.frozen !== undefined) this.frozen += ms;
    else this.offset += ms;
  }

  set(ms: number): void {
    if (this.frozen !== undefined) this.frozen = ms;
    else this.offset = ms - Date.now();
  }
}

export interface StartOptions {
  /** Overrides of the app config (rate limits are OFF unless given here). */
  readonly config?: Partial<AppConfig>;
  /** Start time of the clock (default Date.now()). */
  readonly startTime?: number;
  /**
   * false (default): the clock stands still unless advanced (deterministic;
   * but clients stamping X-BM-TIMESTAMP from their own clock drift away
   * after 60 s). true: it runs with the wall clock (long SDK/CLI suites).
   */
  readonly realTime?: boolean;
  /** Extra fastify plugins (admin API…), as buildApp's `plugins`. */
  readonly plugins?: readonly FastifyPluginAsync[];
  /** Reuse a data dir (restart tests); default a fresh temp dir, removed by close(). */
  readonly dataDir?: string;
  /** Reuse a server key (restart tests). */
  readonly serverKey?: Buffer;
  /** File operations of the journal (tests hold or fail syncs here; they run only with fsync). */
  readonly io?: JournalIo;
  /** fdatasync the journal (default false: tests do not need power-loss safety). */
  readonly fsync?: boolean;
  /** The query store's writer: its own thread (default, as the server runs it) or inline. */
  readonly storeWriter?: 'inline' | 'worker';
  /** buildApp's logger option (default false). */
  readonly logger?: AppOptions['logger'];
}

export interface HttpAnswer<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON body (undefined when empty). */
  readonly body: T;
  readonly text: string;
}

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | number>>;
  /** Sent as JSON unless `form` is set. */
  readonly body?: unknown;
  readonly form?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface KeyMaterial {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly memo: string;
}

/** The text a client signs for a parameter value (JSON numbers as plain decimals). */
function signText(v: unknown): string {
  if (typeof v === 'number') return plainDecimal(v) ?? String(v);
  return String(v);
}

/** `k=v&k=v` of the parameters sorted by name, as the Open API v2 signs them. */
export function canonicalString(params: Readonly<Record<string, unknown>>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${k}=${signText(params[k])}`)
    .join('&');
}

export function sign(secret: string, params: Readonly<Record<string, unknown>>): string {
  return hmacSha256Hex(secret, canonicalString(params));
}

/** Plain HTTP against the test server. */
export async function httpRequest<T = unknown>(baseUrl: string, method: string, path: string, opts: RequestOptions = {}): Promise<HttpAnswer<T>> {
  const url = new URL(path, baseUrl);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { ...opts.headers };
  let payload: string | undefined;
  if (opts.form !== undefined) {
    payload = new URLSearchParams(opts.form).toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  } else if (opts.body !== undefined) {
    payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(url, { method, headers, body: payload });
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body: body as T, text };
}

/** A bot's view of the API: one key, a cached token, signed requests. */
export class ApiClient {
  token: string | undefined;
  /** Sign every request (X-BM-SIGNATURE); default true. */
  signRequests = true;

  constructor(
    readonly ex: TestExchange,
    readonly key: KeyMaterial,
    readonly accountId: number,
  ) {}

  /** POST /v2/authentication with the HMAC client_secret; caches the token. */
  async authenticate(form?: Record<string, string>): Promise<HttpAnswer<{ access_token: string; expires_in: number }>> {
    const r = await httpRequest<{ access_token: string; expires_in: number }>(this.ex.baseUrl, 'POST', '/v2/authentication', {
      form: form ?? {
        grant_type: 'client_credentials',
        client_id: this.key.apiKey,
        client_secret: hmacSha256Hex(this.key.apiSecret, `${this.key.apiKey}:${this.key.apiSecret}:${this.key.memo}`),
      },
    });
    if (r.status === 200) this.token = r.body.access_token;
    return r;
  }

  /**
   * Authenticated request: token (fetched once), timestamp from the exchange
   * clock, signature of query + JSON body object + `entrust_id` of a
   * /v2/orders/{id} path (+ signExtra). A string body is sent as is and not signed.
   */
  async request<T = unknown>(method: string, path: string, opts: RequestOptions & { signExtra?: Record<string, unknown> } = {}): Promise<HttpAnswer<T>> {
    if (this.token === undefined) {
      const a = await this.authenticate();
      if (a.status !== 200) throw new Error(`authentication failed: ${a.status} ${a.text}`);
    }
    const headers: Record<string, string> = {
      'x-bm-authorization': `Bearer ${this.token}`,
      'x-bm-timestamp': String(this.ex.clock.now()),
      ...opts.headers,
    };
    if (this.signRequests && headers['x-bm-signature'] === undefined) {
      const pathId = /^\/v2\/orders\/(\d+)/.exec(path);
      const fromPath = pathId === null ? {} : { entrust_id: pathId[1] };
      const body = typeof opts.body === 'object' && opts.body !== null ? (opts.body as Record<string, unknown>) : {};
      const params: Record<string, unknown> = { ...opts.query, ...fromPath, ...body, ...opts.signExtra };
      headers['x-bm-signature'] = sign(this.key.apiSecret, params);
    }
    return httpRequest<T>(this.ex.baseUrl, method, path, { ...opts, headers });
  }

  /** The X-BM-* headers for a request whose parameters are `signed` (for inject() or hand-built requests). */
  async authHeaders(signed: Readonly<Record<string, unknown>> = {}): Promise<Record<string, string>> {
    if (this.token === undefined) {
      const a = await this.authenticate();
      if (a.status !== 200) throw new Error(`authentication failed: ${a.status} ${a.text}`);
    }
    return {
      'x-bm-authorization': `Bearer ${this.token}`,
      'x-bm-timestamp': String(this.ex.clock.now()),
      'x-bm-signature': sign(this.key.apiSecret, signed),
    };
  }

  get<T = unknown>(path: string, query?: Record<string, string | number>): Promise<HttpAnswer<T>> {
    return this.request<T>('GET', path, query === undefined ? {} : { query });
  }

  post<T = unknown>(path: string, body: unknown): Promise<HttpAnswer<T>> {
    return this.request<T>('POST', path, { body });
  }

  delete<T = unknown>(path: string, opts: RequestOptions & { signExtra?: Record<string, unknown> } = {}): Promise<HttpAnswer<T>> {
    return this.request<T>('DELETE', path, opts);
  }
}

export interface TestExchange {
  readonly baseUrl: string;
  readonly app: FastifyInstance;
  readonly exchange: Exchange;
  readonly store: SqliteStore;
  readonly marketData: MarketData;
  readonly balances: DurableBalances;
  readonly clock: TestClock;
  readonly config: AppConfig;
  readonly dataDir: string;
  /** Submit through the sequencer; throws when the engine rejects. */
  must(draft: CommandDraft): Promise<Submitted>;
  createCurrency(id: string, scale: number, name?: string): Promise<void>;
  createMarket(market: MarketConfig): Promise<void>;
  /** BMX (scale 8), ETH (18), BTC (8) and BMX_ETH with the public docs' details. */
  seedDocsMarket(overrides?: Partial<MarketConfig>): Promise<MarketConfig>;
  createUser(email?: string, password?: string): Promise<number>;
  createApiKey(accountId: number, opts?: { memo?: string; requireSignature?: boolean }): Promise<KeyMaterial>;
  /** Deposit a decimal amount (text) of a currency. */
  deposit(accountId: number, currency: string, amount: string): Promise<void>;
  /** A user with a key and deposits, ready to trade. */
  createTrader(deposits?: Readonly<Record<string, string>>, opts?: { requireSignature?: boolean }): Promise<ApiClient>;
  http<T = unknown>(method: string, path: string, opts?: RequestOptions): Promise<HttpAnswer<T>>;
  /** Stop the server and the sequencer; removes the temp dir unless it was given. */
  close(): Promise<void>;
}

export { DOCS_MARKET };

let emailCounter = 0;

export async function startExchange(opts: StartOptions = {}): Promise<TestExchange> {
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'openmart-http-'));
  const clock = new TestClock(opts.startTime ?? Date.now(), opts.realTime ?? false);
  const config = defaultAppConfig({
    serverKey: opts.serverKey ?? randomBytes(32),
    publicBaseUrl: 'http://127.0.0.1',
    ...opts.config,
    rateLimits: opts.config?.rateLimits ?? { enabled: false, perMinute: defaultAppConfig({ serverKey: Buffer.alloc(32) }).rateLimits.perMinute },
  });
  // The store's writer thread, as in the server: reads wait for it through store.settled().
  const store = new SqliteStore({ path: join(dataDir, 'store.sqlite'), writer: opts.storeWriter ?? 'worker' });
  const ex = await openExchange({ dataDir, clock, projections: [store], fsync: opts.fsync ?? false, io: opts.io });
  const marketData = new MarketData({ engine: ex.engine, store, publicBaseUrl: config.publicBaseUrl });
  const balances = new DurableBalances();
  await attachLiveViews(ex, store, { marketData, balances }, clock.now());
  const app = await buildApp(
    { engine: ex.engine, sequencer: ex.sequencer, store, marketData, balances, clock, config },
    { logger: opts.logger ?? false, plugins: opts.plugins ?? [] },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const baseUrl = `http://127.0.0.1:${address.port}`;

  async function must(draft: CommandDraft): Promise<Submitted> {
    const s = await ex.sequencer.submit(draft);
    if (!s.outcome.ok) throw new Error(`${draft.type} rejected: ${s.outcome.code} ${s.outcome.message}`);
    return s;
  }

  const test: TestExchange = {
    baseUrl,
    app,
    exchange: ex,
    store,
    marketData,
    balances,
    clock,
    config,
    dataDir,
    must,
    async createCurrency(id, scale, name) {
      const currency: CurrencyConfig = { id, name: name ?? id, scale, depositEnabled: true, withdrawEnabled: true };
      await must({ type: 'createCurrency', currency });
    },
    async createMarket(market) {
      await must({ type: 'createMarket', market });
    },
    async seedDocsMarket(overrides = {}) {
      await test.createCurrency('BMX', 8, 'BitMart Token');
      await test.createCurrency('ETH', 18, 'Ethereum');
      await test.createCurrency('BTC', 8, 'Bitcoin');
      const market = { ...DOCS_MARKET, ...overrides };
      await test.createMarket(market);
      return market;
    },
    async createUser(email, password = 'correct horse battery') {
      const e = email ?? `user${++emailCounter}-${randomBytes(3).toString('hex')}@example.com`;
      const s = await must({ type: 'createUser', email: e, passwordHash: await hashPassword(password) });
      return (s.command as CreateUser).accountId;
    },
    async createApiKey(accountId, o = {}) {
      const { apiKey, apiSecret } = mintApiKey();
      const memo = o.memo ?? 'test key';
      await must({
        type: 'createApiKey',
        accountId,
        apiKey,
        secretEnc: encryptSecret(apiSecret, config.serverKey),
        memo,
        requireSignature: o.requireSignature ?? false,
      });
      return { apiKey, apiSecret, memo };
    },
    async deposit(accountId, currency, amount) {
      const c = ex.engine.currency(currency);
      if (c === undefined) throw new Error(`unknown currency ${currency}`);
      const units = parseUnits(amount, c.scale);
      if (units === null) throw new Error(`bad amount ${amount}`);
      await must({ type: 'deposit', accountId, currency, amount: units });
    },
    async createTrader(deposits = {}, o = {}) {
      const accountId = await test.createUser();
      const key = await test.createApiKey(accountId, o);
      for (const [currency, amount] of Object.entries(deposits)) await test.deposit(accountId, currency, amount);
      return new ApiClient(test, key, accountId);
    },
    http(method, path, o) {
      return httpRequest(baseUrl, method, path, o);
    },
    async close() {
      await app.close();
      await ex.close();
      await store.close();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return test;
}
