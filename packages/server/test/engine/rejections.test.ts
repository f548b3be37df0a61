import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command, RejectCode } from '../../src/domain/index.js';
import { given, MARKET } from './fixtures.js';

const ONE = 10_000;

/** Every rejection is data: the right code, a message, and a state hash that did not move. */
function expectRejected(g: ReturnType<typeof given>, command: Command, code: RejectCode, message?: RegExp): void {
  const before = g.engine.stateHash();
  const ids = g.engine.nextIds();
  const out = g.engine.apply(command);
  assert.equal(out.ok, false, `${command.type} should be rejected with ${code}`);
  if (out.ok) return;
  assert.equal(out.code, code, out.message);
  assert.ok(out.message.length > 0);
  if (message) assert.match(out.message, message);
  assert.equal(g.engine.stateHash(), before, `${code} changed the state`);
  assert.deepEqual(g.engine.nextIds(), ids);
  g.engine.validate();
}

test('order rejections name the limit and change nothing', () => {
  const g = given({ market: { amountStep: 10, minAmount: 100, maxAmount: 1_000_000, priceTick: 5 } });
  const u = g.user();
  const poor = g.user({ USDT: 1_000n });
  const other = g.user();
  g.place(u, 'buy', 10_000, ONE);
  g.place(u, 'sell', 20_000, ONE);
  const now = g.now();
  const id = g.engine.nextIds().order;
  const base = { type: 'placeOrder', now, orderId: id, accountId: u, symbol: MARKET.symbol, side: 'buy', price: 10_000, amount: ONE } as const;
  expectRejected(g, { ...base, orderId: id + 1 }, 'ID_NOT_FRESH');
  expectRejected(g, { ...base, orderId: id - 1 }, 'ID_NOT_FRESH');
  expectRejected(g, { ...base, accountId: 999 }, 'ACCOUNT_NOT_FOUND');
  expectRejected(g, { ...base, accountId: 0 }, 'ACCOUNT_NOT_FOUND');
  expectRejected(g, { ...base, symbol: 'ETH_USDT' }, 'UNKNOWN_SYMBOL', /Unknown symbol/);
  expectRejected(g, { ...base, side: 'hold' as 'buy' }, 'INVALID_SIDE');
  expectRejected(g, { ...base, amount: 90 }, 'AMOUNT_TOO_SMALL', /^Minimum amount is 0\.01$/);
  expectRejected(g, { ...base, amount: 1_000_010 }, 'AMOUNT_TOO_LARGE', /^Maximum amount is 100$/);
  expectRejected(g, { ...base, amount: 105 }, 'AMOUNT_OFF_STEP', /0\.001/);
  expectRejected(g, { ...base, amount: 100.5 }, 'AMOUNT_OFF_STEP');
  expectRejected(g, { ...base, price: 0 }, 'INVALID_PRICE', /0\.05/);
  expectRejected(g, { ...base, price: -5 }, 'INVALID_PRICE');
  expectRejected(g, { ...base, price: 10_001 }, 'INVALID_PRICE');
  expectRejected(g, { ...base, price: 2 ** 53 }, 'INVALID_PRICE');
  expectRejected(g, { ...base, price: 50_005 }, 'PRICE_OUT_OF_BAND', /^Maximum price is 500\.00$/);
  expectRejected(g, { ...base, side: 'sell', price: 100_005 }, 'PRICE_OUT_OF_BAND', /^Maximum price is 1000\.00$/);
  expectRejected(g, { ...base, accountId: poor }, 'INSUFFICIENT_BALANCE', /available 0\.001 USDT, required 100 USDT/);
  expectRejected(g, { ...base, accountId: poor, side: 'sell', price: 20_000 }, 'INSUFFICIENT_BALANCE');
  expectRejected(g, { type: 'cancelOrder', now, accountId: u, orderId: 999 }, 'ORDER_NOT_FOUND');
  expectRejected(g, { type: 'cancelOrder', now, accountId: other, orderId: 1 }, 'ORDER_NOT_FOUND');
  expectRejected(g, { type: 'cancelAll', now, accountId: u, symbol: 'NOPE_X' }, 'UNKNOWN_SYMBOL');
  expectRejected(g, { type: 'cancelAll', now, accountId: 999 }, 'ACCOUNT_NOT_FOUND');
  expectRejected(g, { type: 'cancelAll', now, accountId: u, side: 'up' as 'buy' }, 'INVALID_SIDE');
  g.ok({ type: 'cancelOrder', now: g.now(), accountId: u, orderId: 1 });
  expectRejected(g, { type: 'cancelOrder', now, accountId: u, orderId: 1 }, 'ORDER_NOT_FOUND');
});

test('an order that would push a level total past MAX_SAFE_INTEGER is rejected LEVEL_FULL', () => {
  const g = given({ market: { minAmount: 1, maxAmount: 2 ** 52, priceBandPercent: 0 } });
  const u = g.user({ BTC: 10n ** 30n, USDT: 10n ** 30n });
  g.place(u, 'buy', 1, 2 ** 52);
  g.place(u, 'buy', 1, 2 ** 52 - 10);
  expectRejected(g, g.order(u, 'buy', 1, 100), 'LEVEL_FULL');
  g.place(u, 'buy', 1, 9);
  assert.equal(g.engine.depth('BTC_USDT', 'buy', 1)[0]?.amount, Number.MAX_SAFE_INTEGER);
});

