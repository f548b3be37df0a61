/**
 * The route schemas serialize bodies (fast-json-stringify) and describe
 * requests without validating them. Checked on a second app over the same
 * exchange whose first plugin records, for every answer, the handler's value
 * through JSON.stringify (preSerialization) and compares it with the bytes
 * sent (onSend): no field dropped, moved or retyped, on every route.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { ApiClient, httpRequest, startExchange, type TestExchange } from './harness.js';

interface Recorder {
  readonly routes: Set<string>;
  readonly ok: Set<string>;
  readonly mismatches: string[];
  checked: number;
}

function recorderPlugin(rec: Recorder): FastifyPluginAsync {
  const expected = new WeakMap<FastifyRequest, string>();
  const plugin = async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRoute', (route) => {
      const url = route.url ?? route.path;
      if (!url.startsWith('/v2/') && !url.startsWith('/api/account/')) return;
      for (const m of Array.isArray(route.method) ? route.method : [route.method]) if (m !== 'HEAD') rec.routes.add(`${m} ${url}`);
    });
    app.addHook('preSerialization', async (request, _reply, payload) => {
      expected.set(request, JSON.stringify(payload));
      return payload;
    });
    app.addHook('onSend', async (request, reply, payload) => {
      let want = expected.get(request);
      // A handler that sent a JSON text (the ticker and the book, cached with the market data's
      // objects: serialized-bodies.ts) skips preSerialization; its text must still be plain JSON.
      // That it is the handler value's JSON.stringify is checked against the market data below.
      if (want === undefined && typeof payload === 'string' && reply.statusCode === 200) want = JSON.stringify(JSON.parse(payload));
      if (want === undefined) return payload;
      rec.checked++;
      const route = `${request.method} ${request.routeOptions.url}`;
      if (reply.statusCode === 200) rec.ok.add(route);
      if (payload !== want) rec.mismatches.push(`${route} ${reply.statusCode}\n  value: ${want}\n  sent:  ${String(payload)}`);
      const type = reply.getHeader('content-type');
      if (typeof type !== 'string' || !type.startsWith('application/json')) rec.mismatches.push(`${route}: content-type ${String(type)}`);
      return payload;
    });
  };
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
  return plugin;
}

let ex: TestExchange;
let mirror: FastifyInstance;
let mirrorUrl: string;
const rec: Recorder = { routes: new Set(), ok: new Set(), mismatches: [], checked: 0 };

/** A trader of `ex` that talks to the recording app. */
async function trader(deposits: Record<string, string>): Promise<ApiClient> {
  const t = await ex.createTrader(deposits);
  return new ApiClient({ ...ex, baseUrl: mirrorUrl }, t.key, t.accountId);
}

before(async () => {
  ex = await startExchange();
  await ex.seedDocsMarket();
  mirror = await buildApp(
    { engine: ex.exchange.engine, sequencer: ex.exchange.sequencer, store: ex.store, marketData: ex.marketData, balances: ex.balances, clock: ex.clock, config: ex.config },
    { logger: false, preRoutes: [recorderPlugin(rec)] },
  );
  await mirror.listen({ port: 0, host: '127.0.0.1' });
  const addr = mirror.server.address();
  mirrorUrl = `http://127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : 0}`;
});

after(async () => {
  await mirror.close();
  await ex.close();
});

