import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startExchange, type TestExchange } from './harness.js';

let ex: TestExchange;
before(async () => {
  ex = await startExchange();
  await ex.seedDocsMarket();
});
after(async () => ex.close());

test('GET /v2/ping answers {}', async () => {
  const r = await ex.http('GET', '/v2/ping');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, {});
  assert.match(r.headers.get('content-type') ?? '', /application\/json/);
});

test('GET /v2/time answers the server clock', async () => {
  const r = await ex.http('GET', '/v2/time');
  assert.deepEqual(r.body, { server_time: ex.clock.now() });
});

test('GET /v2/steps lists the k-line steps', async () => {
  const r = await ex.http('GET', '/v2/steps');
  assert.deepEqual(r.body, [1, 3, 5, 15, 30, 45, 60, 120, 180, 240, 1440, 10080, 43200]);
});

test('GET /v2/currencies lists currencies with the contract fields', async () => {
  const r = await ex.http('GET', '/v2/currencies');
  assert.deepEqual((r.body as unknown[])[1], { id: 'ETH', name: 'Ethereum', withdraw_enabled: true, deposit_enabled: true });
});

test('GET /v2/symbols lists symbols', async () => {
  const r = await ex.http('GET', '/v2/symbols');
  assert.deepEqual(r.body, ['BMX_ETH']);
});

const DOCS_DETAILS = {
  base_currency: 'BMX',
  quote_currency: 'ETH',
  quote_increment: '0.00000001',
  base_min_size: '0.01',
  base_max_size: '100000000',
  price_min_precision: 6,
  price_max_precision: 8,
  expiration: 'NA',
};

test('GET /v2/symbols/BMX_ETH renders the details exactly like the public docs', async () => {
  const r = await ex.http('GET', '/v2/symbols/BMX_ETH');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, DOCS_DETAILS);
});

test('GET /v2/symbols_details adds the id', async () => {
  const r = await ex.http('GET', '/v2/symbols_details');
  assert.deepEqual(r.body, [{ id: 'BMX_ETH', ...DOCS_DETAILS }]);
});

test('unknown symbol is 400 Unknown symbol', async () => {
  for (const path of ['/v2/symbols/NOPE_ETH', '/v2/symbols/NOPE_ETH/orders', '/v2/symbols/NOPE_ETH/trades', '/v2/symbols/NOPE_ETH/kline', '/v2/ticker?symbol=NOPE_ETH']) {
    const r = await ex.http('GET', path);
    assert.equal(r.status, 400, path);
    assert.deepEqual(r.body, { message: 'Unknown symbol', code: 3000 }, path);
  }
});

test('ticker: one object with a symbol, an array without', async () => {
  const one = await ex.http<Record<string, unknown>>('GET', '/v2/ticker', { query: { symbol: 'BMX_ETH' } });
  assert.equal(one.status, 200);
  assert.equal(one.body.symbol_id, 'BMX_ETH');
  for (const k of ['volume', 'base_volume', 'highest_price', 'lowest_price', 'current_price', 'ask_1', 'ask_1_amount', 'bid_1', 'bid_1_amount', 'fluctuation', 'url']) {
    assert.equal(typeof one.body[k], 'string', k);
  }
  const all = await ex.http('GET', '/v2/ticker');
  assert.ok(Array.isArray(all.body));
  assert.equal((all.body as unknown[]).length, 1);
});

test('order book: precision defaults to max, must lie in [min, max]', async () => {
  const r = await ex.http('GET', '/v2/symbols/BMX_ETH/orders');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { buys: [], sells: [] });
  assert.equal((await ex.http('GET', '/v2/symbols/BMX_ETH/orders?precision=6')).status, 200);
  for (const p of ['5', '9', 'x']) {
    const bad = await ex.http<{ code: number }>('GET', `/v2/symbols/BMX_ETH/orders?precision=${p}`);
    assert.equal(bad.status, 400, p);
  }
});

test('k-line: step must be one of the steps, from <= to', async () => {
  const r = await ex.http('GET', '/v2/symbols/BMX_ETH/kline', { query: { step: 1, from: 0, to: ex.clock.now() } });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, []);
  assert.equal((await ex.http('GET', '/v2/symbols/BMX_ETH/kline?step=2')).status, 400);
  assert.equal((await ex.http('GET', '/v2/symbols/BMX_ETH/kline?from=10&to=5')).status, 400);
});

test('public trades: empty array before any trade', async () => {
  const r = await ex.http('GET', '/v2/symbols/BMX_ETH/trades');
  assert.deepEqual(r.body, []);
});

test('unknown route is 404 JSON', async () => {
  const r = await ex.http('GET', '/v2/nothing');
  assert.equal(r.status, 404);
  assert.deepEqual(r.body, { message: 'Not found', code: 1004 });
});

test('trailing slashes and lower-case symbols are accepted', async () => {
  assert.equal((await ex.http('GET', '/v2/ping/')).status, 200);
  const r = await ex.http('GET', '/v2/symbols/bmx_eth');
  assert.equal(r.status, 200);
});
