/**
 * Every method of OpenmartClient against a REAL openmart server (the
 * server's test harness: real engine, sequencer, journal, SQLite store and
 * fastify on 127.0.0.1, with a ManualClock), requests counted by a wire tap
 * around the global fetch. Tokens, clock skew and rate limits use their own
 * exchanges with short token lifetimes or tiny limits.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { KLINE_STEPS } from '@openmart/protocol';
import {
  AuthenticationError,
  BadRequestError,
  InsufficientFundsError,
  NetworkError,
  OpenmartClient,
  OrderNotFoundError,
  RateLimitError,
  hmacClientSecret,
  type OpenmartClientOptions,
} from '../src/index.js';
import { startExchange, type ApiClient, type KeyMaterial, type TestExchange } from '../../server/test/http/harness.js';
import { realServerOptions } from './helpers/real-server.js';
import { wireTap, type WireTap } from './helpers/wire-tap.js';

const SYMBOL = 'BMX_ETH';

let ex: TestExchange;
/** Provides liquidity: asks 5 @ 0.0012 (2 of them taken by `taker`) and 3 @ 0.00125, a bid 10 @ 0.0009. */
let maker: ApiClient;
/** Bought 2 @ 0.0012 from the maker in before(). */
let taker: ApiClient;
let takerOrderId: number;

function client(key: KeyMaterial | undefined, extra: OpenmartClientOptions = {}): { om: OpenmartClient; tap: WireTap } {
  const tap = wireTap();
  const om = new OpenmartClient({ baseUrl: ex.baseUrl, ...(key ?? {}), fetch: tap.fetch, ...extra });
  return { om, tap };
}

