/**
 * The served aggregated book (DurableDepth's per-precision bucket ladders,
 * kept incrementally from order events) against a reference computed here
 * from the raw resting orders: group by bucket (bids rounded down, asks
 * rounded up, in bigint), sort, cumulate. At every precision of the market,
 * including books where one bucket merges thousands of tick levels.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_UNITS, type EngineEvent, type MarketConfig, type OrderStatus, type Side } from '../../src/domain/index.js';
import type { AggregatedBook, AggregatedLevel } from '../../src/app/market-data/index.js';
import { MarketData } from '../../src/app/market-data/index.js';
import { DurableDepth } from '../../src/app/market-data/durable-depth.js';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { Journal, MARKET, order } from '../store/fixtures.js';
import { FakeEngine } from './fake-engine.js';

/** 4 price decimals, precisions 0..6 (5 and 6 give the tick levels themselves). */
const M4: MarketConfig = { ...MARKET, priceDecimals: 4, amountDecimals: 2, pricePrecisionMin: 0, pricePrecisionMax: 6 };
const PRECISIONS = [0, 1, 2, 3, 4, 5, 6];

interface RawOrder {
  readonly side: Side;
  readonly price: number;
  readonly remaining: number;
}

/** The reference: straight from the resting orders. */
function referenceSide(orders: Iterable<RawOrder>, side: Side, market: MarketConfig, precision: number, levels: number): AggregatedLevel[] {
  const w = 10n ** BigInt(Math.max(0, market.priceDecimals - precision));
  const buckets = new Map<bigint, { amount: bigint; count: number }>();
  for (const o of orders) {
    if (o.side !== side) continue;
    const p = BigInt(o.price);
    const key = side === 'buy' ? (p / w) * w : ((p + w - 1n) / w) * w;
    const b = buckets.get(key) ?? { amount: 0n, count: 0 };
    b.amount += BigInt(o.remaining);
    b.count += 1;
    buckets.set(key, b);
  }
  const keys = [...buckets.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (side === 'buy') keys.reverse();
  let total = 0n;
  return keys.slice(0, levels).map((k) => {
    const b = buckets.get(k) as { amount: bigint; count: number };
    total += b.amount;
    return { price: Number(k), amount: b.amount, total, count: b.count };
  });
}

function reference(orders: Iterable<RawOrder>, market: MarketConfig, precision: number, levels: number): AggregatedBook {
  const all = [...orders];
  return {
    symbol: market.symbol,
    precision,
    bids: referenceSide(all, 'buy', market, precision, levels),
    asks: referenceSide(all, 'sell', market, precision, levels),
  };
}

/** MarketData over a stand-in engine that only knows the market; the book comes from the events. */
function setup(market: MarketConfig) {
  const engine = new FakeEngine([market]);
  const store = new SqliteStore({ path: ':memory:' });
  const md = new MarketData({ engine, store, publicBaseUrl: 'http://h' });
  const j = new Journal();
  return { md, j, close: () => store.close() };
}

test('5001 tick levels in one bucket and a further bucket: complete at every precision', () => {
  const { md, j, close } = setup(M4);
  const orders: RawOrder[] = [];
  const events: EngineEvent[] = [];
  let id = 0;
  const place = (side: Side, price: number, remaining: number) => {
    orders.push({ side, price, remaining });
    events.push({ type: 'orderPlaced' as const, order: order({ id: ++id, symbol: M4.symbol, side, price, amount: remaining, remaining }) });
  };
  // The audit's repro: 5001 sells of 0.01 at 1.0001 ... 1.5001, then 7.00 at 2.5000.
  for (let i = 0; i < 5001; i++) place('sell', 10_001 + i, 1);
  place('sell', 25_000, 700);
  // And the same on the bid side: 6000 bids of 0.01 at 0.9999 ... 0.4000, then 1.50 at 0.1234.
  for (let i = 0; i < 6000; i++) place('buy', 9_999 - i, 1);
  place('buy', 1_234, 150);
  // Some commits read a precision before the rest arrives: those ladders are then kept incrementally.
  md.applyBatch([j.commit(...events.slice(0, 3000))]);
  assert.equal(md.bookUnits(M4.symbol, 0)?.asks[0]?.count, 3000);
  md.applyBatch([j.commit(...events.slice(3000))]);

  const p0 = md.bookUnits(M4.symbol, 0);
  assert.deepEqual(p0?.asks, [
    { price: 20_000, amount: 5001n, total: 5001n, count: 5001 },
    { price: 30_000, amount: 700n, total: 5701n, count: 1 },
  ]);
  assert.deepEqual(p0?.bids, [{ price: 0, amount: 6150n, total: 6150n, count: 6001 }]);
  assert.deepEqual(md.book(M4.symbol, 0)?.sells, [
    { price: '2', amount: '50.01', total: '50.01', count: 5001 },
    { price: '3', amount: '7.00', total: '57.01', count: 1 },
  ]);
  assert.equal(md.bookUnits(M4.symbol, 1)?.asks.length, 7);
  for (const p of PRECISIONS) {
    assert.deepEqual(md.bookUnits(M4.symbol, p), reference(orders, M4, p, 50), `precision ${p}`);
  }
  close();
});

type Op =
  | { readonly k: 'add'; readonly side: Side; readonly price: number; readonly amount: number }
  | { readonly k: 'fill'; readonly pick: number; readonly left: number }
  | { readonly k: 'remove'; readonly pick: number; readonly cancel: boolean }
  | { readonly k: 'read'; readonly precision: number };

/** Amounts mostly small, sometimes near 2^53 so that buckets pass the safe range. */
const amount = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 1_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 2 ** 51, max: MAX_UNITS }) },
);
const side = fc.constantFrom<Side>('buy', 'sell');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant('add' as const), side, price: fc.integer({ min: 0, max: 2_000 }), amount }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('fill' as const), pick: fc.nat(), left: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('remove' as const), pick: fc.nat(), cancel: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('read' as const), precision: fc.constantFrom(...PRECISIONS) }) },
);

