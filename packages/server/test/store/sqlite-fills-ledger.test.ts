import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { Journal, balance, executed } from './fixtures.js';

function seeded(): SqliteStore {
  const store = new SqliteStore({ path: ':memory:' });
  const j = new Journal();
  store.applyBatch([
    // account 1's order 10 (maker, sells) vs account 2's order 20 (taker, buys)
    j.commit(executed({ id: 1, price: 100, amount: 5, time: 1000, takerSide: 'buy', maker: { order: 10, account: 1 }, taker: { order: 20, account: 2 }, makerFee: 1n, takerFee: 2n })),
    j.commit(executed({ id: 2, price: 101, amount: 7, time: 2000, takerSide: 'buy', maker: { order: 10, account: 1 }, taker: { order: 21, account: 2 } })),
    // self-trade of account 1 on another symbol
    j.commit(executed({ id: 3, symbol: 'XLM_ETH', price: 50, amount: 1, time: 3000, takerSide: 'sell', maker: { order: 11, account: 1 }, taker: { order: 12, account: 1 } })),
  ]);
  return store;
}

test('each trade gives one fill per side with side, fee and the taker flag', () => {
  const store = seeded();
  const mine = store.listFills({ accountId: 1 });
  assert.equal(mine.total, 4);
  assert.deepEqual(mine.rows.map((f) => [f.tradeId, f.orderId, f.side, f.active]), [
    [3, 12, 'sell', true],
    [3, 11, 'buy', false],
    [2, 10, 'sell', false],
    [1, 10, 'sell', false],
  ]);
  const first = mine.rows[3];
  assert.equal(first?.fee, 1n);
  assert.equal(first?.quoteAmount, 500n);
  assert.equal(first?.price, 100);
  assert.equal(first?.amount, 5);
  assert.equal(first?.time, 1000);
  const theirs = store.listFills({ accountId: 2 });
  assert.deepEqual(theirs.rows.map((f) => [f.tradeId, f.orderId, f.side, f.active, f.fee]), [
    [2, 21, 'buy', true, 0n],
    [1, 20, 'buy', true, 2n],
  ]);
});

test('fills by order, by symbol, and paged', () => {
  const store = seeded();
  assert.deepEqual(store.listFills({ accountId: 1, orderId: 10 }).rows.map((f) => f.tradeId), [2, 1]);
  assert.equal(store.listFills({ accountId: 2, orderId: 10 }).total, 0, "another account's order shows nothing");
  assert.deepEqual(store.listFills({ accountId: 1, symbol: 'XLM_ETH' }).rows.map((f) => f.orderId), [12, 11]);
  const p1 = store.listFills({ accountId: 1, page: 1, pageSize: 3 });
  assert.deepEqual(p1.rows.map((f) => f.tradeId), [1]);
  assert.equal(p1.total, 4);
  assert.deepEqual(store.listFills({ accountId: 1, page: 9, pageSize: 3 }), { rows: [], total: 4 });
});

test('public trades: newest first, and since a time, oldest first', () => {
  const store = seeded();
  assert.deepEqual(store.recentTrades('BMX_ETH', 10).map((t) => t.id), [2, 1]);
  assert.deepEqual(store.recentTrades('BMX_ETH', 1).map((t) => [t.id, t.takerSide, t.quoteAmount]), [[2, 'buy', 707n]]);
  assert.deepEqual(store.tradesSince('BMX_ETH', 1500).map((t) => t.id), [2]);
  assert.deepEqual(store.tradesSince('BMX_ETH', 0).map((t) => t.id), [1, 2]);
  assert.deepEqual(store.recentTrades('XLM_ETH', 5).map((t) => t.takerSide), ['sell']);
  assert.deepEqual(store.tradedSymbols(), ['BMX_ETH', 'XLM_ETH']);
});

test('ledger keeps every balance change with its seq, newest first', () => {
  const store = new SqliteStore({ path: ':memory:' });
  const j = new Journal();
  store.applyBatch([
    j.commit(balance({ accountId: 1, currency: 'ETH', availableDelta: 10n ** 20n, available: 10n ** 20n, time: 5 })),
    j.commit(
      balance({ accountId: 1, currency: 'ETH', reason: 'freeze', availableDelta: -5n, frozenDelta: 5n, available: 10n ** 20n - 5n, frozen: 5n, orderId: 9, time: 6 }),
      balance({ accountId: 1, currency: 'BMX', availableDelta: 3n, available: 3n, time: 6 }),
      balance({ accountId: 2, currency: 'ETH', availableDelta: 1n, available: 1n, time: 6 }),
    ),
  ]);
  const all = store.ledger({ accountId: 1, limit: 10 });
  assert.deepEqual(all.map((r) => [r.seq, r.currency, r.reason]), [[2, 'BMX', 'deposit'], [2, 'ETH', 'freeze'], [1, 'ETH', 'deposit']]);
  const eth = store.ledger({ accountId: 1, currency: 'ETH', limit: 10 });
  assert.equal(eth.length, 2);
  assert.equal(eth[0]?.availableDelta, -5n);
  assert.equal(eth[0]?.frozen, 5n);
  assert.equal(eth[0]?.orderId, 9);
  assert.equal(eth[1]?.available, 10n ** 20n, 'bigints beyond 2^64 survive');
  assert.equal(store.ledger({ accountId: 1, limit: 1 }).length, 1);
  const older = store.ledger({ accountId: 1, limit: 10, beforeId: all[1]?.id });
  assert.deepEqual(older.map((r) => r.seq), [1]);
});
