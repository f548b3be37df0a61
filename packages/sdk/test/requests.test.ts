/** Request shapes of every endpoint (paths, queries, bodies, headers), through an injected fetch. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OpenmartClient, canonicalString, hmacSha256Hex } from '../src/index.js';
import { contractLike } from './helpers/fetch-recorder.js';

const SECRET = '8c08d9d5c3d15b105dbddaf96e427ac6';
const creds = { apiKey: '6591f7c2491db0a23a1d8ad6911c825e', apiSecret: SECRET };

function lastTo(fetch: ReturnType<typeof contractLike>, path: string) {
  const r = [...fetch.sent].reverse().find((s) => s.url.pathname === path);
  assert.ok(r, `no request to ${path}`);
  return r;
}

test('public endpoints use their documented paths and queries', async () => {
  const fetch = contractLike();
  const om = new OpenmartClient({ baseUrl: 'http://exchange.test:9000/', fetch });
  await om.ping();
  await om.time();
  await om.steps();
  await om.currencies();
  await om.symbols();
  await om.symbolDetails('BMX_ETH');
  await om.symbolsDetails();
  await om.ticker();
  await om.ticker('BMX_ETH');
  await om.klines('BMX_ETH', { step: 15, from: 1527777538000, to: 1527777638000 });
  await om.orderBook('BMX_ETH', { precision: 6 });
  await om.orderBook('BMX_ETH');
  await om.publicTrades('BMX_ETH');
  const seen = fetch.sent.map((s) => `${s.method} ${s.url.pathname}${s.url.search}`);
  assert.deepEqual(seen, [
    'GET /v2/ping',
    'GET /v2/time',
    'GET /v2/steps',
    'GET /v2/currencies',
    'GET /v2/symbols',
    'GET /v2/symbols/BMX_ETH',
    'GET /v2/symbols_details',
    'GET /v2/ticker',
    'GET /v2/ticker?symbol=BMX_ETH',
    'GET /v2/symbols/BMX_ETH/kline?step=15&from=1527777538000&to=1527777638000',
    'GET /v2/symbols/BMX_ETH/orders?precision=6',
    'GET /v2/symbols/BMX_ETH/orders',
    'GET /v2/symbols/BMX_ETH/trades',
  ]);
  assert.ok(fetch.sent.every((s) => s.url.origin === 'http://exchange.test:9000'));
  assert.ok(fetch.sent.every((s) => s.headers['x-bm-authorization'] === undefined), 'public calls carry no token');
});

test('path parameters are URL-encoded', async () => {
  const fetch = contractLike();
  await new OpenmartClient({ fetch }).symbolDetails('A/B C');
  assert.equal(fetch.sent[0]?.url.pathname, '/v2/symbols/A%2FB%20C');
});

test('ticker returns one object for a symbol and an array without', async () => {
  const t = { symbol_id: 'BMX_ETH', current_price: '0.0005' };
  const fetch = contractLike((req) => (req.url.pathname === '/v2/ticker' ? { json: req.url.searchParams.has('symbol') ? t : [t] } : undefined));
  const om = new OpenmartClient({ fetch });
  const one = await om.ticker('BMX_ETH');
  const all = await om.ticker();
  assert.equal(one.current_price, '0.0005');
  assert.equal(all[0]?.symbol_id, 'BMX_ETH');
});

test('the token request is form-encoded with the plain secret by default', async () => {
  const fetch = contractLike();
  await new OpenmartClient({ fetch, ...creds }).wallet();
  const auth = lastTo(fetch, '/v2/authentication');
  assert.equal(auth.method, 'POST');
  assert.equal(auth.headers['content-type'], 'application/x-www-form-urlencoded');
  const form = new URLSearchParams(auth.body);
  assert.equal(form.get('grant_type'), 'client_credentials');
  assert.equal(form.get('client_id'), creds.apiKey);
  assert.equal(form.get('client_secret'), SECRET);
});

test('with a memo the client_secret is the HMAC of key:secret:memo', async () => {
  const fetch = contractLike();
  await new OpenmartClient({ fetch, ...creds, memo: 'mymemo' }).wallet();
  const form = new URLSearchParams(lastTo(fetch, '/v2/authentication').body);
  assert.equal(form.get('client_secret'), '18b9beb027d9ee75202655f37344ea5829c5c0d66a0781bf642bb3e944cf5019');
});

test('clientSecretMode plain sends the secret even with a memo', async () => {
  const fetch = contractLike();
  await new OpenmartClient({ fetch, ...creds, memo: 'mymemo', clientSecretMode: 'plain' }).wallet();
  assert.equal(new URLSearchParams(lastTo(fetch, '/v2/authentication').body).get('client_secret'), SECRET);
});

test('hmac mode without a memo is refused at construction', () => {
  assert.throws(() => new OpenmartClient({ ...creds, clientSecretMode: 'hmac' }), TypeError);
});

test('authenticated calls carry bearer token and a digits-only timestamp', async () => {
  const fetch = contractLike();
  const om = new OpenmartClient({ fetch, ...creds });
  await om.wallet();
  const w = lastTo(fetch, '/v2/wallet');
  assert.equal(w.headers['x-bm-authorization'], 'Bearer token-1');
  assert.match(w.headers['x-bm-timestamp'] ?? '', /^\d{13}$/);
  assert.equal(w.headers['x-bm-signature'], await hmacSha256Hex(SECRET, ''), 'a read without parameters signs the empty string');
});

test('reads are signed with their query parameters (keys may require signatures)', async () => {
  const fetch = contractLike();
  const om = new OpenmartClient({ fetch, ...creds });
  await om.listOrders({ symbol: 'BMX_ETH', status: 5, offset: 0, limit: 10 });
  assert.equal(lastTo(fetch, '/v2/orders').headers['x-bm-signature'], await hmacSha256Hex(SECRET, 'limit=10&offset=0&status=5&symbol=BMX_ETH'));
  await om.order(1223181);
  assert.equal(lastTo(fetch, '/v2/orders/1223181').headers['x-bm-signature'], 'de4ed768cea4eb2f0fe081009eab1f41c5fd6ff6ed53768df7fe252472c257b3');
  await om.userTrades({ entrustId: 9 });
  assert.equal(lastTo(fetch, '/v2/trades').headers['x-bm-signature'], await hmacSha256Hex(SECRET, 'entrust_id=9'));
});

test("sign: 'orders' signs only placing and cancelling", async () => {
  const fetch = contractLike((req) => (req.method === 'POST' && req.url.pathname === '/v2/orders' ? { json: { entrust_id: 1 } } : undefined));
  const om = new OpenmartClient({ fetch, ...creds, sign: 'orders' });
  await om.wallet();
  await om.listOrders();
  assert.equal(lastTo(fetch, '/v2/wallet').headers['x-bm-signature'], undefined);
  assert.equal(lastTo(fetch, '/v2/orders').headers['x-bm-signature'], undefined);
  await om.placeOrder({ symbol: 'BMX_ETH', side: 'buy', amount: 1, price: 1 });
  assert.equal(lastTo(fetch, '/v2/orders').headers['x-bm-signature'], '2302088e474141fc7b498d0fa96c9cc2eda39a5a24fd1495d469d0a72e5fd483');
  await om.cancelOrder(1223181);
  assert.equal(lastTo(fetch, '/v2/orders/1223181').headers['x-bm-signature'], 'de4ed768cea4eb2f0fe081009eab1f41c5fd6ff6ed53768df7fe252472c257b3');
  await om.cancelAllOrders({ symbol: 'BMX_ETH' });
  assert.equal(lastTo(fetch, '/v2/orders').headers['x-bm-signature'], await hmacSha256Hex(SECRET, 'symbol=BMX_ETH'));
});

test('placing an order sends decimal strings as JSON and signs them', async () => {
  const fetch = contractLike((req) => (req.url.pathname === '/v2/orders' && req.method === 'POST' ? { json: { entrust_id: 1223181 } } : undefined));
  const om = new OpenmartClient({ fetch, ...creds });
  const res = await om.placeOrder({ symbol: 'BMX_ETH', side: 'buy', amount: 1, price: 1 });
  assert.deepEqual(res, { entrust_id: 1223181 });
  const p = lastTo(fetch, '/v2/orders');
  assert.equal(p.method, 'POST');
  assert.equal(p.headers['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(p.body ?? ''), { symbol: 'BMX_ETH', side: 'buy', amount: '1', price: '1' });
  assert.equal(p.headers['x-bm-signature'], '2302088e474141fc7b498d0fa96c9cc2eda39a5a24fd1495d469d0a72e5fd483');
});

test('small numbers are sent and signed as plain decimals', async () => {
  const fetch = contractLike((req) => (req.method === 'POST' && req.url.pathname === '/v2/orders' ? { json: { entrust_id: 1 } } : undefined));
  await new OpenmartClient({ fetch, ...creds }).placeOrder({ symbol: 'BMX_ETH', side: 'sell', amount: '10.5', price: 2.02e-5 });
  const p = lastTo(fetch, '/v2/orders');
  assert.deepEqual(JSON.parse(p.body ?? ''), { symbol: 'BMX_ETH', side: 'sell', amount: '10.5', price: '0.0000202' });
  assert.equal(p.headers['x-bm-signature'], await hmacSha256Hex(SECRET, 'amount=10.5&price=0.0000202&side=sell&symbol=BMX_ETH'));
});

test('cancel signs entrust_id=<id> and cancel-all signs its query', async () => {
  const fetch = contractLike();
  const om = new OpenmartClient({ fetch, ...creds });
  await om.cancelOrder(1223181);
  const c = lastTo(fetch, '/v2/orders/1223181');
  assert.equal(c.method, 'DELETE');
  assert.equal(c.headers['x-bm-signature'], 'de4ed768cea4eb2f0fe081009eab1f41c5fd6ff6ed53768df7fe252472c257b3');
  await om.cancelAllOrders({ symbol: 'BMX_ETH', side: 'sell' });
  const a = lastTo(fetch, '/v2/orders');
  assert.equal(a.method, 'DELETE');
  assert.equal(a.url.search, '?symbol=BMX_ETH&side=sell');
  assert.equal(a.headers['x-bm-signature'], await hmacSha256Hex(SECRET, canonicalString({ side: 'sell', symbol: 'BMX_ETH' })));
  await om.cancelAllOrders({ symbol: 'BMX_ETH' });
  assert.equal(lastTo(fetch, '/v2/orders').headers['x-bm-signature'], await hmacSha256Hex(SECRET, 'symbol=BMX_ETH'));
});

test('sign: false sends no signature', async () => {
  const fetch = contractLike();
  const om = new OpenmartClient({ fetch, ...creds, sign: false });
  await om.cancelOrder('42');
  await om.wallet();
  assert.ok(fetch.sent.every((r) => r.headers['x-bm-signature'] === undefined));
});

test('order listing, one order and own trades use their queries', async () => {
  const fetch = contractLike();
  const om = new OpenmartClient({ fetch, ...creds });
  await om.listOrders();
  assert.equal(lastTo(fetch, '/v2/orders').url.search, '?status=0');
  await om.listOrders({ symbol: 'BMX_ETH', status: 5, offset: 2, limit: 100 });
  assert.equal(lastTo(fetch, '/v2/orders').url.search, '?symbol=BMX_ETH&status=5&offset=2&limit=100');
  await om.order('77');
  assert.equal(lastTo(fetch, '/v2/orders/77').method, 'GET');
  await om.userTrades({ symbol: 'BMX_ETH', entrustId: 77 });
  assert.equal(lastTo(fetch, '/v2/trades').url.search, '?symbol=BMX_ETH&entrust_id=77');
  await om.userTrades();
  assert.equal(lastTo(fetch, '/v2/trades').url.search, '');
});

test('bad ids and integers are refused before sending', async () => {
  const fetch = contractLike();
  const om = new OpenmartClient({ fetch, ...creds });
  await assert.rejects(om.cancelOrder('12; DROP'), TypeError);
  await assert.rejects(om.order(-1), TypeError);
  await assert.rejects(om.listOrders({ offset: 1.5 }), TypeError);
  await assert.rejects(om.placeOrder({ symbol: 'BMX_ETH', side: 'buy', amount: '1e3', price: '1' }), TypeError);
  assert.equal(fetch.sent.length, 0);
});

test('keepAlive: false asks for the connection to be closed', async () => {
  const fetch = contractLike();
  await new OpenmartClient({ fetch, keepAlive: false }).ping();
  assert.equal(fetch.sent[0]?.headers.connection, 'close');
});

test('the logger sees requests and responses but never tokens or secrets', async () => {
  const events: unknown[] = [];
  const fetch = contractLike();
  const om = new OpenmartClient({ fetch, ...creds, memo: 'mymemo', logger: (e) => events.push(e) });
  await om.wallet();
  const text = JSON.stringify(events);
  assert.match(text, /"type":"request"/);
  assert.match(text, /"type":"response"/);
  assert.match(text, /"type":"token"/);
  assert.match(text, /"type":"clock-sync"/);
  assert.doesNotMatch(text, /token-1|8c08d9d5|18b9beb0/);
});

test('a throwing logger does not break calls', async () => {
  const om = new OpenmartClient({ fetch: contractLike(), logger: () => { throw new Error('boom'); } });
  await om.ping();
});

test('iterateOrders walks the pages until total_pages', async () => {
  const order = (id: number) => ({ entrust_id: id });
  const fetch = contractLike((req) => {
    if (req.url.pathname !== '/v2/orders') return undefined;
    const page = Number(req.url.searchParams.get('offset'));
    const pages = [[order(5), order(4)], [order(3), order(2)], [order(1)]];
    return { json: { orders: pages[page] ?? [], total_pages: 3, total_orders: 5, current_page: page } };
  });
  const om = new OpenmartClient({ fetch, ...creds });
  const ids: number[] = [];
  for await (const o of om.iterateOrders({ symbol: 'BMX_ETH', status: 5, limit: 2 })) ids.push(o.entrust_id);
  assert.deepEqual(ids, [5, 4, 3, 2, 1]);
  const pages = fetch.sent.filter((s) => s.url.pathname === '/v2/orders').map((s) => s.url.search);
  assert.deepEqual(pages, ['?symbol=BMX_ETH&status=5&offset=0&limit=2', '?symbol=BMX_ETH&status=5&offset=1&limit=2', '?symbol=BMX_ETH&status=5&offset=2&limit=2']);
});

test('iterateUserTrades stops at an empty page', async () => {
  const fetch = contractLike((req) =>
    req.url.pathname === '/v2/trades'
      ? { json: { trades: req.url.searchParams.get('offset') === '0' ? [{ trade_id: 1 }] : [], total_trades: 99, total_pages: 99, current_page: 0 } }
      : undefined,
  );
  const seen: number[] = [];
  for await (const t of new OpenmartClient({ fetch, ...creds }).iterateUserTrades()) seen.push(t.trade_id);
  assert.deepEqual(seen, [1]);
  assert.equal(fetch.sent.filter((s) => s.url.pathname === '/v2/trades').length, 2);
});