test('wallet rejections: bad amount, unknown currency or account, disabled, insufficient', () => {
  const g = given();
  g.ok({ type: 'createCurrency', now: g.now(), currency: { id: 'LOCK', name: 'Locked', scale: 2, depositEnabled: false, withdrawEnabled: false } });
  const u = g.user({ USDT: 500n });
  const now = g.now();
  expectRejected(g, { type: 'deposit', now, accountId: u, currency: 'USDT', amount: 0n }, 'INVALID_AMOUNT');
  expectRejected(g, { type: 'deposit', now, accountId: u, currency: 'USDT', amount: -1n }, 'INVALID_AMOUNT');
  expectRejected(g, { type: 'deposit', now, accountId: u, currency: 'XXX', amount: 1n }, 'UNKNOWN_CURRENCY');
  expectRejected(g, { type: 'deposit', now, accountId: 77, currency: 'USDT', amount: 1n }, 'ACCOUNT_NOT_FOUND');
  expectRejected(g, { type: 'deposit', now, accountId: 0, currency: 'USDT', amount: 1n }, 'ACCOUNT_NOT_FOUND');
  // The fee account may withdraw (fee revenue, fee-withdrawal.test.ts): here it holds nothing.
  expectRejected(g, { type: 'withdraw', now, accountId: 0, currency: 'USDT', amount: 1n }, 'INSUFFICIENT_BALANCE');
  expectRejected(g, { type: 'deposit', now, accountId: u, currency: 'LOCK', amount: 1n }, 'DEPOSIT_DISABLED');
  expectRejected(g, { type: 'withdraw', now, accountId: u, currency: 'LOCK', amount: 1n }, 'WITHDRAW_DISABLED');
  expectRejected(g, { type: 'withdraw', now, accountId: u, currency: 'USDT', amount: 501n }, 'INSUFFICIENT_BALANCE');
  expectRejected(g, { type: 'withdraw', now, accountId: u, currency: 'USDT', amount: 0n }, 'INVALID_AMOUNT');
  g.ok({ type: 'withdraw', now, accountId: u, currency: 'USDT', amount: 500n });
  assert.deepEqual(g.engine.balance(u, 'USDT'), { available: 0n, frozen: 0n });
});

test('registry rejections change nothing', () => {
  const g = given();
  const u = g.user();
  const now = g.now();
  const cur = { id: 'ETH', name: 'Ether', scale: 18, depositEnabled: true, withdrawEnabled: true };
  expectRejected(g, { type: 'createCurrency', now, currency: { ...cur, id: 'BTC' } }, 'CURRENCY_EXISTS');
  expectRejected(g, { type: 'createCurrency', now, currency: { ...cur, id: 'eth' } }, 'INVALID_CURRENCY');
  expectRejected(g, { type: 'createCurrency', now, currency: { ...cur, id: 'A'.repeat(17) } }, 'INVALID_CURRENCY');
  expectRejected(g, { type: 'createCurrency', now, currency: { ...cur, scale: 19 } }, 'INVALID_CURRENCY');
  expectRejected(g, { type: 'createCurrency', now, currency: { ...cur, scale: 1.5 } }, 'INVALID_CURRENCY');
  expectRejected(g, { type: 'createUser', now, accountId: u, email: 'new@example.com', passwordHash: 'h' }, 'ID_NOT_FRESH');
  expectRejected(g, { type: 'createUser', now, accountId: u + 1, email: `u${u}@example.com`, passwordHash: 'h' }, 'USER_EXISTS');
  expectRejected(g, { type: 'createApiKey', now, accountId: 99, apiKey: 'k', secretEnc: 's', memo: 'm', requireSignature: true }, 'ACCOUNT_NOT_FOUND');
  g.ok({ type: 'createApiKey', now, accountId: u, apiKey: 'k1', secretEnc: 's', memo: 'm', requireSignature: true });
  expectRejected(g, { type: 'createApiKey', now, accountId: u, apiKey: 'k1', secretEnc: 's', memo: 'm', requireSignature: true }, 'APIKEY_EXISTS');
  expectRejected(g, { type: 'revokeApiKey', now, accountId: u + 1, apiKey: 'k1' }, 'APIKEY_NOT_FOUND');
  expectRejected(g, { type: 'revokeApiKey', now, accountId: u, apiKey: 'k2' }, 'APIKEY_NOT_FOUND');
  expectRejected(g, { type: 'issueToken', now, apiKey: 'k2', tokenHash: 'h', expiresAt: now + 1 }, 'APIKEY_NOT_FOUND');
  expectRejected(g, { type: 'createSession', now, accountId: 99, sessionHash: 's', expiresAt: now + 1 }, 'ACCOUNT_NOT_FOUND');
  expectRejected(g, { type: 'endSession', now, sessionHash: 'nope' }, 'SESSION_NOT_FOUND');
});
