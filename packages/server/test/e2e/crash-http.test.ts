/** Short variant of the HTTP crash test (the long one: npm run crash:http). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCrashScenario } from './crash-scenario.js';

test('SIGKILL under signed order load loses no acknowledged order and keeps balances consistent', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'openmart-crash-'));
  try {
    const report = await runCrashScenario({ dataDir: dir, accounts: 4, loadMs: 1500, rounds: 1, seed: 7 });
    t.diagnostic(`${report.acknowledgedOrders} orders (${report.ordersWithFills} with fills) and ${report.acknowledgedCancels} cancels acknowledged before the kill`);
    assert.deepEqual(report.problems, []);
    assert.ok(report.acknowledgedOrders > 0, 'some orders were acknowledged before the kill');
    assert.ok(report.ordersWithFills > 0, 'the load traded');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
