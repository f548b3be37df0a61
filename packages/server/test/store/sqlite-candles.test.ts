import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { bucketStart } from '../../src/store/candle-math.js';
import { Journal, executed } from './fixtures.js';

const MIN = 60_000;
const DAY = 1440 * MIN;
/** 2026-11-23T10:07:30Z */
const T0 = Date.UTC(2026, 10, 23, 10, 7, 30);

function ohlcv(c: { open: number; high: number; low: number; close: number; volume: bigint } | undefined) {
  return c && [c.open, c.high, c.low, c.close, c.volume];
}

test('bucket starts are epoch-aligned for every step', () => {
  assert.equal(bucketStart(T0, 1), Date.UTC(2026, 10, 23, 10, 7));
  assert.equal(bucketStart(T0, 5), Date.UTC(2026, 10, 23, 10, 5));
  assert.equal(bucketStart(T0, 45), Date.UTC(2026, 10, 23, 9, 45));
  assert.equal(bucketStart(T0, 240), Date.UTC(2026, 10, 23, 8));
  assert.equal(bucketStart(T0, 1440), Date.UTC(2026, 10, 23));
  // 10080: weeks from the epoch, which was a Thursday
  assert.equal(bucketStart(T0, 10080), Date.UTC(2026, 10, 19));
  assert.equal(new Date(bucketStart(T0, 10080)).getUTCDay(), 4);
  // 43200: 30-day blocks from the epoch
  assert.equal(bucketStart(T0, 43200) % (30 * DAY), 0);
  assert.ok(T0 - bucketStart(T0, 43200) < 30 * DAY);
});

test('trades build open/high/low/close/volume for several steps, merged across batches', () => {
  const store = new SqliteStore({ path: ':memory:' });
  const j = new Journal();
  store.applyBatch([
    j.commit(executed({ id: 1, price: 100, amount: 2, time: T0 })),
    j.commit(executed({ id: 2, price: 120, amount: 3, time: T0 + 10_000 })),
  ]);
  store.applyBatch([
    j.commit(executed({ id: 3, price: 90, amount: 1, time: T0 + 20_000 })), // still 10:07
    j.commit(executed({ id: 4, price: 95, amount: 4, time: T0 + 60_000 })), // 10:08
  ]);
  store.applyBatch([j.commit(executed({ id: 5, price: 110, amount: 5, time: T0 + 3 * MIN }))]); // 10:10
  const q = (step: number) => store.candles({ symbol: 'BMX_ETH', step, from: 0, to: T0 + DAY, limit: 100, keep: 'latest' });

  const m1 = q(1);
  assert.deepEqual(m1.map((c) => c.time), [bucketStart(T0, 1), bucketStart(T0, 1) + MIN, bucketStart(T0, 1) + 3 * MIN]);
  assert.deepEqual(ohlcv(m1[0]), [100, 120, 90, 90, 6n]);
  assert.equal(m1[0]?.quoteVolume, 200n + 360n + 90n);
  assert.deepEqual(ohlcv(m1[1]), [95, 95, 95, 95, 4n]);

  const m5 = q(5);
  assert.deepEqual(m5.map((c) => c.time), [Date.UTC(2026, 10, 23, 10, 5), Date.UTC(2026, 10, 23, 10, 10)]);
  assert.deepEqual(ohlcv(m5[0]), [100, 120, 90, 95, 10n]);
  assert.deepEqual(ohlcv(m5[1]), [110, 110, 110, 110, 5n]);

  for (const step of [60, 1440, 10080, 43200]) {
    const c = q(step);
    assert.equal(c.length, 1, `step ${step}`);
    assert.equal(c[0]?.time, bucketStart(T0, step));
    assert.deepEqual(ohlcv(c[0]), [100, 120, 90, 110, 15n]);
  }
  assert.equal(q(3).length + q(15).length > 0, true);
});

test('candle queries: inclusive range, the latest or earliest `limit` returned ascending, per symbol', () => {
  const store = new SqliteStore({ path: ':memory:' });
  const j = new Journal();
  const base = bucketStart(T0, 1);
  store.applyBatch(Array.from({ length: 10 }, (_, i) => j.commit(executed({ id: i + 1, price: 100 + i, amount: 1, time: base + i * MIN }))));
  const all = (from: number, to: number, limit: number, keep: 'earliest' | 'latest' = 'latest') =>
    store.candles({ symbol: 'BMX_ETH', step: 1, from, to, limit, keep }).map((c) => (c.time - base) / MIN);
  assert.deepEqual(all(base, base + 9 * MIN, 100), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(all(base + 2 * MIN, base + 4 * MIN, 100), [2, 3, 4]);
  assert.deepEqual(all(0, Number.MAX_SAFE_INTEGER, 3), [7, 8, 9]);
  assert.deepEqual(all(0, Number.MAX_SAFE_INTEGER, 3, 'earliest'), [0, 1, 2]);
  assert.deepEqual(all(base + 4 * MIN, base + 8 * MIN, 2, 'earliest'), [4, 5]);
  assert.deepEqual(all(base + MIN, base, 10), []);
  assert.deepEqual(store.candles({ symbol: 'XLM_ETH', step: 1, from: 0, to: base * 2, limit: 10, keep: 'latest' }), []);
});

test('a clock that steps back never reopens an older bucket', () => {
  const store = new SqliteStore({ path: ':memory:' });
  const j = new Journal();
  store.applyBatch([j.commit(executed({ id: 1, price: 100, amount: 1, time: T0 + MIN }))]);
  store.applyBatch([j.commit(executed({ id: 2, price: 200, amount: 1, time: T0 }))]);
  const c = store.candles({ symbol: 'BMX_ETH', step: 1, from: 0, to: T0 * 2, limit: 10, keep: 'latest' });
  assert.equal(c.length, 1);
  assert.deepEqual(ohlcv(c[0]), [100, 200, 100, 200, 2n]);
});
