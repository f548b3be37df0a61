/** The client-side limiter queues with a fake clock; no server needed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OpenmartClient, type ClientEvent } from '../src/index.js';
import { ClientRateLimiter, SlidingWindowLimiter } from '../src/rate-limiter.js';
import { contractLike } from './helpers/fetch-recorder.js';

function fakeTime(start = 1_000_000) {
  const t = { now: start, waits: [] as number[] };
  return {
    t,
    now: () => t.now,
    sleep: async (ms: number) => {
      t.waits.push(ms);
      t.now += ms;
    },
  };
}

test('at most N requests in any rolling minute; the rest wait their turn', async () => {
  const { t, now, sleep } = fakeTime();
  const lim = new SlidingWindowLimiter(3, now, sleep);
  const granted: number[] = [];
  await Promise.all(Array.from({ length: 7 }, () => lim.acquire().then(() => granted.push(t.now))));
  assert.deepEqual(granted.map((g) => g - 1_000_000), [0, 0, 0, 60_000, 60_000, 60_000, 120_000]);
});

test('spacing out requests frees their slots as the window slides', async () => {
  const { t, now, sleep } = fakeTime();
  const lim = new SlidingWindowLimiter(2, now, sleep);
  await lim.acquire();
  t.now += 30_000;
  await lim.acquire();
  assert.equal(await lim.acquire(), 30_000);
  assert.equal(t.now - 1_000_000, 60_000);
  assert.equal(await lim.acquire(), 30_000);
});

test('a per-class limit applies on top of the global one', async () => {
  const { t, now, sleep } = fakeTime();
  const lim = new ClientRateLimiter({ requestsPerMinute: 100, perClass: { token: 1 } }, now, sleep);
  await lim.acquire('token');
  await lim.acquire('public');
  assert.equal(t.now, 1_000_000);
  assert.equal(await lim.acquire('token'), 60_000);
});

test('bad limits are refused', () => {
  assert.throws(() => new SlidingWindowLimiter(0, Date.now, async () => {}), TypeError);
  assert.throws(() => new OpenmartClient({ rateLimit: { requestsPerMinute: 1.5 } }), TypeError);
});

test('the client queues instead of failing and reports the wait', async () => {
  const { t, now, sleep } = fakeTime();
  const events: ClientEvent[] = [];
  const fetch = contractLike();
  const om = new OpenmartClient({ fetch, clock: now, sleep, rateLimit: { requestsPerMinute: 2 }, logger: (e) => events.push(e) });
  await Promise.all([om.ping(), om.ping(), om.ping()]);
  assert.equal(fetch.sent.length, 3);
  assert.deepEqual(t.waits, [60_000]);
  assert.ok(events.some((e) => e.type === 'rate-limit-wait' && e.waitMs === 60_000));
});
