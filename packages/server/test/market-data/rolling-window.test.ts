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
  assert.deepEqual(w.stats(), { open: 100, high: 300, low: 100, close: 200, volume: 6n, quoteVolume: 1300n });
  assert.equal(w.nextEviction(), 3 * MIN);
  w.evict(3 * MIN);
  assert.deepEqual(w.stats(), { open: 300, high: 300, low: 200, close: 200, volume: 5n, quoteVolume: 1200n });
  w.evict(4 * MIN);
  assert.deepEqual(w.stats(), { open: 200, high: 200, low: 200, close: 200, volume: 3n, quoteVolume: 600n });
  w.evict(5 * MIN);
  assert.deepEqual(w.stats(), { open: undefined, high: undefined, low: undefined, close: undefined, volume: 0n, quoteVolume: 0n });
  assert.equal(w.nextEviction(), Infinity);
});

test('a time that steps back counts in the newest bucket', () => {
  const w = new RollingWindow(2);
  w.add(100, 1, 1n, 5 * MIN);
  w.add(50, 1, 1n, 3 * MIN);
  w.evict(5 * MIN);
  assert.deepEqual(w.stats(), { open: 100, high: 100, low: 50, close: 50, volume: 2n, quoteVolume: 2n });
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
      assert.equal(s.close, inside[inside.length - 1]?.price);
    }
  }
});
