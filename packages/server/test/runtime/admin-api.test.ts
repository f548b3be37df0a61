import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningServer } from '../../src/server.js';
import { startInProcessServer, type InProcessServer } from './in-process-server.js';
import { adminCall, Trader } from '../e2e/support.js';

let dir: string;
let server: RunningServer;
let token: string;
const call = (method: string, path: string, body?: unknown, tok = token) => adminCall(server.url, tok, method, path, body);

let running: InProcessServer;

before(async () => {
  running = await startInProcessServer('openmart-admin-');
  ({ dir, server, token } = running);
});

after(() => running.close());

test('the admin token file is created with mode 0600 and no demo data without SEED_DEMO', async () => {
  assert.equal(statSync(join(dir, 'admin-token')).mode & 0o777, 0o600);
  assert.equal(statSync(join(dir, 'server-key')).mode & 0o777, 0o600);
  assert.deepEqual((await call('GET', '/admin/markets')).body, []);
});

test('admin routes answer 401 ADMIN_UNAUTHORIZED without or with a wrong token', async () => {
  for (const tok of ['', 'nope', `${token}x`]) {
    const r = await call('GET', '/admin/users', undefined, tok);
    assert.equal(r.status, 401);
    assert.equal(r.body.code, 2011);
    assert.match(r.body.message, /Unauthorized/);
  }
  const bare = await fetch(`${server.url}/admin/users`);
  assert.equal(bare.status, 401);
});

test('currencies, market, user, API key, deposit, withdraw, balances, totals and snapshot through the admin API', async () => {
  assert.equal((await call('POST', '/admin/currencies', { id: 'BMX', name: 'BitMart Token', scale: 8 })).status, 200);
  const eth = await call('POST', '/admin/currencies', { id: 'eth', name: 'Ethereum', scale: 18 });
  assert.deepEqual(eth.body, { id: 'ETH', name: 'Ethereum', scale: 18, deposit_enabled: true, withdraw_enabled: true });
  const dup = await call('POST', '/admin/currencies', { id: 'ETH', name: 'again' });
  assert.equal(dup.status, 400);
  assert.equal(dup.body.code, 3012);

  const m = await call('POST', '/admin/markets', {
    symbol: 'BMX_ETH', quote_increment: '0.00000001', base_min_size: '0.01', base_max_size: '100000000',
    price_min_precision: 6, price_max_precision: 8, maker_fee: '0.001', taker_fee: '0.002',
  });
  assert.equal(m.status, 200, JSON.stringify(m.body));
  assert.equal(m.body.taker_fee, '0.002');
  const details = await (await fetch(`${server.url}/v2/symbols/BMX_ETH`)).json();
  assert.deepEqual(details, {
    base_currency: 'BMX', quote_currency: 'ETH', quote_increment: '0.00000001', base_min_size: '0.01',
    base_max_size: '100000000', price_min_precision: 6, price_max_precision: 8, expiration: 'NA',
  });

  const u = await call('POST', '/admin/users', { email: 'Alice@Example.com', password: 'correct horse' });
  assert.deepEqual(u.body, { user_id: 1, email: 'alice@example.com' });
  assert.equal((await call('POST', '/admin/users', { email: 'alice@example.com', password: 'another one' })).body.code, 3017);
  assert.equal((await call('POST', '/admin/users', { email: 'bob@example.com', password: 'short' })).body.code, 1002);

  const k = await call('POST', '/admin/users/alice@example.com/apikeys', { memo: 'bot' });
  assert.equal(k.status, 200);
  assert.match(k.body.api_key, /^\S{16,}$/);
  assert.match(k.body.api_secret, /^\S{16,}$/);
  assert.equal(k.body.memo, 'bot');
  const shown = await call('GET', '/admin/users/1');
  assert.equal(shown.body.api_keys.length, 1);
  assert.ok(!JSON.stringify(shown.body).includes(k.body.api_secret), 'the secret is never shown again');

  const d = await call('POST', '/admin/deposits', { user: 'alice@example.com', currency: 'ETH', amount: '1.5' });
  assert.equal(d.status, 200, JSON.stringify(d.body));
  assert.equal(d.body.available, '1.5');
  assert.equal((await call('POST', '/admin/deposits', { user: 'alice@example.com', currency: 'ETH', amount: '-1' })).body.code, 3016);
  assert.equal((await call('POST', '/admin/deposits', { user: 'alice@example.com', currency: 'DOGE', amount: '1' })).body.code, 3001);
  assert.equal((await call('POST', '/admin/deposits', { user: 'nobody@example.com', currency: 'ETH', amount: '1' })).status, 404);
  const w = await call('POST', '/admin/withdrawals', { user: '1', currency: 'ETH', amount: 0.25 });
  assert.equal(w.body.available, '1.25');
  const over = await call('POST', '/admin/withdrawals', { user: '1', currency: 'ETH', amount: '2' });
  assert.equal(over.status, 400);
  assert.equal(over.body.code, 3008);

  // The key works on the public API: place an order, then see it frozen in the admin balances.
  const trader = await Trader.login(server.url, k.body.api_key, k.body.api_secret);
  const placed = await trader.placeOrder('BMX_ETH', 'buy', '100', '0.0005');
  assert.equal(placed.status, 200, JSON.stringify(placed.body));
  const bal = await call('GET', '/admin/users/alice@example.com/balances');
  assert.deepEqual(bal.body, [{ currency: 'ETH', available: '1.2', frozen: '0.05' }]);
  const totals = await call('GET', '/admin/totals');
  assert.deepEqual(totals.body.find((t: { currency: string }) => t.currency === 'ETH'), { currency: 'ETH', available: '1.2', frozen: '0.05', total: '1.25' });

  const snap = await call('POST', '/admin/snapshot');
  assert.equal(snap.status, 200);
  assert.ok(snap.body.seq >= 8, JSON.stringify(snap.body));
  assert.ok(statSync(snap.body.path).size > 0);
});

