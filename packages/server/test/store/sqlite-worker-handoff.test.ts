/**
 * Writer 'worker' hand-off buffering: applyBatch buffers the commands and
 * posts them `handOffMs` later, but settled() posts at once (read-after-write
 * stays immediate), close() posts before it stops, a full buffer is posted
 * at once, and the lag bound counts buffered commands as handed over (and
 * posts them before it waits, so it never waits for itself).
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommittedCommand } from '../../src/domain/index.js';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { Journal, MARKET, executed, placed } from './fixtures.js';

/** Long enough that the timer never posts during a test: whatever arrives was posted by something else. */
const NEVER = 600_000;
/** A hand-off that waits for itself would hang: fail instead. */
const LIMIT = { timeout: 60_000 };

function tempPath(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'openmart-handoff-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'store.db');
}

function commands(n: number): CommittedCommand[] {
  const j = new Journal();
  return Array.from({ length: n }, (_, i) => j.commit(placed({ id: i + 1 }), executed({ id: i + 1, price: 10 + (i % 7), amount: 3, time: 1_000 * i })));
}

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('settled() right after applyBatch posts the buffer and sees the data', LIMIT, async (t) => {
  const store = new SqliteStore({ path: tempPath(t), writer: 'worker', handOffMs: NEVER });
  t.after(() => store.close());
  const all = commands(30);
  for (let i = 0; i < 10; i++) {
    store.applyBatch(all.slice(3 * i, 3 * i + 3));
    await store.settled();
    assert.equal(store.lastAppliedSeq(), 3 * i + 3);
    assert.equal(store.getOrder(1, 3 * i + 3)?.id, 3 * i + 3);
    assert.equal(store.recentTrades(MARKET.symbol, 100).length, 3 * i + 3);
  }
});

test('buffered commands are posted by the timer without any settled()', async (t) => {
  const store = new SqliteStore({ path: tempPath(t), writer: 'worker', handOffMs: 5 });
  t.after(() => store.close());
  store.applyBatch(commands(4));
  await until('the timer to hand the batch over', () => store.lastAppliedSeq() === 4);
  assert.equal(store.recentTrades(MARKET.symbol, 10).length, 4);
});

test('a full buffer is posted at once; handOffMs 0 posts every applyBatch', async (t) => {
  const all = commands(1200);
  const big = new SqliteStore({ path: tempPath(t), writer: 'worker', handOffMs: NEVER });
  t.after(() => big.close());
  big.applyBatch(all.slice(0, 1000));
  await until('a 1000-command buffer to be posted', () => big.lastAppliedSeq() === 1000);
  const eager = new SqliteStore({ path: tempPath(t), writer: 'worker', handOffMs: 0 });
  t.after(() => eager.close());
  eager.applyBatch(all.slice(0, 1));
  await until('an unbuffered batch to arrive', () => eager.lastAppliedSeq() === 1);
  assert.throws(() => new SqliteStore({ path: tempPath(t), writer: 'worker', handOffMs: -1 }), /handOffMs/);
});

test('close() posts the buffer and commits it before it stops', LIMIT, async (t) => {
  const path = tempPath(t);
  const store = new SqliteStore({ path, writer: 'worker', handOffMs: NEVER });
  const all = commands(50);
  for (const c of all) store.applyBatch([c]);
  assert.equal(store.lastAppliedSeq(), 0, 'nothing posted yet');
  await store.close();
  const again = new SqliteStore({ path });
  assert.equal(again.lastAppliedSeq(), 50);
  assert.equal(again.recentTrades(MARKET.symbol, 100).length, 50);
  await again.close();
});

test('the lag bound counts buffered commands, and posts them rather than wait for itself', LIMIT, async (t) => {
  const max = 40;
  const store = new SqliteStore({ path: tempPath(t), writer: 'worker', handOffMs: NEVER, maxLagCommands: max });
  t.after(() => store.close());
  const all = commands(2000);
  let worst = 0;
  for (let i = 0; i < all.length; i += 7) {
    const part = all.slice(i, i + 7);
    store.applyBatch(part); // would hang here if the buffer were not posted before waiting
    worst = Math.max(worst, part[part.length - 1].seq - store.lastAppliedSeq());
  }
  t.diagnostic(`largest lag (buffered + posted, uncommitted) after applyBatch: ${worst} (bound ${max})`);
  assert.ok(worst <= max, `lag ${worst} > ${max}`);
  assert.ok(worst > 7, 'buffered commands were counted as lag');
  await store.settled();
  assert.equal(store.lastAppliedSeq(), 2000);
});
