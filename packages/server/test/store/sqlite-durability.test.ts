import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { Journal, executed, placed } from './fixtures.js';

test('lastAppliedSeq survives closing and reopening a file database', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'openmart-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'store.sqlite');
  const j = new Journal();
  const first = new SqliteStore({ path });
  assert.equal(first.lastAppliedSeq(), 0);
  first.applyBatch([j.commit(placed({ id: 1 })), j.commit(placed({ id: 2 }))]);
  first.applyBatch([j.commit(executed({ id: 1, price: 5, amount: 5, time: 1 }))]);
  assert.equal(first.lastAppliedSeq(), 3);
  first.close();

  const again = new SqliteStore({ path });
  assert.equal(again.lastAppliedSeq(), 3);
  assert.equal(again.getOrder(1, 2)?.id, 2);
  again.applyBatch([j.commit(placed({ id: 3 }))]);
  assert.equal(again.lastAppliedSeq(), 4);
  again.close();
  assert.equal(new SqliteStore({ path }).lastAppliedSeq(), 4);
});

test('replayed commands at or below lastAppliedSeq are skipped', () => {
  const store = new SqliteStore({ path: ':memory:' });
  const j = new Journal();
  const batch = [j.commit(placed({ id: 1 })), j.commit(executed({ id: 1, price: 5, amount: 5, time: 1 }))];
  store.applyBatch(batch);
  store.applyBatch(batch);
  assert.equal(store.lastAppliedSeq(), 2);
  assert.equal(store.recentTrades('BMX_ETH', 10).length, 1);
  assert.equal(store.listFills({ accountId: 1 }).total, 1);
});

test('a gap in seq is refused and the whole batch rolls back', () => {
  const store = new SqliteStore({ path: ':memory:' });
  const j = new Journal();
  store.applyBatch([j.commit(placed({ id: 1 }))]);
  const ok = j.commit(placed({ id: 2 }));
  j.seq += 1; // skip one
  const afterGap = j.commit(placed({ id: 3 }));
  assert.throws(() => store.applyBatch([ok, afterGap]), /gap/);
  assert.equal(store.lastAppliedSeq(), 1);
  assert.equal(store.getOrder(1, 2), undefined, 'nothing of the failed batch is kept');
});
