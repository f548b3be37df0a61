import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Order, OrderList, UserTradeList, WalletEntry } from '@openmart/protocol';
import { request as httpGet } from 'node:http';
import { startExchange, type ApiClient, type TestExchange } from './harness.js';

let ex: TestExchange;
let alice: ApiClient;
let bob: ApiClient;

before(async () => {
  ex = await startExchange();
  await ex.seedDocsMarket();
  alice = await ex.createTrader({ ETH: '10', BMX: '1000' });
  bob = await ex.createTrader({ ETH: '10', BMX: '1000' });
});
after(async () => ex.close());

function wallet(c: ApiClient, id: string): Promise<WalletEntry> {
  return c.get<WalletEntry[]>('/v2/wallet').then((r) => r.body.find((w) => w.id === id) as WalletEntry);
}

async function place(c: ApiClient, side: string, amount: number | string, price: number | string): Promise<number> {
  const r = await c.post<{ entrust_id: number }>('/v2/orders', { symbol: 'BMX_ETH', side, amount, price });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.body), ['entrust_id']);
  return r.body.entrust_id;
}

test('wallet lists every currency, balances trimmed', async () => {
  const r = await alice.get<WalletEntry[]>('/v2/wallet');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, [
    { id: 'BMX', name: 'BitMart Token', available: '1000', frozen: '0' },
    { id: 'ETH', name: 'Ethereum', available: '10', frozen: '0' },
    { id: 'BTC', name: 'Bitcoin', available: '0', frozen: '0' },
  ]);
});

