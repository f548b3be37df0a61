/**
 * Fee revenue over real HTTP: GET /admin/fees shows what the fee account
 * (0) collected, and POST /admin/fees/withdrawals takes it out exactly.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatUnits, parseUnits } from '../../src/domain/index.js';
import type { RunningServer } from '../../src/server.js';
import { startInProcessServer, type InProcessServer } from './in-process-server.js';
import { adminCall, Trader } from '../e2e/support.js';

let dir: string;
let server: RunningServer;
let token: string;
const call = (method: string, path: string, body?: unknown, tok = token) => adminCall(server.url, tok, method, path, body);

const SCALE: Record<string, number> = { BMX: 8, ETH: 18 };
const units = (text: string, currency: string): bigint => {
  const u = parseUnits(text, SCALE[currency] as number);
  assert.ok(u !== null, `${text} ${currency}`);
  return u;
};
const text = (u: bigint, currency: string): string => formatUnits(u, SCALE[currency] as number, false);

/** POST a JSON body written by hand, so JSON numbers carry more digits than a double holds. */
async function postText(path: string, body: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });
  return { status: res.status, body: await res.json() };
}

async function fees(): Promise<Record<string, string>> {
  const r = await call('GET', '/admin/fees');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return Object.fromEntries((r.body as Array<{ currency: string; available: string }>).map((f) => [f.currency, f.available]));
}

/** Per currency: GET /admin/totals minus the sum of every user's balances (available + frozen), in units. */
async function totalsMinusUsers(): Promise<{ totals: Record<string, bigint>; rest: Record<string, bigint> }> {
  const totals: Record<string, bigint> = {};
  for (const t of (await call('GET', '/admin/totals')).body as Array<{ currency: string; total: string }>) totals[t.currency] = units(t.total, t.currency);
  const rest = { ...totals };
  for (const u of (await call('GET', '/admin/users')).body as Array<{ user_id: number }>) {
    for (const b of (await call('GET', `/admin/users/${u.user_id}/balances`)).body as Array<{ currency: string; available: string; frozen: string }>) {
      rest[b.currency] = (rest[b.currency] ?? 0n) - units(b.available, b.currency) - units(b.frozen, b.currency);
    }
  }
  return { totals, rest };
}

const orders: Array<{ trader: Trader; id: number }> = [];

let running: InProcessServer;

before(async () => {
  running = await startInProcessServer('openmart-admin-fees-');
  ({ dir, server, token } = running);
});

after(() => running.close());

test('before any trade the fee account holds nothing: GET /admin/fees is []', async () => {
  assert.deepEqual((await call('GET', '/admin/fees')).body, []);
  const unauthorized = await call('GET', '/admin/fees', undefined, 'nope');
  assert.equal(unauthorized.status, 401);
  assert.equal((await call('POST', '/admin/fees/withdrawals', { currency: 'ETH', amount: '1' }, 'nope')).status, 401);
});

test('after trades GET /admin/fees is the sum of the fees of the fills, and totals minus the users\' balances', async () => {
  assert.equal((await call('POST', '/admin/currencies', { id: 'BMX', scale: 8 })).status, 200);
  assert.equal((await call('POST', '/admin/currencies', { id: 'ETH', scale: 18 })).status, 200);
  const m = await call('POST', '/admin/markets', {
    symbol: 'BMX_ETH', quote_increment: '0.00000001', base_min_size: '0.01', base_max_size: '100000000',
    price_min_precision: 6, price_max_precision: 8, maker_fee: '0.001', taker_fee: '0.002',
  });
  assert.equal(m.status, 200, JSON.stringify(m.body));
  const traders: Trader[] = [];
  for (const [email, currency, amount] of [['alice@example.com', 'ETH', '10'], ['bob@example.com', 'BMX', '1000']] as const) {
    assert.equal((await call('POST', '/admin/users', { email, password: 'correct horse' })).status, 200);
    assert.equal((await call('POST', '/admin/deposits', { user: email, currency, amount })).status, 200);
    const k = await call('POST', `/admin/users/${email}/apikeys`, { memo: 'bot' });
    traders.push(await Trader.login(server.url, k.body.api_key, k.body.api_secret));
  }
  const [alice, bob] = traders as [Trader, Trader];
  const place = async (trader: Trader, side: 'buy' | 'sell', amount: string, price: string): Promise<void> => {
    const r = await trader.placeOrder('BMX_ETH', side, amount, price);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    orders.push({ trader, id: Number(r.body.entrust_id) });
  };
  await place(bob, 'sell', '100', '0.0005'); // rests
  await place(alice, 'buy', '60', '0.0005'); // taker: 0.12 BMX; bob as maker 0.00003 ETH
  await place(alice, 'buy', '50', '0.0006'); // 40 fill: 0.08 BMX, 0.00002 ETH; 10 rest at 0.0006
  await place(bob, 'sell', '10', '0.0006'); // taker: 0.000012 ETH; alice as maker 0.01 BMX

  const feesOfOrders: Record<string, bigint> = { BMX: 0n, ETH: 0n };
  for (const o of orders) {
    const r = await o.trader.getOrder(o.id);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const order = r.body as { side: string; fees: string };
    const currency = order.side === 'buy' ? 'BMX' : 'ETH'; // a fee is paid in what the order receives
    feesOfOrders[currency] = (feesOfOrders[currency] ?? 0n) + units(order.fees, currency);
  }
  assert.deepEqual(feesOfOrders, { BMX: units('0.21', 'BMX'), ETH: units('0.000062', 'ETH') });

  const r = await call('GET', '/admin/fees');
  assert.deepEqual(r.body, [{ currency: 'BMX', available: '0.21' }, { currency: 'ETH', available: '0.000062' }]);
  const { rest } = await totalsMinusUsers();
  assert.deepEqual(rest, feesOfOrders);
});