async function raw(path: string, query?: Record<string, string | number>): Promise<unknown> {
  const r = await ex.http('GET', path, query === undefined ? {} : { query });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

before(async () => {
  ex = await startExchange();
  await ex.seedDocsMarket();
  maker = await ex.createTrader({ ETH: '10', BMX: '1000' });
  for (const o of [
    { side: 'sell', amount: '5', price: '0.0012' },
    { side: 'sell', amount: '3', price: '0.00125' },
    { side: 'buy', amount: '10', price: '0.0009' },
  ]) {
    const r = await maker.post('/v2/orders', { symbol: SYMBOL, ...o });
    assert.equal(r.status, 200, r.text);
  }
  taker = await ex.createTrader({ ETH: '10' });
  const r = await taker.post<{ entrust_id: number }>('/v2/orders', { symbol: SYMBOL, side: 'buy', amount: '2', price: '0.0012' });
  assert.equal(r.status, 200, r.text);
  takerOrderId = r.body.entrust_id;
});

after(async () => {
  await ex.close();
});

describe('public endpoints answer what the server answers', () => {
  test('ping, time, steps, currencies, symbols and symbol details', async () => {
    const { om, tap } = client(undefined);
    await om.ping();
    assert.deepEqual(await om.time(), { server_time: ex.clock.now() });
    assert.deepEqual(await om.steps(), [...KLINE_STEPS]);
    assert.deepEqual(await om.steps(), await raw('/v2/steps'));
    const currencies = await om.currencies();
    assert.deepEqual(currencies, await raw('/v2/currencies'));
    assert.deepEqual(currencies.map((c) => c.id).sort(), ['BMX', 'BTC', 'ETH']);
    assert.deepEqual(await om.symbols(), [SYMBOL]);
    const details = await om.symbolDetails(SYMBOL);
    assert.deepEqual(details, await raw(`/v2/symbols/${SYMBOL}`));
    assert.equal(details.quote_increment, '0.00000001');
    assert.equal(details.base_min_size, '0.01');
    const all = await om.symbolsDetails();
    assert.deepEqual(all, await raw('/v2/symbols_details'));
    assert.equal(all[0]?.id, SYMBOL);
    assert.ok(tap.sent.every((r) => r.headers['x-bm-authorization'] === undefined), 'public calls carry no token');
    assert.equal(tap.count('POST', '/v2/authentication'), 0);
  });

  test('ticker (one and all), order book, public trades and k-lines', async () => {
    const { om } = client(undefined);
    const t = await om.ticker(SYMBOL);
    assert.deepEqual(t, await raw('/v2/ticker', { symbol: SYMBOL }));
    assert.equal(t.current_price, '0.00120000');
    assert.equal(t.bid_1, '0.00090000');
    assert.equal(t.ask_1, '0.00120000');
    assert.equal(t.ask_1_amount, '3.00');
    const every = await om.ticker();
    assert.deepEqual(every, await raw('/v2/ticker'));
    assert.deepEqual(every.map((x) => x.symbol_id), [SYMBOL]);

    const book = await om.orderBook(SYMBOL);
    assert.deepEqual(book, await raw(`/v2/symbols/${SYMBOL}/orders`));
    assert.deepEqual(book.sells.map((l) => [l.price, l.amount, l.total, l.count]), [
      ['0.00120000', '3.00', '3.00', 1],
      ['0.00125000', '3.00', '6.00', 1],
    ]);
    assert.deepEqual(book.buys.map((l) => [l.price, l.amount]), [['0.00090000', '10.00']]);
    const coarse = await om.orderBook(SYMBOL, { precision: 6 });
    assert.deepEqual(coarse, await raw(`/v2/symbols/${SYMBOL}/orders`, { precision: 6 }));
    assert.deepEqual(coarse.sells.map((l) => l.price), ['0.001200', '0.001250']);

    const trades = await om.publicTrades(SYMBOL);
    assert.deepEqual(trades, await raw(`/v2/symbols/${SYMBOL}/trades`));
    assert.equal(trades.length, 1);
    assert.deepEqual({ ...trades[0], order_time: 0 }, { amount: '0.0024000000', order_time: 0, price: '0.00120000', count: '2.00', type: 'buy' });

    const now = ex.clock.now();
    const range = { step: 1, from: now - 3_600_000, to: now + 60_000 };
    const candles = await om.klines(SYMBOL, range);
    assert.deepEqual(candles, await raw(`/v2/symbols/${SYMBOL}/kline`, range));
    assert.equal(candles.length, 1);
    assert.equal(candles[0]?.volume, '2.00');
    assert.equal(candles[0]?.timestamp, Math.floor(now / 60_000) * 60_000);
  });
});

describe('account and orders', () => {
  test('wallet: what was deposited, as decimal strings', async () => {
    const trader = await ex.createTrader({ ETH: '10', BMX: '1000.5' });
    const { om } = client(trader.key);
    const wallet = await om.wallet();
    assert.deepEqual(wallet, (await trader.get('/v2/wallet')).body);
    const byId = Object.fromEntries(wallet.map((w) => [w.id, [w.available, w.frozen]]));
    assert.deepEqual(byId, { BMX: ['1000.5', '0'], ETH: ['10', '0'], BTC: ['0', '0'] });
  });

  test('place, get, list (pages and iterator), cancel one, cancel all of a side, cancel all', async () => {
    const trader = await ex.createTrader({ ETH: '10', BMX: '100' });
    const { om, tap } = client(trader.key);
    const a = await om.placeOrder({ symbol: SYMBOL, side: 'buy', amount: 2, price: '0.0005' });
    const b = await om.placeOrder({ symbol: SYMBOL, side: 'sell', amount: '1', price: 0.002 });
    const c = await om.placeOrder({ symbol: SYMBOL, side: 'buy', amount: '1', price: '0.0004' });
    assert.ok(Number.isInteger(a.entrust_id) && b.entrust_id > a.entrust_id && c.entrust_id > b.entrust_id);
    const placed = tap.sent.filter((r) => r.method === 'POST' && r.path === '/v2/orders');
    assert.deepEqual(JSON.parse(placed[0]?.body ?? ''), { symbol: SYMBOL, side: 'buy', amount: '2', price: '0.0005' });
    assert.ok(placed.every((r) => /^[0-9a-f]{64}$/.test(r.headers['x-bm-signature'] ?? '')));

    const order = await om.order(a.entrust_id);
    assert.deepEqual(order, (await trader.get(`/v2/orders/${a.entrust_id}`)).body);
    assert.deepEqual(
      { ...order, timestamp: 0 },
      {
        entrust_id: a.entrust_id, symbol: SYMBOL, timestamp: 0, side: 'buy', price: '0.00050000', fees: '0.00000000',
        original_amount: '2.00', executed_amount: '0.00', remaining_amount: '2.00', status: 1,
      },
    );
    const eth = (await om.wallet()).find((w) => w.id === 'ETH');
    assert.deepEqual([eth?.available, eth?.frozen], ['9.9986', '0.0014']);

    const open = await om.listOrders({ symbol: SYMBOL, status: 5 });
    assert.deepEqual(open, (await trader.get('/v2/orders', { symbol: SYMBOL, status: 5 })).body);
    assert.deepEqual(open.orders.map((o) => o.entrust_id), [c.entrust_id, b.entrust_id, a.entrust_id]);
    assert.equal(open.total_orders, 3);
    const page1 = await om.listOrders({ status: 5, offset: 1, limit: 2 });
    assert.deepEqual([page1.current_page, page1.total_pages, page1.total_orders], [1, 2, 3]);
    assert.deepEqual(page1.orders.map((o) => o.entrust_id), [a.entrust_id]);
    const iterated: number[] = [];
    for await (const o of om.iterateOrders({ symbol: SYMBOL, status: 5, limit: 2 })) iterated.push(o.entrust_id);
    assert.deepEqual(iterated, [c.entrust_id, b.entrust_id, a.entrust_id]);

    await om.cancelOrder(a.entrust_id);
    assert.equal((await om.order(a.entrust_id)).status, 4);
    await om.cancelAllOrders({ symbol: SYMBOL, side: 'buy' });
    assert.equal((await om.order(c.entrust_id)).status, 4);
    assert.equal((await om.order(b.entrust_id)).status, 1, 'the sell stays open');
    await om.cancelAllOrders({ symbol: SYMBOL });
    assert.equal((await om.order(b.entrust_id)).status, 4);
    assert.equal((await om.listOrders({ status: 5 })).total_orders, 0);
    assert.deepEqual((await om.listOrders({ status: 6 })).orders.map((o) => o.entrust_id), [c.entrust_id, b.entrust_id, a.entrust_id]);
    assert.deepEqual(
      (await om.wallet()).map((w) => [w.id, w.available, w.frozen]).sort(),
      [['BMX', '100', '0'], ['BTC', '0', '0'], ['ETH', '10', '0']],
    );
    assert.equal(tap.count('POST', '/v2/authentication'), 1, 'one token for the whole session');
  });

  test('user trades: by symbol, by order, paged and iterated; taker and maker', async () => {
    const { om } = client(taker.key);
    const fills = await om.userTrades({ symbol: SYMBOL });
    assert.deepEqual(fills, (await taker.get('/v2/trades', { symbol: SYMBOL })).body);
    assert.equal(fills.total_trades, 1);
    const f = fills.trades[0];
    assert.deepEqual(
      { ...f, trade_id: 0, timestamp: 0 },
      { trade_id: 0, entrust_id: takerOrderId, symbol: SYMBOL, price: '0.00120000', amount: '2.00', fees: '0.00400000', timestamp: 0, active: true },
    );
    const ofOrder = await om.userTrades({ entrustId: takerOrderId });
    assert.deepEqual(ofOrder.trades, fills.trades);
    assert.deepEqual((await om.userTrades({ offset: 0, limit: 10 })).trades, fills.trades);
    const iterated = [];
    for await (const t of om.iterateUserTrades({ symbol: SYMBOL })) iterated.push(t);
    assert.deepEqual(iterated, fills.trades);
    const makerFills = await client(maker.key).om.userTrades({ symbol: SYMBOL });
    assert.deepEqual(makerFills.trades.map((t) => [t.trade_id, t.active, t.amount]), [[f?.trade_id, false, '2.00']]);
  });
});

describe('authentication', () => {
  test('client_secret: the plain secret (seed) and the HMAC (later revision) both get a token', async () => {
    const trader = await ex.createTrader({ ETH: '1' });
    const { apiKey, apiSecret, memo } = trader.key;

    const plain = client({ apiKey, apiSecret, memo: undefined as unknown as string });
    const token = await plain.om.authenticate();
    assert.equal(token.expires_in, 900);
    assert.match(token.access_token, /\S{16,}/);
    const sentPlain = new URLSearchParams(plain.tap.sent[0]?.body);
    assert.equal(sentPlain.get('client_secret'), apiSecret);
    assert.equal(sentPlain.get('grant_type'), 'client_credentials');
    assert.equal(sentPlain.get('client_id'), apiKey);
    assert.equal((await plain.om.wallet()).find((w) => w.id === 'ETH')?.available, '1');

    const hmac = client(trader.key);
    assert.equal((await hmac.om.wallet()).find((w) => w.id === 'ETH')?.available, '1');
    const sentHmac = new URLSearchParams(hmac.tap.sent.find((r) => r.path === '/v2/authentication')?.body);
    assert.equal(sentHmac.get('client_secret'), await hmacClientSecret(apiKey, apiSecret, memo));
    assert.ok(hmac.tap.sent.every((r) => !(r.body ?? '').includes(apiSecret)), 'the hmac mode never sends the secret');

    const forcedPlain = client(trader.key, { clientSecretMode: 'plain' });
    await forcedPlain.om.wallet();
    assert.equal(new URLSearchParams(forcedPlain.tap.sent.find((r) => r.path === '/v2/authentication')?.body).get('client_secret'), apiSecret);

    const wrongMemo = client({ ...trader.key, memo: 'not the memo' });
    const err = await wrongMemo.om.wallet().then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof AuthenticationError, String(err));
    assert.equal(err.status, 401);
    assert.equal(err.errorName, 'INVALID_CREDENTIALS');
  });

  test('a key that requires signatures: reads need them too (sign: true), sign: "orders" is refused', async () => {
    const trader = await ex.createTrader({ ETH: '1' }, { requireSignature: true });
    assert.equal((await client(trader.key).om.wallet()).length, 3);
    const ordersOnly = client(trader.key, { sign: 'orders' });
    const err = await ordersOnly.om.wallet().then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof AuthenticationError, String(err));
    assert.equal(err.errorName, 'SIGNATURE_REQUIRED');
    assert.equal(ordersOnly.tap.count('GET', '/v2/wallet'), 1, 'a new token cannot fix it: not re-sent');
    const placed = await ordersOnly.om.placeOrder({ symbol: SYMBOL, side: 'buy', amount: '1', price: '0.0001' });
    assert.ok(placed.entrust_id > 0);
    await client(trader.key).om.cancelOrder(placed.entrust_id);
  });

  test('tokens are renewed: before they run out (client clock), and once after a 401 (server clock)', async (t) => {
    const short = await startExchange({ config: { tokenTtlSeconds: 10 } });
    t.after(() => short.close());
    await short.seedDocsMarket();
    const trader = await short.createTrader({ ETH: '1' });
    let shift = 0;
    const tap = wireTap();
    const om = new OpenmartClient({ baseUrl: short.baseUrl, ...trader.key, fetch: tap.fetch, clock: () => Date.now() + shift });
    const token = await om.authenticate();
    assert.equal(token.expires_in, 10);
    await om.wallet();
    await om.wallet();
    assert.equal(tap.count('POST', '/v2/authentication'), 1);

    shift += 6_000; // past half the lifetime: renewed before use
    await om.wallet();
    assert.equal(tap.count('POST', '/v2/authentication'), 2);
    assert.deepEqual(tap.sent.filter((r) => r.path === '/v2/wallet').map((r) => r.status), [200, 200, 200]);

    short.clock.advance(11_000); // the server says the token expired; the client thinks it is good
    await om.wallet();
    assert.equal(tap.count('POST', '/v2/authentication'), 3);
    assert.deepEqual(tap.sent.filter((r) => r.path === '/v2/wallet').map((r) => r.status), [200, 200, 200, 401, 200]);
    const [first, second] = tap.sent.filter((r) => r.path === '/v2/wallet').slice(-2);
    assert.notEqual(first?.headers['x-bm-authorization'], second?.headers['x-bm-authorization']);
  });
});