test('every /v2 and account answer is byte for byte JSON.stringify of the handler value (fills, cancels, lists, tickers, errors)', async () => {
  const alice = await trader({ ETH: '10', BMX: '1000' });
  const bob = await trader({ ETH: '10', BMX: '1000' });
  const get = (path: string, query?: Record<string, string | number>) => httpRequest(mirrorUrl, 'GET', path, query === undefined ? {} : { query });

  const placed: number[] = [];
  for (const [who, side, amount, price] of [
    [alice, 'buy', 2, '0.00100000'],
    [alice, 'buy', '1.5', 0.00099],
    [bob, 'sell', '1.25', '0.00098'],
    [bob, 'sell', 3, '0.00105'],
    [alice, 'sell', '0.5', '0.002'],
  ] as const) {
    const r = await who.post<{ entrust_id: number }>('/v2/orders', { symbol: 'BMX_ETH', side, amount, price });
    assert.equal(r.status, 200, r.text);
    placed.push(r.body.entrust_id);
  }
  assert.equal((await alice.delete(`/v2/orders/${placed[1]}`)).status, 200);
  assert.equal((await alice.delete('/v2/orders', { query: { symbol: 'BMX_ETH', side: 'sell' } })).status, 200);

  for (const path of ['/v2/ping', '/v2/time', '/v2/steps', '/v2/currencies', '/v2/symbols', '/v2/symbols_details', '/v2/symbols/BMX_ETH', '/v2/symbols/bmx_eth/trades']) {
    assert.equal((await get(path)).status, 200, path);
  }
  const all = await get('/v2/ticker');
  assert.ok(Array.isArray(all.body) && all.body.length === 1);
  const one = await get('/v2/ticker', { symbol: 'BMX_ETH' });
  assert.equal((one.body as { symbol_id: string }).symbol_id, 'BMX_ETH');
  assert.equal((await get('/v2/symbols/BMX_ETH/kline', { step: 1 })).status, 200);
  const book = await get('/v2/symbols/BMX_ETH/orders', { precision: 6 });
  assert.equal(book.status, 200);
  assert.equal(book.text, JSON.stringify(ex.marketData.book('BMX_ETH', 6)), 'the book as the market data holds it');
  assert.equal(one.text, JSON.stringify(ex.marketData.ticker('BMX_ETH', ex.clock.now())), 'the ticker as the market data holds it');
  assert.equal((await get('/v2/symbols/BMX_ETH/orders')).text, JSON.stringify(ex.marketData.book('BMX_ETH')), 'default precision');

  assert.equal((await alice.get('/v2/wallet')).status, 200);
  const orders = await alice.get<{ orders: Array<Record<string, unknown>> }>('/v2/orders', { status: 0 });
  assert.equal(orders.status, 200);
  assert.ok(orders.body.orders.length >= 3);
  assert.equal((await alice.get('/v2/orders', { status: 5, offset: 0, limit: 1 })).status, 200);
  assert.equal((await alice.get('/v2/orders', { status: 6, offset: 9, limit: 10 })).status, 200, 'a page past the end');
  assert.equal((await alice.get(`/v2/orders/${placed[0]}`)).status, 200);
  assert.equal((await alice.get('/v2/trades')).status, 200);
  assert.equal((await bob.get('/v2/trades', { entrust_id: placed[2] as number })).status, 200);

  // Errors go through the same path, with the error schemas.
  assert.equal((await get('/v2/ticker', { symbol: 'NOPE_ETH' })).status, 400);
  assert.equal((await alice.get('/v2/orders/999999')).status, 404);
  assert.equal((await httpRequest(mirrorUrl, 'GET', '/v2/wallet')).status, 401);

  // The account routes of the web pages.
  const email = 'carol@example.com';
  const password = 'correct horse battery';
  assert.equal((await httpRequest(mirrorUrl, 'POST', '/api/account/signup', { body: { email, password } })).status, 200);
  const login = await httpRequest<{ csrf_token: string }>(mirrorUrl, 'POST', '/api/account/login', { body: { email, password } });
  assert.equal(login.status, 200);
  const headers = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] as string, 'x-csrf-token': login.body.csrf_token };
  const as = (method: string, path: string, body?: unknown) => httpRequest(mirrorUrl, method, path, { headers, ...(body === undefined ? {} : { body }) });
  assert.equal((await as('GET', '/api/account/me')).status, 200);
  assert.equal((await as('GET', '/api/account/balances')).status, 200);
  const key = await as('POST', '/api/account/apikeys', { memo: 'bot', require_signature: true });
  assert.equal(key.status, 200);
  assert.equal((await as('GET', '/api/account/apikeys')).status, 200);
  assert.equal((await as('DELETE', `/api/account/apikeys/${(key.body as { api_key: string }).api_key}`)).status, 200);
  assert.equal((await as('POST', '/api/account/logout')).status, 200);

  // The token endpoint answered 200 for each trader (authenticate() goes through the mirror).
  assert.deepEqual(rec.mismatches, []);
  assert.ok(rec.checked > 30, String(rec.checked));
  const untested = [...rec.routes].filter((r) => !rec.ok.has(r));
  assert.deepEqual(untested, [], 'every route answered 200 at least once');
});

