/**
 * Registry reads (currencies, markets, users, API keys) read the engine,
 * which applies a command before its batch is durable; so they wait until
 * every registry change accepted so far is durable (Sequencer.registryDurable).
 * A real server over HTTP with the admin API, its journal's fdatasyncs held
 * at a gate (GatedIo) to keep a batch in flight.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { encryptSecret, hashPassword, hmacSha256Hex, mintApiKey } from '../../src/app/auth/index.js';
import { DurableBalances } from '../../src/app/durable-balances.js';
import { attachLiveViews } from '../../src/app/live-views.js';
import { MarketData } from '../../src/app/market-data/index.js';
import { openExchange, type Exchange } from '../../src/app/recovery.js';
import { adminRoutes } from '../../src/http/admin/index.js';
import { buildApp } from '../../src/http/app.js';
import { DEFAULT_RATE_LIMITS, defaultAppConfig } from '../../src/http/deps.js';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { GatedIo } from '../journal/helpers.js';
import { httpRequest, TestClock, type HttpAnswer, type RequestOptions } from './harness.js';

const ADMIN_TOKEN = 'registry-reads-admin-token';

interface Server {
  readonly exchange: Exchange;
  readonly io: GatedIo;
  /** Errors the sequencer reported as fatal (the server would exit). */
  readonly fatal: Error[];
  /** `METHOD url` of every request that reached the preHandler stage, in order. */
  readonly reached: string[];
  http<T = unknown>(method: string, path: string, opts?: RequestOptions): Promise<HttpAnswer<T>>;
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<HttpAnswer<T>>;
}

/** Records each request as it reaches the preHandler stage (before the routes' own preHandlers). */
function reachedLog(reached: string[]): FastifyPluginAsync {
  const plugin: FastifyPluginAsync = async (app) => {
    app.addHook('preHandler', (request: FastifyRequest, _reply, done) => {
      reached.push(`${request.method} ${request.url}`);
      done();
    });
  };
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
  return plugin;
}

/** The server as server.ts wires it (engine, sequencer + journal, store, live views, app, admin API), fsync on, syncs gated. */
async function startServer(t: { after(fn: () => Promise<void>): void }): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openmart-registry-reads-'));
  const io = new GatedIo();
  const fatal: Error[] = [];
  const reached: string[] = [];
  const clock = new TestClock(Date.now(), false);
  const config = defaultAppConfig({
    serverKey: randomBytes(32),
    publicBaseUrl: 'http://127.0.0.1',
    rateLimits: { enabled: false, perMinute: DEFAULT_RATE_LIMITS },
  });
  const store = new SqliteStore({ path: join(dataDir, 'store.sqlite'), writer: 'inline' });
  const exchange = await openExchange({ dataDir, clock, projections: [store], fsync: true, io, onFatal: (e) => fatal.push(e) });
  const marketData = new MarketData({ engine: exchange.engine, store, publicBaseUrl: config.publicBaseUrl });
  const balances = new DurableBalances();
  await attachLiveViews(exchange, store, { marketData, balances }, clock.now());
  const { sequencer, engine } = exchange;
  const app = await buildApp(
    { engine, sequencer, store, marketData, balances, clock, config },
    {
      logger: false,
      preRoutes: [reachedLog(reached)],
      plugins: [
        adminRoutes({
          engine,
          sink: sequencer,
          balances,
          verifyToken: (presented) => presented === ADMIN_TOKEN,
          credentials: { hashPassword, mintApiKey, encryptSecret: (secret) => encryptSecret(secret, config.serverKey) },
          snapshot: async () => ({}),
          marketDefaults: { makerFeeE8: 100_000, takerFeeE8: 200_000, priceBandPercent: 0 },
        }),
      ],
    },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  t.after(async () => {
    io.release();
    const closing = app.close();
    app.server.closeAllConnections(); // a request a failed assertion left in flight would keep its connection for 72 s
    await closing;
    await exchange.close().catch(() => undefined); // rejects after a failure test: the sequencer is stopped
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    exchange,
    io,
    fatal,
    reached,
    http: (method, path, opts) => httpRequest(baseUrl, method, path, opts),
    admin: (method, path, body) =>
      httpRequest(baseUrl, method, path, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, ...(body === undefined ? {} : { body }) }),
  };
}