describe('clock skew', () => {
  test('a client clock 45 s off works as is (inside the 60 s window)', async () => {
    const trader = await ex.createTrader({ ETH: '1' });
    const { om, tap } = client(trader.key, { syncClock: false, clock: () => ex.clock.now() + 45_000 });
    assert.equal((await om.wallet()).length, 3);
    assert.equal(tap.count('GET', '/v2/time'), 0);
    assert.equal(tap.sent.find((r) => r.path === '/v2/wallet')?.headers['x-bm-timestamp'], String(ex.clock.now() + 45_000));
  });

  test('90 s off: refused as an expired request without syncing, corrected by GET /v2/time with it', async () => {
    const trader = await ex.createTrader({ ETH: '1' });
    const unsynced = client(trader.key, { syncClock: false, clock: () => ex.clock.now() + 90_000 });
    const err = await unsynced.om.wallet().then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof AuthenticationError, String(err));
    assert.equal(err.errorName, 'EXPIRED_REQUEST');
    assert.match(err.message, /Unauthorized: expired request/);

    const synced = client(trader.key, { clock: () => ex.clock.now() + 90_000 });
    assert.equal((await synced.om.wallet()).length, 3);
    assert.equal(synced.tap.count('GET', '/v2/time'), 1);
    assert.equal(synced.om.clockOffsetMs, -90_000);
    assert.equal(synced.tap.sent.find((r) => r.path === '/v2/wallet')?.headers['x-bm-timestamp'], String(ex.clock.now()));
  });

  test('syncClock, clockOffsetMs, serverTime; a background resync stops with close()', async () => {
    const { om, tap } = client(undefined, { clock: () => ex.clock.now() - 30_000, clockResyncIntervalMs: 20 });
    assert.equal(await om.syncClock(), 30_000);
    assert.equal(om.clockOffsetMs, 30_000);
    assert.equal(om.serverTime(), ex.clock.now());
    await new Promise((r) => setTimeout(r, 150));
    const synced = tap.count('GET', '/v2/time');
    assert.ok(synced >= 3, `resynced in the background (${synced} syncs)`);
    om.close();
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(tap.count('GET', '/v2/time'), synced, 'no resync after close()');
  });

  test('a clock that jumps 90 s after the first sync corrects itself on the "expired request" 401', async () => {
    const trader = await ex.createTrader({ ETH: '1' });
    let skew = 0;
    const { om, tap } = client(trader.key, { clock: () => ex.clock.now() + skew });
    await om.wallet();
    assert.equal(tap.count('GET', '/v2/time'), 1);
    skew = 90_000;
    assert.equal((await om.wallet()).length, 3);
    assert.equal(tap.count('GET', '/v2/time'), 2, 'resynced once');
    assert.deepEqual(tap.sent.filter((r) => r.path === '/v2/wallet').map((r) => r.status), [200, 401, 200]);
    assert.equal(om.clockOffsetMs, -90_000);
  });
});

