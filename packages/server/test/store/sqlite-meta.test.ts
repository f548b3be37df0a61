/** meta.last_seq: created with schema_version in one transaction, repaired only when safe, and every batch must set it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, readLastSeq } from '../../src/store/sqlite/schema.js';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { Journal, placed } from './fixtures.js';

function dbPath(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'openmart-store-meta-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'query.db');
}

function metaRows(path: string): Record<string, string> {
  const db = new Database(path);
  try {
    const rows = db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>;
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  } finally {
    db.close();
  }
}

/** What the old two-autocommit initialisation left when killed between its inserts. */
function dropLastSeq(path: string, before?: (db: Database.Database) => void): void {
  const db = new Database(path);
  before?.(db);
  db.prepare("DELETE FROM meta WHERE key = 'last_seq'").run();
  db.close();
}

test('a new store has schema_version and last_seq', (t) => {
  const path = dbPath(t);
  openDatabase(path).close();
  assert.deepEqual(metaRows(path), { schema_version: '1', last_seq: '0' });
});

test('a store with schema_version but no last_seq: repaired as 0 when empty', (t) => {
  const path = dbPath(t);
  openDatabase(path).close();
  dropLastSeq(path);
  const db = openDatabase(path);
  assert.equal(readLastSeq(db), 0);
  db.close();
  assert.deepEqual(metaRows(path), { schema_version: '1', last_seq: '0' });
});

test('a store with schema_version, rows and no last_seq is refused with what to do', (t) => {
  const path = dbPath(t);
  const store = new SqliteStore({ path });
  const j = new Journal();
  store.applyBatch([j.commit(placed({ id: 1 }))]);
  store.close();
  dropLastSeq(path);
  assert.throws(() => new SqliteStore({ path }), /last_seq is missing but table orders has rows.*delete .*query\.db.*rebuild/);
  assert.equal(metaRows(path).last_seq, undefined, 'nothing was guessed');
});

test('a batch whose last_seq update changes nothing fails and rolls back instead of being re-fed forever', (t) => {
  const path = dbPath(t);
  const store = new SqliteStore({ path });
  t.after(() => store.close());
  const j = new Journal();
  store.applyBatch([j.commit(placed({ id: 1 }))]);
  // Simulate the missing row under a running store (its own connection).
  dropLastSeq(path);
  assert.throws(() => store.applyBatch([j.commit(placed({ id: 2 }))]), /meta\.last_seq .* changed 0 rows/);
  assert.equal(store.getOrder(1, 2), undefined, 'the batch was rolled back');
  assert.equal(store.lastAppliedSeq(), 1);
});