test('wire types survive serialization: decimals stay strings, ids and timestamps integers, status and side as sent', async () => {
  const dave = await trader({ ETH: '1', BMX: '10' });
  const r = await dave.post<{ entrust_id: number }>('/v2/orders', { symbol: 'BMX_ETH', side: 'buy', amount: '1', price: '0.001' });
  const order = await dave.get(`/v2/orders/${r.body.entrust_id}`);
  assert.equal(
    order.text,
    `{"entrust_id":${r.body.entrust_id},"symbol":"BMX_ETH","timestamp":${ex.clock.now()},"side":"buy","price":"0.00100000","fees":"0.00000000","original_amount":"1.00","executed_amount":"0.00","remaining_amount":"1.00","status":1}`,
  );
  const wallet = await dave.get('/v2/wallet');
  assert.equal(
    wallet.text,
    '[{"id":"BMX","name":"BitMart Token","available":"10","frozen":"0"},{"id":"ETH","name":"Ethereum","available":"0.999","frozen":"0.001"},{"id":"BTC","name":"Bitcoin","available":"0","frozen":"0"}]',
  );
  const details = await httpRequest(mirrorUrl, 'GET', '/v2/symbols_details');
  assert.match(details.text, /^\[\{"id":"BMX_ETH","base_currency":"BMX",/, '`id` stays first');
  const detail = await httpRequest(mirrorUrl, 'GET', '/v2/symbols/BMX_ETH');
  assert.ok(!detail.text.includes('"id"'), 'no id on /v2/symbols/{symbol}');
  assert.equal((await httpRequest(mirrorUrl, 'GET', '/v2/ping')).text, '{}');
  assert.equal((await dave.delete(`/v2/orders/${r.body.entrust_id}`)).text, '{}');
});

test('request schemas describe only: lenient parameters and our own 400 messages are unchanged', async () => {
  const erin = await trader({ ETH: '1', BMX: '10' });
  const missing = await erin.get('/v2/orders');
  assert.equal(missing.status, 400);
  assert.equal((missing.body as { message: string }).message, "Required Integer parameter 'status' is not present");
  const notInt = await erin.get('/v2/orders', { status: 'abc' });
  assert.equal((notInt.body as { message: string }).message, "Parameter 'status' must be an integer");
  // Parameters in the query of a POST, numbers as strings, no JSON content type: still an order.
  const q = await erin.request<{ entrust_id: number }>('POST', '/v2/orders', { query: { symbol: 'BMX_ETH', side: 'BUY', amount: '1', price: '0.0005' } });
  assert.equal(q.status, 200, q.text);
  const text = await erin.request('POST', '/v2/orders', {
    body: { symbol: 'bmx_eth', side: 'buy', amount: 1, price: 0.0005 },
    headers: { 'content-type': 'text/plain;charset=utf-8' },
  });
  assert.equal(text.status, 200, text.text);
  const noSide = await erin.post('/v2/orders', { symbol: 'BMX_ETH', amount: 1, price: '0.0005' });
  assert.equal((noSide.body as { message: string }).message, "Required String parameter 'side' is not present");
  // The token endpoint from the query string, although documented as a form body.
  const t = await httpRequest(mirrorUrl, 'POST', '/v2/authentication', { query: { grant_type: 'client_credentials', client_id: erin.key.apiKey, client_secret: erin.key.apiSecret } });
  assert.equal(t.status, 200, t.text);
  const grant = await httpRequest(mirrorUrl, 'POST', '/v2/authentication', { form: { client_id: 'x', client_secret: 'y' } });
  assert.deepEqual(grant.body, { message: "grant_type must be 'client_credentials'", code: 1003 });
  // A missing X-BM-TIMESTAMP is our 401, not a header validation error.
  const noTs = await httpRequest(mirrorUrl, 'GET', '/v2/wallet', { headers: { 'x-bm-authorization': `Bearer ${erin.token ?? ''}` } });
  assert.equal(noTs.status, 401);
  assert.equal((noTs.body as { code: number }).code, 2004);
});