describe('retries and rate limits', () => {
  test('429 with Retry-After: reads wait and retry, a thrown RateLimitError carries retryAfter', async (t) => {
    const limited = await startExchange({
      config: { rateLimits: { enabled: true, perMinute: { token: 5, public: 2, privateRead: 60, order: 90, account: 30, login: 10 } } },
    });
    t.after(() => limited.close());
    const sleeps: number[] = [];
    // Waiting moves the server's clock: the retry lands in the next one-minute window.
    const sleep = async (ms: number) => {
      sleeps.push(ms);
      limited.clock.advance(ms);
    };
    const tap = wireTap();
    const om = new OpenmartClient({ baseUrl: limited.baseUrl, fetch: tap.fetch, sleep });
    await om.ping();
    await om.ping();
    await om.ping();
    assert.deepEqual(tap.sent.map((r) => r.status), [200, 200, 429, 200]);
    assert.deepEqual(sleeps, [60_000]);

    const once = new OpenmartClient({ baseUrl: limited.baseUrl, retries: 0, sleep });
    await once.ping();
    const err = await once.ping().then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof RateLimitError, String(err));
    assert.equal(err.status, 429);
    assert.equal(err.errorName, 'RATE_LIMITED');
    assert.equal(err.retryAfter, 60);
    assert.deepEqual(sleeps, [60_000], 'no retry with retries: 0');

    const impatient = wireTap();
    const capped = new OpenmartClient({ baseUrl: limited.baseUrl, fetch: impatient.fetch, sleep, maxRetryAfterMs: 5_000 });
    const capErr = await capped.ping().then(() => undefined, (e: unknown) => e);
    assert.ok(capErr instanceof RateLimitError && capErr.retryAfter === 60, String(capErr));
    assert.equal(impatient.sent.length, 1, 'a Retry-After above maxRetryAfterMs is thrown, not waited for');
  });

  test('the client-side limiter queues instead of meeting the server 429', async (t) => {
    const limited = await startExchange({
      config: { rateLimits: { enabled: true, perMinute: { token: 5, public: 2, privateRead: 60, order: 90, account: 30, login: 10 } } },
    });
    t.after(() => limited.close());
    const waits: number[] = [];
    const tap = wireTap();
    const om = new OpenmartClient({
      baseUrl: limited.baseUrl,
      fetch: tap.fetch,
      clock: () => limited.clock.now(),
      sleep: async (ms) => {
        waits.push(ms);
        limited.clock.advance(ms);
      },
      rateLimit: { requestsPerMinute: 100, perClass: { public: 2 } },
    });
    for (let i = 0; i < 5; i++) await om.ping();
    assert.deepEqual(tap.sent.map((r) => r.status), [200, 200, 200, 200, 200]);
    assert.deepEqual(waits, [60_000, 60_000]);
  });

  test('a rate-limited order is never re-sent; a rate-limited cancel is', async (t) => {
    const limited = await startExchange({
      config: { rateLimits: { enabled: true, perMinute: { token: 5, public: 90, privateRead: 60, order: 1, account: 30, login: 10 } } },
    });
    t.after(() => limited.close());
    await limited.seedDocsMarket();
    const trader = await limited.createTrader({ ETH: '1' });
    const sleeps: number[] = [];
    const tap = wireTap();
    const om = new OpenmartClient({
      baseUrl: limited.baseUrl,
      ...trader.key,
      fetch: tap.fetch,
      sleep: async (ms) => {
        sleeps.push(ms);
        limited.clock.advance(ms);
      },
    });
    const { entrust_id } = await om.placeOrder({ symbol: SYMBOL, side: 'buy', amount: '1', price: '0.0001' });
    const err = await om.placeOrder({ symbol: SYMBOL, side: 'buy', amount: '1', price: '0.0001' }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof RateLimitError, String(err));
    assert.equal(tap.count('POST', '/v2/orders'), 2, 'one request per placeOrder');
    assert.deepEqual(sleeps, []);

    await om.cancelOrder(entrust_id);
    assert.deepEqual(tap.sent.filter((r) => r.method === 'DELETE').map((r) => r.status), [429, 200]);
    assert.equal(sleeps.length, 1);
    assert.equal((await om.listOrders({ status: 5 })).total_orders, 0);
  });

  test('a refused order (insufficient funds, 400) is sent exactly once', async () => {
    const trader = await ex.createTrader({ ETH: '1' });
    const { om, tap } = client(trader.key);
    const err = await om.placeOrder({ symbol: SYMBOL, side: 'buy', amount: '10000', price: '0.001' }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof InsufficientFundsError, String(err));
    assert.ok(err instanceof BadRequestError);
    assert.equal(err.status, 400);
    assert.equal(err.errorName, 'INSUFFICIENT_BALANCE');
    assert.equal(err.attempts, 1);
    assert.equal(tap.count('POST', '/v2/orders'), 1);
    assert.deepEqual((await om.wallet()).find((w) => w.id === 'ETH'), { id: 'ETH', name: 'Ethereum', available: '1', frozen: '0' });
  });

  test('a dropped connection: the order POST is not re-sent, a read is', async () => {
    const trader = await ex.createTrader({ ETH: '1' });
    let dropWallet = 1;
    const tap = wireTap((req) => {
      const drop = (req.method === 'POST' && req.path === '/v2/orders') || (req.path === '/v2/wallet' && dropWallet-- > 0);
      return drop ? Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) })) : undefined;
    });
    const om = new OpenmartClient({ baseUrl: ex.baseUrl, ...trader.key, fetch: tap.fetch, sleep: async () => {} });
    const err = await om.placeOrder({ symbol: SYMBOL, side: 'buy', amount: '1', price: '0.0001' }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof NetworkError, String(err));
    assert.equal(err.status, 0);
    assert.equal(tap.count('POST', '/v2/orders'), 1);
    assert.equal((await om.wallet()).length, 3);
    assert.deepEqual(tap.sent.filter((r) => r.path === '/v2/wallet').map((r) => r.status), [0, 200]);
  });
});

