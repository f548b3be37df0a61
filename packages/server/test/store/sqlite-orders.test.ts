import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { statusesOfFilter } from '../../src/store/port.js';
import { Journal, order, placed, updated } from './fixtures.js';

function seeded(): SqliteStore {
  const store = new SqliteStore({ path: ':memory:' });
  const j = new Journal();
  const o2 = order({ id: 2, createdAt: 2000 });
  const o3 = order({ id: 3, createdAt: 3000, side: 'sell' });
  const o4 = order({ id: 4, createdAt: 3000 });
  const o6 = order({ id: 6, symbol: 'XLM_ETH', createdAt: 6000 });
  store.applyBatch([
    j.commit(placed({ id: 1, createdAt: 1000 })),
    j.commit(placed(o2), updated(o2, 2, 400, 2500)),
    j.commit(placed(o3)),
    j.commit(placed(o4)),
    j.commit(placed({ id: 5, symbol: 'XLM_ETH', createdAt: 5000 })),
    j.commit(placed(o6)),
    j.commit(placed({ id: 7, accountId: 2, createdAt: 7000 })),
  ]);
  store.applyBatch([
    j.commit(updated(o3, 2, 500, 3100), updated(o3, 3, 0, 3200, 7n)),
    j.commit(updated(o4, 4, 1000, 4100)),
    j.commit(updated(o6, 4, 1000, 6100)),
  ]);
  return store;
}

const ids = (rows: readonly { id: number }[]) => rows.map((r) => r.id);

function list(store: SqliteStore, filter: number, extra: { symbol?: string; page?: number; pageSize?: number } = {}) {
  const statuses = statusesOfFilter(filter);
  assert.ok(statuses);
  return store.listOrders({ accountId: 1, statuses, page: extra.page ?? 0, pageSize: extra.pageSize, symbol: extra.symbol });
}

test('status filters 0..6 select the documented statuses, newest first with id as tie-breaker', () => {
  const store = seeded();
  assert.deepEqual(ids(list(store, 0).rows), [6, 5, 4, 3, 2, 1]);
  assert.deepEqual(ids(list(store, 1).rows), [5, 1]);
  assert.deepEqual(ids(list(store, 2).rows), [2]);
  assert.deepEqual(ids(list(store, 3).rows), [3]);
  assert.deepEqual(ids(list(store, 4).rows), [6, 4]);
  assert.deepEqual(ids(list(store, 5).rows), [5, 2, 1]);
  assert.deepEqual(ids(list(store, 6).rows), [6, 4, 3]);
  assert.equal(list(store, 6).total, 3);
  assert.equal(statusesOfFilter(7), undefined);
  assert.equal(statusesOfFilter(-1), undefined);
});

test('an order keeps its latest state across batches and within one batch', () => {
  const store = seeded();
  const o3 = store.getOrder(1, 3);
  assert.ok(o3);
  assert.equal(o3.status, 3);
  assert.equal(o3.remaining, 0);
  assert.equal(o3.fees, 7n);
  assert.equal(o3.updatedAt, 3200);
  assert.equal(o3.createdAt, 3000);
  assert.equal(o3.side, 'sell');
  const o2 = store.getOrder(1, 2);
  assert.equal(o2?.status, 2);
  assert.equal(o2?.remaining, 400);
});

test('symbol filter combines with status filter', () => {
  const store = seeded();
  assert.deepEqual(ids(list(store, 0, { symbol: 'XLM_ETH' }).rows), [6, 5]);
  assert.deepEqual(ids(list(store, 5, { symbol: 'BMX_ETH' }).rows), [2, 1]);
  assert.deepEqual(list(store, 0, { symbol: 'NOPE_ETH' }), { rows: [], total: 0 });
});

test('paging: page numbers from 0, past the end gives no rows but the right total', () => {
  const store = seeded();
  assert.deepEqual(ids(list(store, 0, { page: 0, pageSize: 4 }).rows), [6, 5, 4, 3]);
  assert.deepEqual(ids(list(store, 0, { page: 1, pageSize: 4 }).rows), [2, 1]);
  const past = list(store, 0, { page: 2, pageSize: 4 });
  assert.deepEqual(past, { rows: [], total: 6 });
  assert.deepEqual(list(store, 0, { page: 1_000_000_000, pageSize: 1000 }), { rows: [], total: 6 });
  assert.equal(list(store, 0, { page: 3, pageSize: undefined }).rows.length, 6, 'no page size: everything');
  assert.throws(() => list(store, 0, { page: 0, pageSize: 0 }), RangeError);
  assert.throws(() => list(store, 0, { page: -1, pageSize: 5 }), RangeError);
});

test("another account's orders are invisible", () => {
  const store = seeded();
  assert.equal(store.getOrder(2, 1), undefined);
  assert.equal(store.getOrder(1, 7), undefined);
  assert.equal(store.getOrder(2, 7)?.accountId, 2);
  assert.equal(store.getOrder(1, 999), undefined);
  const two = store.listOrders({ accountId: 2, statuses: [], page: 0, pageSize: undefined });
  assert.deepEqual(ids(two.rows), [7]);
  assert.equal(store.listOrders({ accountId: 3, statuses: [], page: 0, pageSize: 10 }).total, 0);
});