test('a fee withdrawal lowers the fees and the totals by exactly the amount, JSON number or string', async () => {
  const before = await totalsMinusUsers();
  // A JSON number is read as written (not through a double).
  const w = await postText('/admin/fees/withdrawals', '{"currency": "ETH", "amount": 0.000050000000000001}');
  assert.equal(w.status, 200, JSON.stringify(w.body));
  assert.deepEqual(w.body, { currency: 'ETH', amount: '0.000050000000000001', available: '0.000011999999999999' });
  assert.deepEqual(await fees(), { BMX: '0.21', ETH: '0.000011999999999999' });
  const after1 = await totalsMinusUsers();
  assert.equal(after1.totals.ETH, (before.totals.ETH ?? 0n) - units('0.000050000000000001', 'ETH'));
  assert.equal(after1.totals.BMX, before.totals.BMX);
  assert.deepEqual(after1.rest, { BMX: units('0.21', 'BMX'), ETH: units('0.000011999999999999', 'ETH') });

  // A string, lower-case currency, all of it: the currency stays listed, at 0.
  const all = await call('POST', '/admin/fees/withdrawals', { currency: 'bmx', amount: ' 0.21 ' });
  assert.equal(all.status, 200, JSON.stringify(all.body));
  assert.deepEqual(all.body, { currency: 'BMX', amount: '0.21', available: '0' });
  assert.deepEqual(await fees(), { BMX: '0', ETH: '0.000011999999999999' });
  const after2 = await totalsMinusUsers();
  assert.equal(after2.totals.BMX, (before.totals.BMX ?? 0n) - units('0.21', 'BMX'));
  assert.equal(text(after2.rest.BMX ?? -1n, 'BMX'), '0');
});

test('withdrawing more than the fee account holds is 400 INSUFFICIENT_BALANCE and changes nothing', async () => {
  const before = await fees();
  const over = await call('POST', '/admin/fees/withdrawals', { currency: 'ETH', amount: '0.000012' });
  assert.equal(over.status, 400);
  assert.equal(over.body.code, 3008);
  assert.equal(over.body.message, 'Insufficient balance: available 0.000011999999999999 ETH');
  const empty = await call('POST', '/admin/fees/withdrawals', { currency: 'BMX', amount: '0.00000001' });
  assert.equal(empty.status, 400);
  assert.equal(empty.body.code, 3008);
  assert.deepEqual(await fees(), before);
});

test('bad amounts and currencies are 400 and change nothing', async () => {
  const before = await fees();
  for (const amount of ['"0"', '0', '"-1"', '-0.5', '"abc"', '""', '0.0000000000000000001', '"0.0000000000000000001"']) {
    const r = await postText('/admin/fees/withdrawals', `{"currency": "ETH", "amount": ${amount}}`);
    assert.equal(r.status, 400, `${amount}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.code, 3016, `${amount}: ${JSON.stringify(r.body)}`);
  }
  // 9 decimals at BMX scale 8.
  const fine = await call('POST', '/admin/fees/withdrawals', { currency: 'BMX', amount: '0.000000001' });
  assert.equal(fine.status, 400);
  assert.equal(fine.body.code, 3016);
  for (const amount of ['["1"]', '[1]', '{"v": 1}', 'null', 'true']) {
    const r = await postText('/admin/fees/withdrawals', `{"currency": "ETH", "amount": ${amount}}`);
    assert.equal(r.status, 400, `${amount}: ${JSON.stringify(r.body)}`);
    assert.match(r.body.message, /'amount'/, `${amount}: the answer names the field`);
  }
  const missing = await postText('/admin/fees/withdrawals', '{"currency": "ETH"}');
  assert.equal(missing.status, 400);
  assert.match(missing.body.message, /Required parameter 'amount'/);
  const noCurrency = await postText('/admin/fees/withdrawals', '{"amount": "1"}');
  assert.equal(noCurrency.status, 400);
  assert.match(noCurrency.body.message, /'currency'/);
  const unknown = await call('POST', '/admin/fees/withdrawals', { currency: 'DOGE', amount: '1' });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.code, 3001);
  assert.deepEqual(await fees(), before);
});

test('the fee account is still no user: its balances, deposits and withdrawals under /admin/users stay 404', async () => {
  assert.equal((await call('GET', '/admin/users/0/balances')).status, 404);
  assert.equal((await call('POST', '/admin/deposits', { user: '0', currency: 'ETH', amount: '1' })).status, 404);
  assert.equal((await call('POST', '/admin/withdrawals', { user: '0', currency: 'ETH', amount: '0.000001' })).status, 404);
  const doc = await (await fetch(`${server.url}/docs/json`)).json();
  for (const p of ['/admin/fees', '/admin/fees/withdrawals']) assert.ok(p in doc.paths, p);
});