describe('error classes by status', () => {
  test('400 BadRequestError, 401 AuthenticationError, 404 OrderNotFoundError, network errors; no secret in any', async () => {
    const trader = await ex.createTrader({ ETH: '1' });
    const { om } = client(trader.key);
    const failure = (p: Promise<unknown>) => p.then(() => assert.fail('expected a failure'), (e: unknown) => e);

    const unknown = await failure(om.placeOrder({ symbol: 'NOPE_ETH', side: 'buy', amount: '1', price: '0.001' }));
    assert.ok(unknown instanceof BadRequestError && !(unknown instanceof InsufficientFundsError), String(unknown));
    assert.equal(unknown.errorName, 'UNKNOWN_SYMBOL');
    const offStep = await failure(om.placeOrder({ symbol: SYMBOL, side: 'buy', amount: '0.001', price: '0.001' }));
    assert.ok(offStep instanceof BadRequestError);
    assert.equal(offStep.status, 400);
    const precision = await failure(om.orderBook(SYMBOL, { precision: 3 }));
    assert.ok(precision instanceof BadRequestError);
    assert.equal(precision.errorName, 'INVALID_PARAMETER');

    const missing = await failure(om.order(999_999));
    assert.ok(missing instanceof OrderNotFoundError, String(missing));
    assert.equal(missing.status, 404);
    const othersOrder = (await client(maker.key).om.listOrders({ status: 5 })).orders[0];
    assert.ok(othersOrder !== undefined);
    const notMine = await failure(om.cancelOrder(othersOrder.entrust_id));
    assert.ok(notMine instanceof OrderNotFoundError, String(notMine));
    assert.equal((await client(maker.key).om.order(othersOrder.entrust_id)).status, othersOrder.status, 'untouched');

    const wrongSecret = 'f'.repeat(32);
    const bad = client({ ...trader.key, apiSecret: wrongSecret });
    const denied = await failure(bad.om.wallet());
    assert.ok(denied instanceof AuthenticationError, String(denied));
    assert.equal(denied.status, 401);
    assert.match(denied.message, /Unauthorized/);
    for (const e of [denied, unknown, missing]) {
      const text = `${String(e)} ${JSON.stringify(e)} ${(e as Error).stack ?? ''}`;
      assert.ok(!text.includes(trader.key.apiSecret) && !text.includes(wrongSecret), 'no secret in errors');
    }

    const closed = await (async () => {
      const probe = await startExchange();
      const url = probe.baseUrl;
      await probe.close();
      return url;
    })();
    const down = new OpenmartClient({ baseUrl: closed, retries: 0 });
    const net = await failure(down.ping());
    assert.ok(net instanceof NetworkError, String(net));
    assert.equal(net.status, 0);
  });
});