const ticks = async (n = 10): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

/** Wait (bounded) until `ready()` holds. */
async function until(what: string, ready: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !ready(); i++) await new Promise((r) => setTimeout(r, 1));
  assert.ok(ready(), `timed out waiting until ${what}`);
}

/** A request sent now, with a flag telling whether its answer has arrived. */
function watch<T>(answer: Promise<HttpAnswer<T>>): { readonly answer: Promise<HttpAnswer<T>>; done(): boolean } {
  let done = false;
  void answer.then(() => (done = true), () => (done = true));
  return { answer, done: () => done };
}

/**
 * Send a request and check that it is held: it reached the preHandler stage
 * and, given time to answer, did not.
 */
async function held<T>(s: Server, request: string, send: () => Promise<HttpAnswer<T>>): Promise<ReturnType<typeof watch<T>>> {
  const from = s.reached.length;
  const w = watch(send());
  await until(`${request} reaches the server`, () => s.reached.slice(from).includes(request));
  await ticks();
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(w.done(), false, `${request} answered while a registry change is not yet durable`);
  return w;
}

/** A user with an API key and a token, made through the admin API; the X-BM headers of an unsigned request with it. */
async function botHeaders(s: Server, email: string): Promise<() => Record<string, string>> {
  assert.equal((await s.admin('POST', '/admin/users', { email, password: 'correct horse battery' })).status, 200);
  const key = await s.admin<{ api_key: string; api_secret: string; memo: string }>('POST', `/admin/users/${email}/apikeys`, { memo: 'bot' });
  assert.equal(key.status, 200, key.text);
  const { api_key: apiKey, api_secret: apiSecret, memo } = key.body;
  const token = await s.http<{ access_token: string }>('POST', '/v2/authentication', {
    form: { grant_type: 'client_credentials', client_id: apiKey, client_secret: hmacSha256Hex(apiSecret, `${apiKey}:${apiSecret}:${memo}`) },
  });
  assert.equal(token.status, 200, token.text);
  return () => ({ 'x-bm-authorization': `Bearer ${token.body.access_token}`, 'x-bm-timestamp': String(Date.now()) });
}

type CurrencyList = Array<{ id: string }>;

test('a currency or market created through the admin API is in no read until its batch is durable; then it is', async (t) => {
  const s = await startServer(t);
  const { engine, sequencer } = s.exchange;
  assert.equal((await s.admin('POST', '/admin/currencies', { id: 'USDT', name: 'Tether', scale: 6 })).status, 200);

  s.io.hold();
  const created = watch(s.admin('POST', '/admin/currencies', { id: 'DOGE', name: 'Dogecoin', scale: 8 }));
  await until('the engine has applied DOGE', () => engine.currency('DOGE') !== undefined);
  assert.ok(sequencer.lastSeq > sequencer.durableSeq, 'its batch is in flight');
  const list = await held(s, 'GET /v2/currencies', () => s.http<CurrencyList>('GET', '/v2/currencies'));
  const adminList = await held(s, 'GET /admin/currencies', () => s.admin<CurrencyList>('GET', '/admin/currencies'));
  assert.equal(created.done(), false);
  s.io.release();
  assert.equal((await created.answer).status, 200);
  for (const r of [await list.answer, await adminList.answer]) {
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.map((c) => c.id), ['USDT', 'DOGE'], 'answered after the creation: with it');
  }

  s.io.hold();
  const market = watch(s.admin('POST', '/admin/markets', {
    symbol: 'DOGE_USDT', quote_increment: '0.000001', base_min_size: '1', base_max_size: '1000000', price_min_precision: 4, price_max_precision: 6,
  }));
  await until('the engine has applied DOGE_USDT', () => engine.market('DOGE_USDT') !== undefined);
  // Not "unknown symbol" before, not the details either: the answer waits.
  const details = await held(s, 'GET /v2/symbols/DOGE_USDT', () => s.http<{ base_currency: string }>('GET', '/v2/symbols/DOGE_USDT'));
  const symbols = await held(s, 'GET /v2/symbols', () => s.http<string[]>('GET', '/v2/symbols'));
  // The ticker and the book check inline (no preHandler): they wait all the same.
  const ticker = await held(s, 'GET /v2/ticker?symbol=DOGE_USDT', () => s.http<{ symbol_id: string }>('GET', '/v2/ticker?symbol=DOGE_USDT'));
  const tickers = await held(s, 'GET /v2/ticker', () => s.http<Array<{ symbol_id: string }>>('GET', '/v2/ticker'));
  const book = await held(s, 'GET /v2/symbols/DOGE_USDT/orders', () => s.http<{ buys: unknown[] }>('GET', '/v2/symbols/DOGE_USDT/orders'));
  s.io.release();
  const m = await market.answer;
  assert.equal(m.status, 200, m.text);
  const d = await details.answer;
  assert.equal(d.status, 200, d.text);
  assert.equal(d.body.base_currency, 'DOGE');
  assert.deepEqual((await symbols.answer).body, ['DOGE_USDT']);
  const t1 = await ticker.answer;
  assert.equal(t1.status, 200, t1.text);
  assert.equal(t1.body.symbol_id, 'DOGE_USDT');
  assert.deepEqual((await tickers.answer).body.map((x) => x.symbol_id), ['DOGE_USDT']);
  const b = await book.answer;
  assert.equal(b.status, 200, b.text);
  assert.deepEqual(b.body.buys, []);
});