test('ops: /healthz is ok, /metrics counts requests and orders and shows the store seq, /docs/json lists the v2 and admin paths', async () => {
  assert.deepEqual(await (await fetch(`${server.url}/healthz`)).json(), { status: 'ok' });
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  assert.match(metrics, /openmart_http_requests_total\{method="GET",route="\/admin\/users",status="401"\} \d+/);
  assert.match(metrics, /openmart_orders_placed_total [1-9]/);
  assert.match(metrics, /openmart_journal_batch_commands_count [1-9]/);
  // The store thread has committed everything answered so far (its seq equals the journal's once settled).
  await server.store.settled();
  const settled = await (await fetch(`${server.url}/metrics`)).text();
  const durable = /openmart_journal_durable_seq (\d+)/.exec(settled)?.[1];
  assert.ok(durable !== undefined && Number(durable) > 0);
  assert.match(settled, new RegExp(`openmart_store_applied_seq ${durable}\\b`));
  const doc = await (await fetch(`${server.url}/docs/json`)).json();
  for (const p of ['/v2/orders', '/v2/symbols_details', '/admin/markets', '/admin/users/{user}/apikeys', '/healthz']) assert.ok(p in doc.paths, p);
  const page = await fetch(`${server.url}/docs`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /openmart API/);
});

/** POST a JSON body written by hand, so JSON numbers carry more digits than a double holds. */
async function postText(path: string, text: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: text,
  });
  return { status: res.status, body: await res.json() };
}

async function balanceOf(user: string, currency: string): Promise<{ available: string; frozen: string } | undefined> {
  const rows = (await call('GET', `/admin/users/${user}/balances`)).body as Array<{ currency: string; available: string; frozen: string }>;
  const row = rows.find((b) => b.currency === currency);
  return row === undefined ? undefined : { available: row.available, frozen: row.frozen };
}

let exactUsers = 0;
/** A fresh user and the currencies WEI18 (scale 18) and USD6 (scale 6), created once. */
async function exactUser(): Promise<string> {
  if (exactUsers === 0) {
    assert.equal((await call('POST', '/admin/currencies', { id: 'WEI18', scale: 18 })).status, 200);
    assert.equal((await call('POST', '/admin/currencies', { id: 'USD6', scale: 6 })).status, 200);
  }
  const email = `exact${++exactUsers}@example.com`;
  assert.equal((await call('POST', '/admin/users', { email, password: 'correct horse' })).status, 200);
  return email;
}

const transfer = (kind: 'deposits' | 'withdrawals', user: string, currency: string, amount: string) =>
  postText(`/admin/${kind}`, `{"user": "${user}", "currency": "${currency}", "amount": ${amount}}`);

test('a deposit of the JSON number 1.000000000000000001 at scale 18 credits exactly that', async () => {
  const user = await exactUser();
  const d = await transfer('deposits', user, 'WEI18', '1.000000000000000001');
  assert.equal(d.status, 200, JSON.stringify(d.body));
  assert.equal(d.body.amount, '1.000000000000000001');
  assert.equal(d.body.available, '1.000000000000000001');
  assert.deepEqual(await balanceOf(user, 'WEI18'), { available: '1.000000000000000001', frozen: '0' });
});

