import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/app/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { adminCall, readAdminToken, Trader } from '../e2e/support.js';

let dir: string;
let server: RunningServer;
let token: string;
const call = (method: string, path: string, body?: unknown, tok = token) => adminCall(server.url, tok, method, path, body);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'openmart-admin-'));
  const config = loadConfig({ DATA_DIR: dir, PORT: '0', SEED_DEMO: '0', FSYNC: '0', LOG_LEVEL: 'silent', RATE_LIMITS: 'off' });
  server = await startServer({ config, console: () => undefined });
  token = readAdminToken(dir);
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

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