describe('the README', () => {
  test('its "Ten lines" example runs against the server: ticker, place, get, cancel', async () => {
    const readme = await import('node:fs').then((fs) => fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8'));
    const section = /## Ten lines\s+```ts\n([\s\S]*?)```/.exec(readme);
    assert.ok(section !== null, 'README has a "Ten lines" ts block');
    const snippet = section[1] as string;
    assert.match(snippet, /^import \{ OpenmartClient \} from '@openmart\/sdk';$/m);
    const body = snippet
      .replace(/^import .*$/gm, '')
      .replace("'http://127.0.0.1:8080'", JSON.stringify(ex.baseUrl));
    const memo = /memo: '([^']*)'/.exec(snippet)?.[1];
    assert.ok(memo !== undefined, 'the example passes a memo');
    const accountId = await ex.createUser();
    const key = await ex.createApiKey(accountId, { memo });
    await ex.deposit(accountId, 'ETH', '1');

    const logged: unknown[][] = [];
    const fakeConsole = { log: (...args: unknown[]) => logged.push(args) };
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
    const run = new AsyncFunction('OpenmartClient', 'KEY', 'SECRET', 'console', body);
    await run(OpenmartClient, key.apiKey, key.apiSecret, fakeConsole);

    assert.deepEqual(logged[0], ['0.00120000', '0.00090000', '0.00120000']);
    const order = logged[1]?.[0] as { entrust_id: number; status: number; price: string; side: string };
    assert.deepEqual([order.side, order.price, order.status], ['buy', '0.00090000', 1]);
    const now = await client(key).om.order(order.entrust_id);
    assert.equal(now.status, 4, 'cancelled by the example');
  });
});

describe('an external server (OPENMART_URL, optional)', () => {
  const external = realServerOptions();
  test('public endpoints, and the wallet when a key is given', { skip: external === undefined ? 'OPENMART_URL is not set' : false }, async () => {
    const om = new OpenmartClient(external);
    await om.ping();
    assert.ok(Number.isInteger((await om.time()).server_time));
    const symbols = await om.symbols();
    assert.ok(Array.isArray(symbols));
    if (symbols[0] !== undefined) assert.equal((await om.ticker(symbols[0])).symbol_id, symbols[0]);
    if (external?.apiKey !== undefined) assert.ok(Array.isArray(await om.wallet()));
  });
});