test('a JSON-number amount with 19 decimals at scale 18 is 400 INVALID_AMOUNT and changes nothing', async () => {
  const user = await exactUser();
  assert.equal((await transfer('deposits', user, 'WEI18', '"1"')).status, 200);
  for (const kind of ['deposits', 'withdrawals'] as const) {
    const r = await transfer(kind, user, 'WEI18', '0.1000000000000000055');
    assert.equal(r.status, 400, `${kind}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.code, 3016);
  }
  assert.deepEqual(await balanceOf(user, 'WEI18'), { available: '1', frozen: '0' });
});

test('a deposit of the JSON number 12345678901234567.89 at scale 6 credits exactly that', async () => {
  const user = await exactUser();
  const d = await transfer('deposits', user, 'USD6', '12345678901234567.89');
  assert.equal(d.status, 200, JSON.stringify(d.body));
  assert.equal(d.body.amount, '12345678901234567.89');
  assert.equal(d.body.available, '12345678901234567.89');
});

test('a withdrawal of the JSON number 12345678901234567.89 at scale 6 debits exactly that', async () => {
  const user = await exactUser();
  assert.equal((await transfer('deposits', user, 'USD6', '"12345678901234568"')).status, 200);
  const w = await transfer('withdrawals', user, 'USD6', '12345678901234567.89');
  assert.equal(w.status, 200, JSON.stringify(w.body));
  assert.equal(w.body.amount, '12345678901234567.89');
  assert.equal(w.body.available, '0.11');
  assert.deepEqual(await balanceOf(user, 'USD6'), { available: '0.11', frozen: '0' });
});

test('an amount that is an array, an object, null or a boolean is 400 naming the field and changes nothing', async () => {
  const user = await exactUser();
  assert.equal((await transfer('deposits', user, 'USD6', '"10"')).status, 200);
  for (const bad of ['["5"]', '[5]', '{"value": "5"}', 'null', 'true']) {
    for (const kind of ['deposits', 'withdrawals'] as const) {
      const r = await transfer(kind, user, 'USD6', bad);
      assert.equal(r.status, 400, `${kind} ${bad}: ${JSON.stringify(r.body)}`);
      assert.match(r.body.message, /'amount'/, `${kind} ${bad}: the answer names the field`);
    }
  }
  assert.deepEqual(await balanceOf(user, 'USD6'), { available: '10', frozen: '0' });
});

test('amounts as strings (what the CLI sends) are read exactly as before', async () => {
  const user = await exactUser();
  const d = await call('POST', '/admin/deposits', { user, currency: 'WEI18', amount: '1.000000000000000009' });
  assert.equal(d.status, 200, JSON.stringify(d.body));
  assert.equal(d.body.available, '1.000000000000000009');
  const w = await call('POST', '/admin/withdrawals', { user, currency: 'WEI18', amount: ' 0.000000000000000008 ' });
  assert.equal(w.status, 200, JSON.stringify(w.body));
  assert.equal(w.body.available, '1.000000000000000001');
  assert.equal((await call('POST', '/admin/deposits', { user, currency: 'WEI18', amount: '0.0000000000000000001' })).body.code, 3016);
});

let marketCases = 0;
/** POST /admin/markets for a fresh pair (base scale 8, quote scale 18) with these extra fields (hand-written JSON). */
async function marketWith(fields: string): Promise<{ symbol: string; answer: { status: number; body: any } }> {
  const n = ++marketCases;
  const [base, quote] = [`MB${n}`, `MQ${n}`];
  assert.equal((await call('POST', '/admin/currencies', { id: base, scale: 8 })).status, 200);
  assert.equal((await call('POST', '/admin/currencies', { id: quote, scale: 18 })).status, 200);
  const symbol = `${base}_${quote}`;
  const answer = await postText(
    '/admin/markets',
    `{"symbol": "${symbol}", "base_min_size": 1, "base_max_size": 1000, "price_min_precision": 0, "price_max_precision": 2, ${fields}}`,
  );
  return { symbol, answer };
}

async function marketSymbols(): Promise<string[]> {
  return ((await call('GET', '/admin/markets')).body as Array<{ symbol: string }>).map((m) => m.symbol);
}

test('a market parameter sent as a JSON number with 16 significant digits is read exactly as written (a double would end it in 01)', async () => {
  const { answer } = await marketWith('"quote_increment": 0.007921063139412011, "maker_fee": 0.00012345, "taker_fee": "0.00054321"');
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.quote_increment, '0.007921063139412011');
  assert.equal(answer.body.maker_fee, '0.00012345');
  assert.equal(answer.body.taker_fee, '0.00054321');
  assert.equal(answer.body.base_min_size, '1');
  assert.equal(answer.body.base_max_size, '1000');
});

for (const [fields, field] of [
  ['"quote_increment": 0.1000000000000000055', 'quote_increment'], // 19 decimals: more than any scale
  ['"quote_increment": "0.01", "maker_fee": 0.0010000000000000001', 'maker_fee'], // 19 decimals: more than a fee rate has
  ['"quote_increment": ["0.01"]', 'quote_increment'],
  ['"quote_increment": "0.01", "base_max_size": [1000]', 'base_max_size'],
  ['"quote_increment": "0.01", "amount_step": {"v": 1}', 'amount_step'],
  ['"quote_increment": "0.01", "taker_fee": ["0.001"]', 'taker_fee'],
] as const) {
  test(`a market with ${fields} is 400 naming ${field} and is not created`, async () => {
    const { symbol, answer } = await marketWith(fields);
    assert.equal(answer.status, 400, JSON.stringify(answer.body));
    assert.match(answer.body.message, new RegExp(field), 'the answer names the field');
    assert.ok(!(await marketSymbols()).includes(symbol));
  });
}