test('property: incremental buckets equal the reference at every precision after any adds, partial fills and removals', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 3_000_000 }),
      fc.integer({ min: 1, max: 3_000 }),
      fc.array(opArb, { minLength: 1, maxLength: 250, size: 'max' }),
      fc.constantFrom(3, 50, 1_000),
      (mid, spread, ops, levels) => {
        const depth = new DurableDepth();
        const resting = new Map<number, { side: Side; price: number; amount: number; remaining: number }>();
        const levelSum = new Map<string, number>();
        let nextId = 1;
        const emit = (id: number, status: OrderStatus, type: 'orderPlaced' | 'orderUpdated') => {
          const r = resting.get(id) as { side: Side; price: number; amount: number; remaining: number };
          depth.apply({ type, order: order({ id, symbol: M4.symbol, side: r.side, price: r.price, amount: r.amount, remaining: r.remaining, status }) });
        };
        const check = (p: number) => {
          const got = depth.book(M4, p, levels);
          assert.deepEqual(got, reference(resting.values(), M4, p, levels), `precision ${p}`);
          const bid = got.bids[0]?.price;
          const ask = got.asks[0]?.price;
          if (bid !== undefined && ask !== undefined) assert.ok(bid < ask, `crossed at precision ${p}: ${bid} >= ${ask}`);
        };
        for (const op of ops) {
          if (op.k === 'add') {
            // Bids strictly below mid, asks at or above: the raw book is never crossed.
            const price = op.side === 'buy' ? mid - 1 - ((op.price * spread) % (mid - 1)) : mid + op.price * spread;
            const key = `${op.side}|${price}`;
            const sum = levelSum.get(key) ?? 0;
            if (sum + op.amount > MAX_UNITS) continue; // the engine's LEVEL_FULL
            levelSum.set(key, sum + op.amount);
            const id = nextId++;
            resting.set(id, { side: op.side, price, amount: op.amount, remaining: op.amount });
            emit(id, 1, 'orderPlaced');
          } else if (op.k === 'fill' || op.k === 'remove') {
            const ids = [...resting.keys()];
            if (ids.length === 0) continue;
            const id = ids[op.pick % ids.length] as number;
            const r = resting.get(id) as { side: Side; price: number; amount: number; remaining: number };
            const key = `${r.side}|${r.price}`;
            if (op.k === 'fill') {
              if (r.remaining < 2) continue;
              const left = 1 + (op.left % (r.remaining - 1));
              levelSum.set(key, (levelSum.get(key) ?? 0) - (r.remaining - left));
              r.remaining = left;
              emit(id, 2, 'orderUpdated');
            } else {
              levelSum.set(key, (levelSum.get(key) ?? 0) - r.remaining);
              if (op.cancel) emit(id, 4, 'orderUpdated');
              else {
                r.remaining = 0;
                emit(id, 3, 'orderUpdated');
              }
              resting.delete(id);
            }
          } else {
            // A read creates the ladder of that precision mid-stream (if new); later changes must keep it right.
            check(op.precision);
          }
          // Every ladder built so far against its tick levels merged afresh.
          depth.validate();
        }
        for (const p of PRECISIONS) check(p);
      },
    ),
    { numRuns: 150, seed: 20261124 },
  );
});

test('buckets past 2^53 units stay exact', () => {
  const depth = new DurableDepth();
  const big = MAX_UNITS; // one full tick level each
  for (let i = 0; i < 4; i++) depth.apply({ type: 'orderPlaced', order: order({ id: i + 1, symbol: M4.symbol, side: 'sell', price: 10_001 + i, amount: big, remaining: big }) });
  const read = () => depth.book(M4, 0, 50).asks[0];
  assert.deepEqual(read(), { price: 20_000, amount: 4n * BigInt(big), total: 4n * BigInt(big), count: 4 });
  depth.apply({ type: 'orderUpdated', order: order({ id: 2, symbol: M4.symbol, side: 'sell', price: 10_002, amount: big, remaining: 5, status: 2 }) });
  assert.equal(read()?.amount, 3n * BigInt(big) + 5n);
  for (const id of [1, 2, 3]) depth.apply({ type: 'orderUpdated', order: order({ id, symbol: M4.symbol, side: 'sell', price: 10_000 + id, amount: big, remaining: 0, status: 3 }) });
  assert.deepEqual(read(), { price: 20_000, amount: BigInt(big), total: BigInt(big), count: 1 });
  assert.deepEqual(depth.depth(M4.symbol, 'sell', 5), [{ price: 10_004, amount: big, count: 1 }]);
  depth.validate();
});
