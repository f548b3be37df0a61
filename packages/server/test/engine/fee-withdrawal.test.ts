/**
 * The fee account (FEE_ACCOUNT_ID, owned by no user) may withdraw: the
 * operator taking fee revenue out. Nothing else: it cannot be deposited to,
 * trade, cancel, hold API keys or sessions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command, RejectCode } from '../../src/domain/index.js';
import { Engine } from '../../src/engine/engine.js';
import { FEE_ACCOUNT_ID } from '../../src/engine/types.js';
import { given, MARKET, ofType, type Given } from './fixtures.js';

const P100 = 10_000; // 100.00 USDT
const ONE = 10_000; // 1.0000 BTC

/** Sum over the fee account and every user of available + frozen. */
function total(g: Given, currency: string): bigint {
  let sum = 0n;
  for (let id = FEE_ACCOUNT_ID; id < g.engine.nextIds().account; id++) {
    const b = g.engine.balance(id, currency);
    sum += b.available + b.frozen;
  }
  return sum;
}

/** Two users who trade 1 BTC at 100 USDT: the fee account holds 0.002 BTC (taker 0.2%) and 0.1 USDT (maker 0.1%). */
function afterATrade(book: 'fast' | 'naive' = 'fast'): { g: Given } {
  const g = given({ book });
  const seller = g.user();
  const buyer = g.user();
  g.place(seller, 'sell', P100, ONE);
  g.place(buyer, 'buy', P100, ONE);
  assert.deepEqual(g.engine.balance(FEE_ACCOUNT_ID, 'BTC'), { available: 200_000n, frozen: 0n });
  assert.deepEqual(g.engine.balance(FEE_ACCOUNT_ID, 'USDT'), { available: 100_000n, frozen: 0n });
  return { g };
}

function expectRejected(g: Given, command: Command, code: RejectCode): void {
  const before = g.engine.stateHash();
  const ids = g.engine.nextIds();
  const out = g.engine.apply(command);
  assert.equal(out.ok, false, `${command.type} of account 0 should be rejected with ${code}`);
  if (out.ok) return;
  assert.equal(out.code, code, out.message);
  assert.equal(g.engine.stateHash(), before, `${code} changed the state`);
  assert.deepEqual(g.engine.nextIds(), ids);
  g.engine.validate();
}

for (const book of ['fast', 'naive'] as const) {
  test(`[${book}] a withdrawal from the fee account within its balance takes exactly that out of the exchange`, () => {
    const { g } = afterATrade(book);
    const btcBefore = total(g, 'BTC');
    const usdtBefore = total(g, 'USDT');
    const users = [1, 2].map((id) => [g.engine.balance(id, 'BTC'), g.engine.balance(id, 'USDT')]);

    const events = g.ok({ type: 'withdraw', now: g.now(), accountId: FEE_ACCOUNT_ID, currency: 'BTC', amount: 150_000n });
    const [change] = ofType(events, 'balanceChanged');
    assert.equal(events.length, 1);
    assert.deepEqual(
      { accountId: change?.accountId, currency: change?.currency, availableDelta: change?.availableDelta, available: change?.available, reason: change?.reason },
      { accountId: FEE_ACCOUNT_ID, currency: 'BTC', availableDelta: -150_000n, available: 50_000n, reason: 'withdraw' },
    );
    assert.deepEqual(g.engine.balance(FEE_ACCOUNT_ID, 'BTC'), { available: 50_000n, frozen: 0n });
    assert.equal(total(g, 'BTC'), btcBefore - 150_000n);
    assert.equal(total(g, 'USDT'), usdtBefore);
    // All of it, in the other currency: the fee account is then empty there.
    g.ok({ type: 'withdraw', now: g.now(), accountId: FEE_ACCOUNT_ID, currency: 'USDT', amount: 100_000n });
    assert.deepEqual(g.engine.balance(FEE_ACCOUNT_ID, 'USDT'), { available: 0n, frozen: 0n });
    assert.equal(total(g, 'USDT'), usdtBefore - 100_000n);
    // No user's balance moved; validate() (run by g.ok) checked conservation against supply.
    assert.deepEqual([1, 2].map((id) => [g.engine.balance(id, 'BTC'), g.engine.balance(id, 'USDT')]), users);
  });
}

test('a fee withdrawal above the fee balance is INSUFFICIENT_BALANCE, as for a user, and changes nothing', () => {
  const { g } = afterATrade();
  expectRejected(g, { type: 'withdraw', now: g.now(), accountId: FEE_ACCOUNT_ID, currency: 'BTC', amount: 200_001n }, 'INSUFFICIENT_BALANCE');
  const out = g.engine.apply({ type: 'withdraw', now: g.now(), accountId: FEE_ACCOUNT_ID, currency: 'USDT', amount: 100_001n });
  assert.ok(!out.ok);
  assert.equal(out.message, 'Insufficient balance: available 0.1 USDT');
  // The other checks apply as to any withdrawal.
  expectRejected(g, { type: 'withdraw', now: g.now(), accountId: FEE_ACCOUNT_ID, currency: 'BTC', amount: 0n }, 'INVALID_AMOUNT');
  expectRejected(g, { type: 'withdraw', now: g.now(), accountId: FEE_ACCOUNT_ID, currency: 'BTC', amount: -1n }, 'INVALID_AMOUNT');
  expectRejected(g, { type: 'withdraw', now: g.now(), accountId: FEE_ACCOUNT_ID, currency: 'XXX', amount: 1n }, 'UNKNOWN_CURRENCY');
  g.ok({ type: 'createCurrency', now: g.now(), currency: { id: 'LOCK', name: 'Locked', scale: 2, depositEnabled: true, withdrawEnabled: false } });
  expectRejected(g, { type: 'withdraw', now: g.now(), accountId: FEE_ACCOUNT_ID, currency: 'LOCK', amount: 1n }, 'WITHDRAW_DISABLED');
  // Exactly the balance is fine.
  g.ok({ type: 'withdraw', now: g.now(), accountId: FEE_ACCOUNT_ID, currency: 'BTC', amount: 200_000n });
  expectRejected(g, { type: 'withdraw', now: g.now(), accountId: FEE_ACCOUNT_ID, currency: 'BTC', amount: 1n }, 'INSUFFICIENT_BALANCE');
});

