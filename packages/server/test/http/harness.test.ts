import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TestClock } from './harness.js';

test('TestClock: frozen unless advanced, or running with the wall clock', async () => {
  const frozen = new TestClock(1000, false);
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(frozen.now(), 1000);
  frozen.advance(500);
  assert.equal(frozen.now(), 1500);
  const running = new TestClock(1000, true);
  const t0 = running.now();
  await new Promise((r) => setTimeout(r, 20));
  assert.ok(running.now() > t0);
  running.advance(60_000);
  assert.ok(running.now() >= t0 + 60_000);
});