test('place, read back, freeze and cancel a buy order', async () => {
  const id = await place(alice, 'buy', 2, '0.001');
  assert.deepEqual(await wallet(alice, 'ETH'), { id: 'ETH', name: 'Ethereum', available: '9.998', frozen: '0.002' });
  const r = await alice.get<Order>(`/v2/orders/${id}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, {
    entrust_id: id,
    symbol: 'BMX_ETH',
    timestamp: r.body.timestamp,
    side: 'buy',
    price: '0.00100000',
    fees: '0.00000000',
    original_amount: '2.00',
    executed_amount: '0.00',
    remaining_amount: '2.00',
    status: 1,
  });
  const c = await alice.delete(`/v2/orders/${id}`);
  assert.equal(c.status, 200);
  assert.deepEqual(c.body, {});
  assert.equal((await alice.get<Order>(`/v2/orders/${id}`)).body.status, 4);
  assert.deepEqual(await wallet(alice, 'ETH'), { id: 'ETH', name: 'Ethereum', available: '10', frozen: '0' });
  const again = await alice.delete(`/v2/orders/${id}`);
  assert.equal(again.status, 400);
  assert.equal((again.body as { code: number }).code, 3010);
});

test("another account's order is 404 Not found on get and on cancel, and stays open", async () => {
  const id = await place(alice, 'sell', 1, '0.5');
  for (const r of [await bob.get(`/v2/orders/${id}`), await bob.delete(`/v2/orders/${id}`), await bob.get('/v2/trades', { entrust_id: id })]) {
    assert.equal(r.status, 404);
    assert.equal((r.body as { message: string }).message, 'Not found');
  }
  assert.equal((await alice.get<Order>(`/v2/orders/${id}`)).body.status, 1);
  assert.equal((await alice.delete(`/v2/orders/${id}`)).status, 200);
});

test('a match: fills, fees, user trades and public trades', async () => {
  const sell = await place(alice, 'sell', 3, '0.002');
  const buy = await place(bob, 'buy', 2, '0.003');
  const s = (await alice.get<Order>(`/v2/orders/${sell}`)).body;
  assert.equal(s.status, 2);
  assert.equal(s.executed_amount, '2.00');
  assert.equal(s.remaining_amount, '1.00');
  const b = (await bob.get<Order>(`/v2/orders/${buy}`)).body;
  assert.equal(b.status, 3);
  assert.equal(b.price, '0.00300000');
  const t = await bob.get<UserTradeList>('/v2/trades', { symbol: 'BMX_ETH', entrust_id: buy });
  assert.equal(t.status, 200);
  assert.equal(t.body.trades.length, 1);
  assert.deepEqual(
    { ...t.body.trades[0], trade_id: 0, timestamp: 0 },
    { trade_id: 0, entrust_id: buy, symbol: 'BMX_ETH', price: '0.00200000', amount: '2.00', fees: t.body.trades[0].fees, timestamp: 0, active: true },
  );
  assert.equal(t.body.total_trades, 1);
  const all = await alice.get<UserTradeList>('/v2/trades', { symbol: 'BMX_ETH', offset: 0, limit: 10 });
  assert.equal(all.body.trades[0]?.active, false);
  const pub = await ex.http<Array<Record<string, unknown>>>('GET', '/v2/symbols/BMX_ETH/trades');
  assert.equal(pub.body[0]?.type, 'buy');
  assert.equal(pub.body[0]?.count, '2.00');
  assert.equal((await alice.delete(`/v2/orders/${sell}`)).status, 200);
});

test('rejections are 400 with a clear message and change nothing', async () => {
  const before = (await alice.get('/v2/wallet')).body;
  const cases: Array<[Record<string, unknown>, number, RegExp?]> = [
    [{ symbol: 'NOPE_ETH', side: 'buy', amount: 1, price: 1 }, 3000],
    [{ symbol: 'BMX_ETH', side: 'hold', amount: 1, price: 1 }, 3002],
    [{ symbol: 'BMX_ETH', side: 'buy', amount: '0.001', price: 1 }, 3005],
    [{ symbol: 'BMX_ETH', side: 'buy', amount: 0, price: 1 }, 3003],
    [{ symbol: 'BMX_ETH', side: 'buy', amount: '100000001', price: '0.00000001' }, 3004],
    [{ symbol: 'BMX_ETH', side: 'buy', amount: 1, price: '0.000000001' }, 3006],
    [{ symbol: 'BMX_ETH', side: 'buy', amount: 1, price: 0 }, 3006],
    [{ symbol: 'BMX_ETH', side: 'buy', amount: 1, price: -1 }, 3006],
    [{ symbol: 'BMX_ETH', side: 'buy', amount: 1, price: '1e400' }, 3006],
    [{ symbol: 'BMX_ETH', side: 'buy', amount: 1, price: '1e500' }, 1002],
    [{ symbol: 'BMX_ETH', side: 'buy', amount: 1, price: '99999999999' }, 3006],
    [{ symbol: 'BMX_ETH', side: 'buy', amount: '1000', price: 1 }, 3008],
    [{ symbol: 'BMX_ETH', side: 'buy', amount: 1, price: 'abc' }, 1002],
    [{ side: 'buy', amount: 1, price: 1 }, 1001, /Required String parameter 'symbol' is not present/],
    [{ symbol: 'BMX_ETH', side: 'buy', price: 1 }, 1001],
  ];
  for (const [body, code, msg] of cases) {
    const r = await alice.post<{ message: string; code: number }>('/v2/orders', body);
    assert.equal(r.body.code, code, `${JSON.stringify(body)} -> ${r.text}`);
    assert.equal(r.status, 400);
    assert.equal(typeof r.body.message, 'string');
    if (msg) assert.match(r.body.message, msg);
  }
  assert.deepEqual((await alice.get('/v2/wallet')).body, before);
});

test('JSON numbers are parsed from their source text, never through a double', async () => {
  const before = (await alice.get('/v2/wallet')).body;
  for (const body of [
    '{"symbol":"BMX_ETH","side":"buy","amount":1,"price":0.30000000000000000001}',
    '{"symbol":"BMX_ETH","side":"buy","amount":1.000000000000000000001,"price":0.001}',
  ]) {
    const r = await alice.request('POST', '/v2/orders', { body, headers: { 'x-bm-signature': '' } });
    assert.equal(r.status, 400, `${body}: ${r.text}`);
  }
  assert.deepEqual((await alice.get('/v2/wallet')).body, before);
  const ok = await alice.request('POST', '/v2/orders', { body: '{"symbol":"BMX_ETH","side":"buy","amount":1.50,"price":1E-3}', headers: { 'x-bm-signature': '' } });
  assert.equal(ok.status, 200, ok.text);
  const id = (ok.body as { entrust_id: number }).entrust_id;
  const o = (await alice.get<Order>(`/v2/orders/${id}`)).body;
  assert.equal(o.price, '0.00100000');
  assert.equal(o.original_amount, '1.50');
  await alice.delete(`/v2/orders/${id}`);
});

test('price band: a buy above 5x the best bid is rejected with the maximum price', async () => {
  const bid = await place(bob, 'buy', 1, '0.001');
  const r = await alice.post<{ message: string; code: number }>('/v2/orders', { symbol: 'BMX_ETH', side: 'buy', amount: 1, price: '0.0051' });
  assert.equal(r.status, 400);
  assert.equal(r.body.code, 3007);
  assert.match(r.body.message, /0\.005/);
  await bob.delete(`/v2/orders/${bid}`);
});

test('list orders: status is required, filters, paging past the end', async () => {
  const c = await ex.createTrader({ ETH: '10' });
  const ids: number[] = [];
  for (let i = 0; i < 5; i++) ids.push(await place(c, 'buy', 1, `0.00${i + 1}`));
  await c.delete(`/v2/orders/${ids[0]}`);
  const missing = await c.get('/v2/orders', { symbol: 'BMX_ETH' });
  assert.equal(missing.status, 400);
  assert.deepEqual(missing.body, { message: "Required Integer parameter 'status' is not present", code: 1001 });
  const all = await c.get<OrderList>('/v2/orders', { symbol: 'BMX_ETH', status: 0 });
  assert.deepEqual({ ...all.body, orders: all.body.orders.map((o) => o.entrust_id) }, { orders: [...ids].reverse(), total_pages: 1, total_orders: 5, current_page: 0 });
  const open = await c.get<OrderList>('/v2/orders', { status: 5 });
  assert.equal(open.body.total_orders, 4);
  const closed = await c.get<OrderList>('/v2/orders', { status: 4 });
  assert.deepEqual(closed.body.orders.map((o) => o.entrust_id), [ids[0]]);
  const p1 = await c.get<OrderList>('/v2/orders', { status: 0, offset: 1, limit: 2 });
  assert.deepEqual({ ...p1.body, orders: p1.body.orders.map((o) => o.entrust_id) }, { orders: [ids[2], ids[1]], total_pages: 3, total_orders: 5, current_page: 1 });
  const past = await c.get<OrderList>('/v2/orders', { status: 0, offset: 7, limit: 2 });
  assert.deepEqual(past.body, { orders: [], total_pages: 3, total_orders: 5, current_page: 7 });
  const onlyLimit = await c.get<OrderList>('/v2/orders', { status: 0, limit: 1000 });
  assert.equal(onlyLimit.body.orders.length, 5);
  const tooBig = await c.get<{ code: number }>('/v2/orders', { status: 0, limit: 1001 });
  assert.equal(tooBig.status, 400);
  assert.equal(tooBig.body.code, 1008);
  assert.equal((await c.get('/v2/orders', { status: 9 })).status, 400);
  assert.equal((await c.get('/v2/orders', { status: 0, symbol: 'NOPE_ETH' })).status, 400);
});

test('a client using offset as a row offset terminates (current_page >= total_pages)', async () => {
  const c = await ex.createTrader({ ETH: '10' });
  for (let i = 0; i < 3; i++) await place(c, 'buy', 1, '0.001');
  let offset = 0;
  let seen = 0;
  for (let guard = 0; guard < 10; guard++) {
    const r = await c.get<OrderList>('/v2/orders', { status: 0, offset, limit: 2 });
    seen += r.body.orders.length;
    if (r.body.current_page >= r.body.total_pages) break;
    offset += 2;
    assert.ok(guard < 9, 'did not terminate');
  }
  assert.ok(seen >= 2);
});

test('cancel all of a symbol and side, with or without a signature', async () => {
  const c = await ex.createTrader({ ETH: '10', BMX: '100' });
  await place(c, 'buy', 1, '0.001');
  await place(c, 'buy', 1, '0.001');
  const sell = await place(c, 'sell', 1, '1');
  c.signRequests = false;
  const r = await c.delete('/v2/orders', { query: { symbol: 'BMX_ETH', side: 'buy' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, {});
  c.signRequests = true;
  const open = await c.get<OrderList>('/v2/orders', { status: 5 });
  assert.deepEqual(open.body.orders.map((o) => o.entrust_id), [sell]);
  assert.equal((await c.delete('/v2/orders', { query: { symbol: 'BMX_ETH', side: 'sell' } })).status, 200);
  assert.equal((await c.get<OrderList>('/v2/orders', { status: 5 })).body.total_orders, 0);
  assert.deepEqual(await wallet(c, 'ETH'), { id: 'ETH', name: 'Ethereum', available: '10', frozen: '0' });
  assert.equal((await c.delete('/v2/orders', { query: { symbol: 'BMX_ETH', side: 'up' } })).status, 400);
});

test('cancel-all needs a symbol, and a null or empty entrust_id is a 400: neither cancels anything', async () => {
  const c = await ex.createTrader({ ETH: '10' });
  const open = [await place(c, 'buy', 1, '0.001'), await place(c, 'buy', 1, '0.002')];
  const attempts = [
    await c.delete('/v2/orders'),
    await c.delete('/v2/orders', { query: { side: 'buy' } }),
    await c.delete('/v2/orders', { body: { entrust_id: null } }),
    await c.delete('/v2/orders', { query: { entrust_id: '' } }),
    await c.delete('/v2/orders', { body: { entrust_id: '', symbol: 'BMX_ETH' } }),
  ];
  for (const r of attempts) {
    assert.equal(r.status, 400, r.text);
    assert.equal(typeof (r.body as { message: unknown }).message, 'string');
  }
  assert.match((attempts[0]!.body as { message: string }).message, /Required String parameter 'symbol' is not present/);
  const still = await c.get<OrderList>('/v2/orders', { status: 5 });
  assert.deepEqual(still.body.orders.map((o) => o.entrust_id).sort((a, b) => a - b), open);
});

test('a JSON array is not read as its first element: an order with price [0.001] is refused', async () => {
  const c = await ex.createTrader({ ETH: '10' });
  c.signRequests = false; // how an array would be signed is beside the point: the value itself is refused
  for (const body of [
    { symbol: 'BMX_ETH', side: 'buy', amount: 1, price: [0.001] },
    { symbol: 'BMX_ETH', side: 'buy', amount: ['1'], price: '0.001' },
    { symbol: ['BMX_ETH'], side: 'buy', amount: 1, price: '0.001' },
    { symbol: 'BMX_ETH', side: ['buy'], amount: 1, price: '0.001' },
  ]) {
    const r = await c.post('/v2/orders', body);
    assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
    assert.match((r.body as { message: string }).message, /must be a (decimal number|string)/);
  }
  c.signRequests = true;
  assert.equal((await c.get<OrderList>('/v2/orders', { status: 0 })).body.total_orders, 0);
  assert.deepEqual(await wallet(c, 'ETH'), { id: 'ETH', name: 'Ethereum', available: '10', frozen: '0' });
});

test('DELETE with a JSON body {"entrust_id": N}, on both paths', async () => {
  const c = await ex.createTrader({ ETH: '10' });
  const a = await place(c, 'buy', 1, '0.001');
  const b = await place(c, 'buy', 1, '0.001');
  const r1 = await c.delete(`/v2/orders/${a}`, { body: { entrust_id: a } });
  assert.equal(r1.status, 200, r1.text);
  const r2 = await c.delete('/v2/orders', { body: { entrust_id: b } });
  assert.equal(r2.status, 200, r2.text);
  assert.equal((await c.get<OrderList>('/v2/orders', { status: 5 })).body.total_orders, 0);
  const d = await place(c, 'buy', 1, '0.001');
  const keep = await place(c, 'buy', 1, '0.001');
  const withSymbol = await c.delete('/v2/orders', { body: { entrust_id: d, symbol: 'BMX_ETH', side: 'buy' } });
  assert.equal(withSymbol.status, 200, withSymbol.text);
  assert.deepEqual((await c.get<OrderList>('/v2/orders', { status: 5 })).body.orders.map((o) => o.entrust_id), [keep]);
  await c.delete(`/v2/orders/${keep}`);
  const clash = await c.delete(`/v2/orders/${a}`, { body: { entrust_id: a + 1 } });
  assert.equal(clash.status, 400);
});

test('parameters repeated in query and body must agree; content-type spellings', async () => {
  const c = await ex.createTrader({ ETH: '10' });
  const body = { symbol: 'BMX_ETH', side: 'buy', amount: 1, price: 0.001 };
  const same = await c.request('POST', '/v2/orders', { body, query: { symbol: 'BMX_ETH', side: 'buy', amount: '1', price: '0.001' }, signExtra: {} });
  assert.equal(same.status, 200, same.text);
  const differ = await c.request('POST', '/v2/orders', { body, query: { price: '0.002' } });
  assert.equal(differ.status, 400);
  for (const ct of ['application/json;charset=utf-8', 'text/plain', 'application/x-json']) {
    const r = await c.request('POST', '/v2/orders', { body, headers: { 'content-type': ct } });
    assert.equal(r.status, 200, `${ct}: ${r.text}`);
  }
  const get = await c.request('GET', '/v2/wallet', { headers: { 'content-type': 'application/json;charset=utf-8' } });
  assert.equal(get.status, 200);
  const bad = await c.request('POST', '/v2/orders', { body: '{"symbol":', headers: { 'x-bm-signature': 'x' } });
  assert.equal(bad.status, 400);
  assert.equal((bad.body as { code: number }).code, 1000);
});

test('body too large is 413 JSON', async () => {
  const r = await ex.http('POST', '/v2/orders', { body: { pad: 'x'.repeat(ex.config.bodyLimitBytes + 10) } });
  assert.equal(r.status, 413);
  assert.deepEqual(r.body, { message: 'Request body is too large', code: 1006 });
});

test('parameters in a JSON body on GET are read like query parameters', async () => {
  const c = await ex.createTrader({ ETH: '1' });
  await place(c, 'buy', 1, '0.001');
  const body = { symbol: 'BMX_ETH', status: 5 };
  const r = await ex.app.inject({
    method: 'GET',
    url: '/v2/orders',
    headers: { ...(await c.authHeaders(body)), 'content-type': 'application/json;charset=utf-8' },
    payload: JSON.stringify(body),
  });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal((JSON.parse(r.body) as OrderList).total_orders, 1);
  const padded = { status: 5, pad: 'x'.repeat(ex.config.bodyLimitBytes) };
  const big = await ex.app.inject({ method: 'GET', url: '/v2/orders', headers: await c.authHeaders(padded), payload: JSON.stringify(padded) });
  assert.equal(big.statusCode, 413, big.body);
});

test('a GET with a JSON body over a real socket', async () => {
  const c = await ex.createTrader({ ETH: '1' });
  const body = JSON.stringify({ status: 0 });
  const headers = { ...(await c.authHeaders({ status: 0 })), 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
  const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = httpGet(`${ex.baseUrl}/v2/orders`, { method: 'GET', headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
  assert.equal(answer.status, 200, answer.text);
  assert.deepEqual(JSON.parse(answer.text), { orders: [], total_pages: 0, total_orders: 0, current_page: 0 });
});