test('the fee account still cannot be deposited to, trade, cancel, or hold API keys or sessions', () => {
  const { g } = afterATrade();
  const now = g.now();
  expectRejected(g, { type: 'deposit', now, accountId: FEE_ACCOUNT_ID, currency: 'USDT', amount: 1n }, 'ACCOUNT_NOT_FOUND');
  expectRejected(g, g.order(FEE_ACCOUNT_ID, 'sell', P100, 10), 'ACCOUNT_NOT_FOUND');
  expectRejected(g, g.order(FEE_ACCOUNT_ID, 'buy', P100, 10), 'ACCOUNT_NOT_FOUND');
  expectRejected(g, { type: 'cancelAll', now, accountId: FEE_ACCOUNT_ID }, 'ACCOUNT_NOT_FOUND');
  expectRejected(g, { type: 'cancelOrder', now, accountId: FEE_ACCOUNT_ID, orderId: 1 }, 'ORDER_NOT_FOUND');
  expectRejected(
    g,
    { type: 'createApiKey', now, accountId: FEE_ACCOUNT_ID, apiKey: 'k', secretEnc: 's', memo: 'm', requireSignature: false },
    'ACCOUNT_NOT_FOUND',
  );
  expectRejected(g, { type: 'createSession', now, accountId: FEE_ACCOUNT_ID, sessionHash: 's', expiresAt: now + 1 }, 'ACCOUNT_NOT_FOUND');
  assert.equal(g.engine.user(FEE_ACCOUNT_ID), undefined);
});

test('snapshot + replay of a command log with fee withdrawals gives the same state hash (and a full replay too)', () => {
  // Record every command the live engine accepts, as the journal would.
  const log: Command[] = [];
  const live = new Engine();
  let now = 1_700_000_000_000;
  const ok = (c: Command): void => {
    const out = live.apply(c);
    if (!out.ok) assert.fail(`${c.type}: ${out.code} ${out.message}`);
    log.push(c);
  };
  ok({ type: 'createCurrency', now: ++now, currency: { id: 'BTC', name: 'Bitcoin', scale: 8, depositEnabled: true, withdrawEnabled: true } });
  ok({ type: 'createCurrency', now: ++now, currency: { id: 'USDT', name: 'Tether', scale: 6, depositEnabled: true, withdrawEnabled: true } });
  ok({ type: 'createMarket', now: ++now, market: MARKET });
  for (const accountId of [1, 2]) {
    ok({ type: 'createUser', now: ++now, accountId, email: `u${accountId}@example.com`, passwordHash: 'h' });
    ok({ type: 'deposit', now: ++now, accountId, currency: 'BTC', amount: 10n ** 10n });
    ok({ type: 'deposit', now: ++now, accountId, currency: 'USDT', amount: 10n ** 12n });
  }
  const place = (accountId: number, side: 'buy' | 'sell', price: number): void =>
    ok({ type: 'placeOrder', now: ++now, orderId: live.nextIds().order, accountId, symbol: MARKET.symbol, side, price, amount: ONE });
  place(1, 'sell', P100);
  place(2, 'buy', P100);
  ok({ type: 'withdraw', now: ++now, accountId: FEE_ACCOUNT_ID, currency: 'BTC', amount: 100_000n });
  const snapshotAt = log.length;
  const snap = JSON.parse(JSON.stringify(live.snapshot())) as ReturnType<Engine['snapshot']>;
  place(2, 'sell', 10_100);
  place(1, 'buy', 10_100);
  ok({ type: 'withdraw', now: ++now, accountId: FEE_ACCOUNT_ID, currency: 'USDT', amount: 150_000n });
  ok({ type: 'withdraw', now: ++now, accountId: FEE_ACCOUNT_ID, currency: 'BTC', amount: 300_000n });
  live.validate();
  assert.deepEqual(live.balance(FEE_ACCOUNT_ID, 'BTC'), { available: 0n, frozen: 0n });
  assert.deepEqual(live.balance(FEE_ACCOUNT_ID, 'USDT'), { available: 51_000n, frozen: 0n });
  const hash = live.stateHash();

  for (const book of ['fast', 'naive'] as const) {
    const restored = Engine.restore(snap, { book });
    for (const c of log.slice(snapshotAt)) assert.ok(restored.apply(c).ok, `replay of ${c.type}`);
    assert.equal(restored.stateHash(), hash, `${book}: snapshot + tail`);
    const fresh = new Engine({ book });
    for (const c of log) assert.ok(fresh.apply(c).ok, `replay of ${c.type}`);
    assert.equal(fresh.stateHash(), hash, `${book}: full replay`);
    fresh.validate();
  }
  // The withdrawals are part of the state: without the last one the hash differs.
  const short = new Engine();
  for (const c of log.slice(0, -1)) short.apply(c);
  assert.notEqual(short.stateHash(), hash);
});
