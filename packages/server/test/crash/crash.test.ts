/**
 * A short crash run (the long one is `npm run crash`): a child process with
 * engine and journal is SIGKILLed at random moments and restarted; every
 * acknowledged command must survive and recovery must equal a fresh replay.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCrashRounds } from './harness.js';

test('acknowledged commands survive SIGKILL at random moments, and recovery equals a fresh replay', { timeout: 90_000 }, async () => {
  const s = await runCrashRounds({ rounds: 3, seconds: 15, seed: 20261124, minKillMs: 200, maxKillMs: 1200, earlyKillShare: 0.2, snapshotEvery: 1500 });
  assert.deepEqual(s.violations, []);
  assert.ok(s.rounds >= 1);
  assert.ok(s.acked > 0, 'the worker acknowledged commands before being killed');
});