test('the wallet, which lists every currency, waits for a currency creation in flight', async (t) => {
  const s = await startServer(t);
  assert.equal((await s.admin('POST', '/admin/currencies', { id: 'ETH', name: 'Ethereum', scale: 18 })).status, 200);
  const headers = await botHeaders(s, 'wen@example.com');
  type Wallet = Array<{ id: string }>;
  const wallet = () => s.http<Wallet>('GET', '/v2/wallet', { headers: headers() });
  assert.deepEqual((await wallet()).body.map((c) => c.id), ['ETH']);

  s.io.hold();
  const created = watch(s.admin('POST', '/admin/currencies', { id: 'DOGE', name: 'Dogecoin', scale: 8 }));
  await until('the engine has applied DOGE', () => s.exchange.engine.currency('DOGE') !== undefined);
  const w = await held(s, 'GET /v2/wallet', wallet);
  s.io.release();
  assert.equal((await created.answer).status, 200);
  const after = await w.answer;
  assert.equal(after.status, 200, after.text);
  assert.deepEqual(after.body.map((c) => c.id), ['ETH', 'DOGE']);
});

test('with no registry change in flight a registry read answers at once, even while a deposit batch is held', async (t) => {
  const s = await startServer(t);
  const { sequencer } = s.exchange;
  assert.equal((await s.admin('POST', '/admin/currencies', { id: 'ETH', name: 'Ethereum', scale: 18 })).status, 200);
  const user = await s.admin<{ user_id: number }>('POST', '/admin/users', { email: 'dee@example.com', password: 'correct horse battery' });
  assert.equal(user.status, 200, user.text);

  s.io.hold();
  const deposit = watch(s.admin('POST', '/admin/deposits', { user: 'dee@example.com', currency: 'ETH', amount: '1' }));
  await until('the deposit is applied', () => sequencer.lastSeq > sequencer.durableSeq);
  assert.equal(sequencer.registryDurable(), null);
  const currencies = await s.http<CurrencyList>('GET', '/v2/currencies');
  assert.equal(currencies.status, 200);
  assert.deepEqual(currencies.body.map((c) => c.id), ['ETH']);
  const users = await s.admin<Array<{ email: string }>>('GET', '/admin/users');
  assert.deepEqual(users.body.map((u) => u.email), ['dee@example.com']);
  assert.equal(deposit.done(), false, 'the deposit is still in flight: the reads did not wait for it');
  s.io.release();
  assert.equal((await deposit.answer).status, 200);
});

