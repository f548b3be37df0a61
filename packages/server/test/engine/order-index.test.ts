/**
 * The open-order index keeps open orders only: closed orders leave nothing
 * behind, whatever the order ids ever handed out; stragglers of old chunks
 * are kept one by one; any id a command may carry is answered correctly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command } from '../../src/domain/index.js';
import { Engine } from '../../src/engine/engine.js';
import { given, MARKET } from './fixtures.js';

const ONE = 10_000;
const N = 100_000;

function run(engine: Engine, command: Command): void {
  const out = engine.apply(command);
  if (!out.ok) assert.fail(`${command.type} rejected: ${out.code} ${out.message}`);
}

function place(g: ReturnType<typeof given>, accountId: number, side: 'buy' | 'sell', price: number): number {
  const id = g.engine.nextIds().order;
  run(g.engine, { type: 'placeOrder', now: g.now(), orderId: id, accountId, symbol: MARKET.symbol, side, price, amount: ONE });
  return id;
}

function cancel(g: ReturnType<typeof given>, accountId: number, orderId: number): void {
  run(g.engine, { type: 'cancelOrder', now: g.now(), accountId, orderId });
}

test(`${N} orders rested and filled, and ${N} rested and cancelled, leave no chunk behind`, () => {
  const g = given();
  const maker = g.user({ BTC: 10n ** 15n, USDT: 10n ** 15n });
  const taker = g.user({ BTC: 10n ** 15n, USDT: 10n ** 15n });
  for (let i = 0; i < N; i++) {
    place(g, maker, 'buy', 10_000);
    place(g, taker, 'sell', 10_000);
  }
  assert.deepEqual(g.engine.orderIndexStats(), { open: 0, chunks: 1, sparse: 0 }, 'after fills: only the newest chunk');
  const first = g.engine.nextIds().order;
  for (let i = 0; i < N; i++) place(g, maker, 'buy', 9_000 + (i % 500));
  const resting = g.engine.orderIndexStats();
  assert.equal(resting.open, N);
  assert.equal(resting.sparse, 0);
  assert.ok(resting.chunks >= N / 4096 && resting.chunks <= N / 4096 + 2, `${resting.chunks} chunks for ${N} consecutive open orders`);
  for (let id = first; id < first + N; id++) cancel(g, maker, id);
  assert.deepEqual(g.engine.orderIndexStats(), { open: 0, chunks: 1, sparse: 0 }, 'after cancels: only the newest chunk');
  assert.deepEqual(g.engine.nextIds().order, 3 * N + 1);
  g.engine.validate();
});

test('old orders that stay open while the rest close are kept one by one, not by chunk', () => {
  const g = given();
  const u = g.user({ BTC: 10n ** 15n, USDT: 10n ** 15n });
  const kept: number[] = [];
  for (let i = 0; i < N; i++) {
    const id = place(g, u, 'buy', 9_000 + (i % 500));
    if (i % 1_000 === 0) kept.push(id);
    else cancel(g, u, id);
  }
  const stats = g.engine.orderIndexStats();
  assert.equal(stats.open, kept.length);
  assert.equal(stats.chunks, 1);
  assert.ok(stats.sparse >= kept.length - 5, `${stats.sparse} sparse for ${kept.length} stragglers`);
  g.engine.validate();
  for (const id of kept) assert.equal(g.engine.openOrder(id)?.id, id);
  for (const id of kept) cancel(g, u, id);
  assert.deepEqual(g.engine.orderIndexStats(), { open: 0, chunks: 1, sparse: 0 });
  g.engine.validate();
});

test('cancelOrder of an id that is not an open order of the account is ORDER_NOT_FOUND, whatever the id', () => {
  const g = given();
  const u = g.user();
  const other = g.user();
  const filledMaker = g.place(u, 'sell', 10_000, ONE).id;
  g.place(other, 'buy', 10_000, ONE);
  const cancelled = g.place(u, 'buy', 9_000, ONE).id;
  g.ok({ type: 'cancelOrder', now: g.now(), accountId: u, orderId: cancelled });
  const open = g.place(u, 'buy', 9_000, ONE).id;
  const ids = [filledMaker, cancelled, 0, -1, 1.5, Number.NaN, Infinity, 2 ** 32 + open, 4096 * 2 ** 20 + open, 2 ** 53, g.engine.nextIds().order];
  for (const orderId of ids) {
    assert.equal(g.engine.openOrder(orderId), undefined, `openOrder(${orderId})`);
    const before = g.engine.stateHash();
    const out = g.apply({ type: 'cancelOrder', now: g.now(), accountId: u, orderId });
    assert.equal(out.ok ? 'ok' : out.code, 'ORDER_NOT_FOUND', `cancel ${orderId}`);
    assert.equal(g.engine.stateHash(), before);
  }
  const theirs = g.apply({ type: 'cancelOrder', now: g.now(), accountId: other, orderId: open });
  assert.equal(theirs.ok ? 'ok' : theirs.code, 'ORDER_NOT_FOUND');
  assert.equal(g.engine.openOrder(open)?.id, open);
  g.ok({ type: 'cancelOrder', now: g.now(), accountId: u, orderId: open });
});

test('order ids above 2^32 are indexed by their own slot', () => {
  const g = given();
  const u = g.user();
  g.place(u, 'buy', 9_000, ONE);
  g.place(u, 'buy', 9_001, ONE);
  const snap = g.engine.snapshot() as ReturnType<Engine['snapshot']> & {
    lastOrderId: number;
    books: Array<{ symbol: string; orders: Array<[number, ...unknown[]]> }>;
  };
  const base = 2 ** 40;
  const moved = {
    ...snap,
    lastOrderId: base + 2,
    books: snap.books.map((b) => ({ ...b, orders: b.orders.map(([id, ...rest]) => [base + id, ...rest]) })),
  };
  const e = Engine.restore(moved);
  assert.equal(e.openOrder(base + 1)?.price, 9_000);
  assert.equal(e.openOrder(base + 2)?.price, 9_001);
  assert.equal(e.openOrder(1), undefined);
  assert.equal(e.openOrder(2), undefined);
  assert.deepEqual(e.nextIds().order, base + 3);
  run(e, { type: 'cancelOrder', now: g.now(), accountId: u, orderId: base + 1 });
  run(e, { type: 'placeOrder', now: g.now(), orderId: base + 3, accountId: u, symbol: MARKET.symbol, side: 'buy', price: 9_002, amount: ONE });
  assert.equal(e.openOrder(base + 3)?.price, 9_002);
  assert.deepEqual(e.orderIndexStats(), { open: 2, chunks: 1, sparse: 0 });
  e.validate();
});
