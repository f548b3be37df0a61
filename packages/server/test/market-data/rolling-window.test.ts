import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RollingWindow } from '../../src/app/market-data/index.js';

const MIN = 60_000;

test('window keeps the last N minute buckets and evicts from the front', () => {
  const w = new RollingWindow(3);
  w.add(100, 1, 100n, 0);
  w.add(300, 2, 600n, MIN + 5);
  w.add(200, 3, 600n, 2 * MIN);
  w.evict(2 * MIN + 59_999);
  assert.deepEqual(w.stats(), { open: 100, reference: 100, high: 300, low: 100, close: 200, volume: 6n, quoteVolume: 1300n });
  assert.equal(w.nextEviction(), 3 * MIN);
  w.evict(3 * MIN);
  assert.deepEqual(w.stats(), { open: 300, reference: 100, high: 300, low: 200, close: 200, volume: 5n, quoteVolume: 1200n });
  w.evict(4 * MIN);
  assert.deepEqual(w.stats(), { open: 200, reference: 300, high: 200, low: 200, close: 200, volume: 3n, quoteVolume: 600n });
  w.evict(5 * MIN);
  assert.deepEqual(w.stats(), { open: undefined, reference: 200, high: undefined, low: undefined, close: undefined, volume: 0n, quoteVolume: 0n });
  assert.equal(w.nextEviction(), Infinity);
});

test('a time that steps back counts in the newest bucket', () => {
  const w = new RollingWindow(2);
  w.add(100, 1, 1n, 5 * MIN);
  w.add(50, 1, 1n, 3 * MIN);
  w.evict(5 * MIN);
  assert.deepEqual(w.stats(), { open: 100, reference: 100, high: 100, low: 50, close: 50, volume: 2n, quoteVolume: 2n });
});

test('highest/lowest match a brute-force scan over random trades', () => {
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const minutes = 30;
  const w = new RollingWindow(minutes);
  const all: { price: number; amount: number; time: number }[] = [];
  let time = 0;
  let now = 0;
  for (let i = 0; i < 3000; i++) {
    time += rnd(40_000);
    const t = { price: 1 + rnd(1000), amount: 1 + rnd(50), time };
    all.push(t);
    w.add(t.price, t.amount, BigInt(t.price * t.amount), t.time);
    if (i % 7 === 0) {
      now = Math.max(now, time + rnd(5 * MIN)); // eviction is for a clock that only moves forward
      w.evict(now);
      const first = Math.floor(now / MIN) * MIN - (minutes - 1) * MIN;
      const inside = all.filter((x) => x.time >= first);
      const s = w.stats();
      assert.equal(s.high, inside.length ? Math.max(...inside.map((x) => x.price)) : undefined);
      assert.equal(s.low, inside.length ? Math.min(...inside.map((x) => x.price)) : undefined);
      assert.equal(s.volume, BigInt(inside.reduce((a, x) => a + x.amount, 0)));
      assert.equal(s.open, inside[0]?.price);
      const before = all.filter((x) => x.time < first);
      assert.equal(s.reference, before.length ? before[before.length - 1]?.price : inside[0]?.price, 'reference: last price before the window, else the first in it');
      assert.equal(s.close, inside[inside.length - 1]?.price);
    }
  }
});

test('reference price: the close of the newest bucket that left, however many leave at once', () => {
  const w = new RollingWindow(5);
  w.add(10, 1, 10n, 0);
  w.add(15, 1, 15n, 30_000);
  w.add(20, 1, 20n, MIN);
  w.add(30, 1, 30n, 2 * MIN);
  w.add(35, 1, 35n, 2 * MIN + 1);
  w.add(40, 1, 40n, 3 * MIN);
  w.evict(4 * MIN);
  assert.equal(w.stats().reference, 10, 'nothing left yet: the first price in the window (its first bucket\'s open)');
  // At minute 7 the window is minutes 3..7: minutes 0, 1 and 2 leave in one call.
  w.evict(7 * MIN);
  assert.deepEqual(w.stats(), { open: 40, reference: 35, high: 40, low: 40, close: 40, volume: 1n, quoteVolume: 40n });
});

test('reference price of a market younger than the window: its first trade', () => {
  const w = new RollingWindow(1440);
  assert.equal(w.stats().reference, undefined, 'no trade ever');
  w.add(50, 1, 50n, 5 * MIN + 10);
  w.add(60, 1, 60n, 5 * MIN + 20);
  w.add(45, 1, 45n, 9 * MIN);
  w.evict(20 * MIN);
  const s = w.stats();
  assert.equal(s.reference, 50);
  assert.equal(s.open, 50);
  assert.equal(s.close, 45);
});

test('no trade in the window: the reference is the last price, and stays the price before the window when trading resumes', () => {
  const w = new RollingWindow(3);
  w.add(100, 1, 100n, 0);
  w.add(110, 1, 110n, MIN);
  w.evict(10 * MIN);
  assert.deepEqual(w.stats(), { open: undefined, reference: 110, high: undefined, low: undefined, close: undefined, volume: 0n, quoteVolume: 0n });
  assert.equal(w.nextEviction(), Infinity, 'nothing left to evict: the reference cannot change with time alone');
  w.add(120, 2, 240n, 10 * MIN);
  w.evict(10 * MIN);
  assert.deepEqual(w.stats(), { open: 120, reference: 110, high: 120, low: 120, close: 120, volume: 2n, quoteVolume: 240n });
  w.evict(13 * MIN);
  assert.equal(w.stats().reference, 120);
});

test('the reference only changes when a bucket leaves, i.e. at nextEviction()', () => {
  const w = new RollingWindow(3);
  w.add(100, 1, 100n, 0);
  w.add(105, 1, 105n, 1);
  w.add(90, 1, 90n, MIN);
  w.add(95, 1, 95n, 2 * MIN);
  w.evict(2 * MIN);
  assert.equal(w.stats().reference, 100);
  for (let i = 0; i < 3; i++) {
    const at = w.nextEviction();
    w.evict(at - 1);
    const before = w.stats().reference;
    w.evict(at);
    assert.notEqual(w.stats().reference, before, `changed at ${at}`);
    assert.equal(w.stats().reference, [105, 90, 95][i]);
  }
  assert.equal(w.nextEviction(), Infinity);
});

test('a bucket older than the window start, added first (as rebuild does), is the reference once evicted', () => {
  const w = new RollingWindow(1440);
  const bucket = (minute: number, close: number) => ({ minute, open: close, high: close, low: close, close, volume: 1n, quote: BigInt(close) });
  w.addBucket(bucket(0, 30));
  w.addBucket(bucket(1380 * MIN, 33));
  w.evict(1442 * MIN);
  assert.deepEqual(w.stats(), { open: 33, reference: 30, high: 33, low: 33, close: 33, volume: 1n, quoteVolume: 33n });
});
