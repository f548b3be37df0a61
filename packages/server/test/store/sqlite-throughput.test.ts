/**
 * Throughput of one large batch (prints the time; asserts only correctness,
 * since timing depends on the machine).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommittedCommand } from '../../src/domain/index.js';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { Journal, balance, executed, order, placed, updated } from './fixtures.js';

/** n commands of 5 events each: place, trade, two order updates, one balance change. */
function commands(n: number): CommittedCommand[] {
  const j = new Journal();
  const out: CommittedCommand[] = [];
  const t0 = Date.UTC(2026, 0, 1);
  for (let i = 1; i <= n; i++) {
    const time = t0 + i * 1000;
    const taker = order({ id: 2 * i, accountId: 2 + (i % 50), createdAt: time, side: 'buy' });
    const maker = order({ id: 2 * i - 1, accountId: 1, createdAt: time - 500, side: 'sell' });
    out.push(j.commit(
      placed(taker),
      executed({ id: i, price: 1000 + (i % 37), amount: 100, time, maker: { order: maker.id, account: 1 }, taker: { order: taker.id, account: taker.accountId } }),
      updated(maker, 3, 0, time),
      updated(taker, 3, 0, time),
      balance({ accountId: taker.accountId, currency: 'ETH', reason: 'trade', availableDelta: -100n, tradeId: i, time }),
    ));
  }
  return out;
}

test('a 50k-event batch is applied in one transaction (time printed)', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'openmart-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = new SqliteStore({ path: join(dir, 'store.sqlite') });
  const batch = commands(10_000);
  const started = process.hrtime.bigint();
  store.applyBatch(batch);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  t.diagnostic(`50000 events (10000 commands) in ${ms.toFixed(0)} ms: ${Math.round(50_000 / (ms / 1000))} events/s`);
  console.log(`sqlite-store: 50000 events in ${ms.toFixed(0)} ms`);
  const small = commands(10_100).slice(10_000);
  const s2 = process.hrtime.bigint();
  for (const c of small) store.applyBatch([c]);
  const ms2 = Number(process.hrtime.bigint() - s2) / 1e6;
  console.log(`sqlite-store: 100 one-command batches in ${ms2.toFixed(1)} ms`);
  assert.equal(store.lastAppliedSeq(), 10_100);
  assert.equal(store.listFills({ accountId: 1, pageSize: 1 }).total, 10_100);
  assert.equal(store.listOrders({ accountId: 1, statuses: [3], page: 0, pageSize: 10 }).total, 10_100);
  store.close();
});
