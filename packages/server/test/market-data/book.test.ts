import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateBook, aggregateLevels, bucketPrice, bookPrice } from '../../src/app/market-data/index.js';
import type { DepthLevel } from '../../src/engine/types.js';
import { MARKET } from '../store/fixtures.js';
import { FakeEngine } from './fake-engine.js';

const L = (price: number, amount: number, count = 1): DepthLevel => ({ price, amount, count });
const levels = 50;

test('bids round down, asks round up, to the bucket width', () => {
  assert.equal(bucketPrice(481_149, 100, 'buy'), 481_100);
  assert.equal(bucketPrice(481_149, 100, 'sell'), 481_200);
  assert.equal(bucketPrice(481_100, 100, 'sell'), 481_100);
  assert.equal(bucketPrice(481_100, 100, 'buy'), 481_100);
});

test('levels merge into buckets with cumulative totals and order counts', () => {
  const bids = aggregateLevels([L(481_199, 100, 2), L(481_150, 50), L(481_100, 25), L(481_099, 10, 3)], 'buy', 100);
  assert.deepEqual(bids, [
    { price: 481_100, amount: 175n, total: 175n, count: 4 },
    { price: 481_000, amount: 10n, total: 185n, count: 3 },
  ]);
  const asks = aggregateLevels([L(481_201, 5), L(481_300, 6), L(481_301, 7, 2)], 'sell', 100);
  assert.deepEqual(asks, [
    { price: 481_300, amount: 11n, total: 11n, count: 2 },
    { price: 481_400, amount: 7n, total: 18n, count: 2 },
  ]);
});

test('wire book: precision digits in prices, amounts with amount decimals; never crossed', () => {
  const engine = new FakeEngine();
  engine.setDepth(MARKET.symbol, 'buy', [L(481_149, 1199), L(481_101, 1)]);
  engine.setDepth(MARKET.symbol, 'sell', [L(481_151, 300, 2), L(481_199, 100)]);
  // priceDecimals 8: precision 6 merges 100 ticks
  const b = aggregateBook((s, side, n) => engine.depth(s, side, n), MARKET, 6, levels);
  assert.equal(b.bids[0]?.price, 481_100);
  assert.equal(b.asks[0]?.price, 481_200);
  assert.equal(bookPrice(8, 6, 481_100), '0.004811');
  assert.equal(bookPrice(8, 8, 481_149), '0.00481149');
  assert.equal(bookPrice(8, 10, 481_149), '0.0048114900');
});

test('random books stay uncrossed and keep every amount at every precision', () => {
  let seed = 11;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let round = 0; round < 200; round++) {
    const mid = 1_000_000 + rnd(1_000_000);
    const bids: DepthLevel[] = [];
    const asks: DepthLevel[] = [];
    let p = mid - 1 - rnd(50);
    for (let i = 0; i < 1 + rnd(80); i++, p -= 1 + rnd(300)) bids.push(L(p, 1 + rnd(1000), 1 + rnd(3)));
    p = mid + rnd(50);
    for (let i = 0; i < 1 + rnd(80); i++, p += 1 + rnd(300)) asks.push(L(p, 1 + rnd(1000), 1 + rnd(3)));
    const engine = new FakeEngine();
    engine.setDepth(MARKET.symbol, 'buy', bids);
    engine.setDepth(MARKET.symbol, 'sell', asks);
    for (const precision of [4, 5, 6, 7, 8]) {
      const b = aggregateBook((s, side, n) => engine.depth(s, side, n), MARKET, precision, 1000);
      const bestBid = b.bids[0]?.price ?? 0;
      const bestAsk = b.asks[0]?.price ?? Infinity;
      assert.ok(bestBid < bestAsk, `crossed at precision ${precision}: ${bestBid} >= ${bestAsk}`);
      assert.equal(b.bids[b.bids.length - 1]?.total, BigInt(bids.reduce((a, l) => a + l.amount, 0)));
      assert.equal(b.asks.reduce((a, l) => a + l.count, 0), asks.reduce((a, l) => a + l.count, 0));
      for (let i = 1; i < b.bids.length; i++) assert.ok((b.bids[i]?.price ?? 0) < (b.bids[i - 1]?.price ?? 0));
      for (let i = 1; i < b.asks.length; i++) assert.ok((b.asks[i]?.price ?? 0) > (b.asks[i - 1]?.price ?? 0));
    }
  }
});

test('engine source: at most `levels` buckets per side, reading raw levels in growing chunks, never a partial bucket', () => {
  const engine = new FakeEngine();
  const bids = Array.from({ length: 20_000 }, (_, i) => L(10_000_000 - i, 1));
  engine.setDepth(MARKET.symbol, 'buy', bids);
  const b = aggregateBook((s, side, n) => engine.depth(s, side, n), MARKET, 6, 5);
  assert.equal(b.bids.length, 5);
  // every bucket but the first (which starts at the top tick) holds 100 ticks
  assert.deepEqual(b.bids.map((l) => l.amount), [1n, 100n, 100n, 100n, 100n]);
  assert.equal(b.bids[4]?.total, 401n);
  const coarse = aggregateBook((s, side, n) => engine.depth(s, side, n), MARKET, 4, 5);
  // 10_000_000 is a bucket of its own, then two 10000-tick buckets (the last one short of its lowest tick): complete, however many raw levels that reads
  assert.deepEqual(coarse.bids.map((l) => [l.price, l.amount, l.count]), [[10_000_000, 1n, 1], [9_990_000, 10_000n, 10_000], [9_980_000, 9_999n, 9_999]]);
  assert.equal(coarse.bids[2]?.total, 20_000n);
});
