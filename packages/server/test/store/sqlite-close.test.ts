/**
 * Closing the store on a full disk: the WAL checkpoint at close fails
 * (SQLITE_FULL) and must not keep the database open nor fail the shutdown.
 * The checkpoint is the one injected failure (the store's `checkpoint` seam);
 * the database, its WAL and the reopen are real files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { Journal, executed, placed } from './fixtures.js';

class FullDiskStore extends SqliteStore {
  checkpoints = 0;
  protected override checkpoint(): void {
    this.checkpoints++;
    const err = new Error('database or disk is full') as Error & { code: string };
    err.code = 'SQLITE_FULL';
    throw err;
  }
}

for (const writer of ['inline', 'worker'] as const) {
  test(`close (${writer} writer) when the WAL checkpoint fails: reported, the file is still closed, nothing committed is lost`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'openmart-store-close-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'query.db');
    const warnings: string[] = [];
    const store = new FullDiskStore({ path, writer, handOffMs: 0, onCloseWarning: (m) => warnings.push(m) });
    const j = new Journal();
    store.applyBatch([j.commit(placed({ id: 1 })), j.commit(placed({ id: 2 }))]);
    store.applyBatch([j.commit(executed({ id: 1, price: 5, amount: 5, time: 1 }))]);
    await store.settled();

    await store.close();
    assert.equal(store.checkpoints, 1);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /WAL checkpoint at close failed .*database or disk is full/);
    // Closed: the read connection refuses, and closing again is a no-op.
    assert.throws(() => store.tradedSymbols(), /not open/);
    await store.close();
    assert.equal(store.checkpoints, 1);

    // Everything committed is there at the next open (from the WAL when it was not checkpointed).
    const again = new SqliteStore({ path });
    assert.equal(again.lastAppliedSeq(), 3);
    assert.equal(again.getOrder(1, 2)?.id, 2);
    await again.close();
  });
}