test('an API key revocation in flight: the key list and a second revocation wait until it is durable', async (t) => {
  const s = await startServer(t);
  const { engine } = s.exchange;
  const password = 'correct horse battery';
  assert.equal((await s.admin('POST', '/admin/users', { email: 'kim@example.com', password })).status, 200);
  const login = await s.http<{ csrf_token: string }>('POST', '/api/account/login', { body: { email: 'kim@example.com', password } });
  assert.equal(login.status, 200, login.text);
  const session = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] as string, 'x-csrf-token': login.body.csrf_token };
  const made = await s.http<{ api_key: string }>('POST', '/api/account/apikeys', { body: { memo: 'bot' }, headers: session });
  assert.equal(made.status, 200, made.text);
  const key = made.body.api_key;
  type KeyList = Array<{ api_key: string }>;
  const keys = () => s.http<KeyList>('GET', '/api/account/apikeys', { headers: session });
  assert.deepEqual((await keys()).body.map((k) => k.api_key), [key]);

  s.io.hold();
  const revoked = watch(s.http('DELETE', `/api/account/apikeys/${key}`, { headers: session }));
  await until('the engine has applied the revocation', () => engine.apiKey(key) === undefined);
  const list = await held(s, 'GET /api/account/apikeys', keys);
  // The engine no longer has the key: an immediate "not found" would show a revocation a crash could undo.
  const again = await held(s, `DELETE /api/account/apikeys/${key}`, () => s.http('DELETE', `/api/account/apikeys/${key}`, { headers: session }));
  s.io.release();
  assert.equal((await revoked.answer).status, 200);
  const after = await list.answer;
  assert.equal(after.status, 200, after.text);
  assert.deepEqual(after.body, [], 'answered after the revocation: without the key');
  assert.equal((await again.answer).status, 404);
});

test('a registry read waiting on a batch whose fsync fails is answered 500, not left hanging; later ones too', async (t) => {
  const s = await startServer(t);
  s.io.hold();
  const created = watch(s.admin('POST', '/admin/currencies', { id: 'DOGE', name: 'Dogecoin', scale: 8 }));
  await until('the engine has applied DOGE', () => s.exchange.engine.currency('DOGE') !== undefined);
  const list = await held(s, 'GET /v2/currencies', () => s.http('GET', '/v2/currencies'));
  s.io.failNext = new Error('EIO: the disk is gone');
  s.io.release();
  const failedWrite = await created.answer;
  const failedRead = await list.answer;
  assert.equal(s.fatal.length, 1, 'the sequencer stopped');
  for (const r of [failedWrite, failedRead, await s.http('GET', '/v2/currencies'), await s.admin('GET', '/admin/currencies')]) {
    assert.equal(r.status, 500, r.text);
    assert.deepEqual(r.body, { message: 'Internal server error', code: 5000 });
  }
  assert.equal((await s.http('GET', '/v2/ping')).status, 200, 'a route that reads no registry still answers');
});

test('own orders and trades by symbol wait for a market creation in flight (not an empty list for a market a crash could undo)', async (t) => {
  const s = await startServer(t);
  for (const [id, scale] of [['DOGE', 8], ['USDT', 6]] as const) {
    assert.equal((await s.admin('POST', '/admin/currencies', { id, name: id, scale })).status, 200);
  }
  const headers = await botHeaders(s, 'ola@example.com');
  s.io.hold();
  const market = watch(s.admin('POST', '/admin/markets', {
    symbol: 'DOGE_USDT', quote_increment: '0.000001', base_min_size: '1', base_max_size: '1000000', price_min_precision: 4, price_max_precision: 6,
  }));
  await until('the engine has applied DOGE_USDT', () => s.exchange.engine.market('DOGE_USDT') !== undefined);
  const orders = await held(s, 'GET /v2/orders?symbol=DOGE_USDT&status=0', () => s.http('GET', '/v2/orders?symbol=DOGE_USDT&status=0', { headers: headers() }));
  const trades = await held(s, 'GET /v2/trades?symbol=DOGE_USDT', () => s.http('GET', '/v2/trades?symbol=DOGE_USDT', { headers: headers() }));
  s.io.release();
  assert.equal((await market.answer).status, 200);
  const o = await orders.answer;
  assert.equal(o.status, 200, o.text);
  assert.deepEqual(o.body, { orders: [], total_pages: 0, total_orders: 0, current_page: 0 });
  const tr = await trades.answer;
  assert.equal(tr.status, 200, tr.text);
});
