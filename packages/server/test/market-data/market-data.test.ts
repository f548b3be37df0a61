import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MarketData } from '../../src/app/market-data/index.js';
import type { TradeView } from '../../src/domain/index.js';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import type { CandleUnits } from '../../src/store/port.js';
import { Journal, MARKET, executed, placed } from '../store/fixtures.js';
import { FakeEngine } from './fake-engine.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 23, 10, 0);
const S = MARKET.symbol;

function setup(windowMs = 10 * MIN) {
  const engine = new FakeEngine();
  const store = new SqliteStore({ path: ':memory:' });
  const md = new MarketData({ engine, store, publicBaseUrl: 'https://x.test/', windowMs, recentTrades: 3, bookSource: 'engine' });
  const j = new Journal();
  /** Commit to both projections, the store first (as the sequencer would). */
  const apply = (...cmds: ReturnType<Journal['commit']>[]) => {
    store.applyBatch(cmds);
    md.applyBatch(cmds);
  };
  return { engine, store, md, j, apply };
}

test('ticker: window sums, high/low, last price, best levels, url; eviction as time passes', () => {
  const { engine, md, j, apply } = setup();
  engine.setDepth(S, 'buy', [{ price: 10_100, amount: 250, count: 2 }]);
  engine.setDepth(S, 'sell', [{ price: 10_300, amount: 75, count: 1 }]);
  apply(
    j.commit(executed({ id: 1, price: 10_000, amount: 100, time: T0 })),
    j.commit(executed({ id: 2, price: 10_500, amount: 200, time: T0 + 3 * MIN, takerSide: 'sell' })),
    j.commit(executed({ id: 3, price: 10_275, amount: 300, time: T0 + 5 * MIN })),
  );
  const t = md.ticker(S, T0 + 6 * MIN);
  assert.deepEqual(t, {
    symbol_id: S,
    url: 'https://x.test/trade/BMX_ETH',
    volume: '6.00',
    base_volume: '0.0006182500',
    highest_price: '0.00010500',
    lowest_price: '0.00010000',
    current_price: '0.00010275',
    ask_1: '0.00010300',
    ask_1_amount: '0.75',
    bid_1: '0.00010100',
    bid_1_amount: '2.50',
    fluctuation: '+0.0275',
  });
  // 10 minutes after the first trade's minute, it leaves the window; the change
  // is still against its price, the last price at or before the window start
  const later = md.ticker(S, T0 + 10 * MIN);
  assert.equal(later?.volume, '5.00');
  assert.equal(later?.lowest_price, '0.00010275');
  assert.equal(later?.fluctuation, '+0.0275');
  // once the second leaves too, against the second (10 275 vs 10 500)
  assert.equal(md.ticker(S, T0 + 13 * MIN)?.fluctuation, '-0.0214');
  // everything out of the window: zero volume, last price kept
  const quiet = md.ticker(S, T0 + 20 * MIN);
  assert.deepEqual(
    [quiet?.volume, quiet?.base_volume, quiet?.highest_price, quiet?.lowest_price, quiet?.current_price, quiet?.fluctuation],
    ['0.00', '0.0000000000', '0.00010275', '0.00010275', '0.00010275', '+0.0000'],
  );
});

test('ticker of a market without trades or orders, and of an unknown symbol', () => {
  const { md } = setup();
  const t = md.ticker(S, T0);
  assert.equal(t?.current_price, '0.00000000');
  assert.equal(t?.bid_1, '0.00000000');
  assert.equal(t?.volume, '0.00');
  assert.equal(t?.fluctuation, '+0.0000');
  assert.equal(md.ticker('NOPE_ETH', T0), undefined);
  assert.equal(md.tickers(T0).length, 1);
});

test('cached ticker and book are reused until a batch touches the symbol', () => {
  const { engine, md, j, apply } = setup();
  engine.setDepth(S, 'buy', [{ price: 10_100, amount: 250, count: 2 }]);
  const t1 = md.ticker(S, T0);
  const b1 = md.book(S);
  const calls = engine.depthCalls;
  assert.equal(md.ticker(S, T0 + 1000), t1);
  assert.equal(md.book(S), b1);
  assert.equal(engine.depthCalls, calls, 'no engine reads for cached objects');
  engine.setDepth(S, 'buy', [{ price: 10_200, amount: 1, count: 1 }]);
  apply(j.commit(placed({ id: 1, price: 10_200, amount: 1 })));
  assert.equal(md.ticker(S, T0 + 2000)?.bid_1, '0.00010200');
  assert.deepEqual(md.book(S)?.buys, [{ price: '0.00010200', amount: '0.01', total: '0.01', count: 1 }]);
  assert.equal(md.book('NOPE_ETH'), undefined);
});

test('book: precision within the market range, default the maximum', () => {
  const { engine, md } = setup();
  engine.setDepth(S, 'buy', [{ price: 481_149, amount: 1199, count: 1 }, { price: 481_101, amount: 1, count: 2 }]);
  engine.setDepth(S, 'sell', [{ price: 481_151, amount: 300, count: 2 }, { price: 481_199, amount: 100, count: 1 }]);
  assert.deepEqual(md.book(S, 6), {
    buys: [{ price: '0.004811', amount: '12.00', total: '12.00', count: 3 }],
    sells: [{ price: '0.004812', amount: '4.00', total: '4.00', count: 3 }],
  });
  assert.equal(md.book(S)?.buys.length, 2);
  assert.equal(md.book(S)?.buys[1]?.total, '12.00');
  assert.throws(() => md.book(S, 5), RangeError);
  assert.throws(() => md.book(S, 9), RangeError);
});

test('recent trades: newest first, bounded, formatted', () => {
  const { md, j, apply } = setup();
  apply(...[1, 2, 3, 4].map((i) => j.commit(executed({ id: i, price: 100 * i, amount: i, time: T0 + i, takerSide: i % 2 ? 'buy' : 'sell' }))));
  const trades = md.trades(S);
  assert.deepEqual(trades?.map((t) => [t.order_time, t.type, t.price, t.count, t.amount]), [
    [T0 + 4, 'sell', '0.00000400', '0.04', '0.0000001600'],
    [T0 + 3, 'buy', '0.00000300', '0.03', '0.0000000900'],
    [T0 + 2, 'sell', '0.00000200', '0.02', '0.0000000400'],
  ]);
  assert.equal(md.trades(S, 1)?.length, 1);
  assert.equal(md.trades('NOPE_ETH'), undefined);
});

test('k-lines come from the store, formatted', () => {
  const { md, j, apply } = setup();
  apply(
    j.commit(executed({ id: 1, price: 100, amount: 5, time: T0 + 1000 })),
    j.commit(executed({ id: 2, price: 90, amount: 5, time: T0 + 2000 })),
    j.commit(executed({ id: 3, price: 95, amount: 1, time: T0 + MIN })),
  );
  assert.deepEqual(md.klines({ symbol: S, step: 1, from: 0, to: T0 + 10 * MIN, limit: 10, keep: 'latest' }), [
    { timestamp: T0, open_price: '0.00000100', highest_price: '0.00000100', lowest_price: '0.00000090', current_price: '0.00000090', volume: '0.10' },
    { timestamp: T0 + MIN, open_price: '0.00000095', highest_price: '0.00000095', lowest_price: '0.00000095', current_price: '0.00000095', volume: '0.01' },
  ]);
  assert.equal(md.klines({ symbol: 'NOPE_ETH', step: 1, from: 0, to: T0, limit: 10, keep: 'latest' }), undefined);
  // A range longer than the limit: either end, still oldest first.
  const times = (keep: 'earliest' | 'latest') => md.klines({ symbol: S, step: 1, from: 0, to: T0 + 10 * MIN, limit: 1, keep })?.map((c) => c.timestamp);
  assert.deepEqual(times('earliest'), [T0]);
  assert.deepEqual(times('latest'), [T0 + MIN]);
});

test('listeners: trades in order, book changes once per symbol, touched candles; a throwing listener is isolated', () => {
  const errors: unknown[] = [];
  const engine = new FakeEngine();
  const store = new SqliteStore({ path: ':memory:' });
  const md = new MarketData({ engine, store, publicBaseUrl: 'http://h', onListenerError: (e) => errors.push(e), bookSource: 'engine' });
  const j = new Journal();
  const trades: TradeView[] = [];
  const books: string[] = [];
  const candles: CandleUnits[] = [];
  md.onTrade(() => {
    throw new Error('boom');
  });
  md.onTrade((t) => trades.push(t));
  md.onBookChange((s) => books.push(s));
  const off = md.onCandle((c) => candles.push(c));
  md.applyBatch([
    j.commit(placed({ id: 1 }), placed({ id: 2, side: 'sell' })),
    j.commit(executed({ id: 1, price: 100, amount: 1, time: T0 + 59_000 })),
    j.commit(executed({ id: 2, price: 101, amount: 1, time: T0 + MIN })),
  ]);
  assert.deepEqual(trades.map((t) => t.id), [1, 2]);
  assert.deepEqual(books, [S]);
  assert.equal(errors.length, 2);
  const oneMinute = candles.filter((c) => c.step === 1);
  assert.deepEqual(oneMinute.map((c) => [c.time, c.close]), [[T0, 100], [T0 + MIN, 101]], 'the closed bucket is reported too');
  assert.equal(candles.filter((c) => c.step === 60).length, 1);
  assert.equal(md.currentCandle(S, 5)?.volume, 2n);
  off();
  md.applyBatch([j.commit(executed({ id: 3, price: 102, amount: 1, time: T0 + MIN }))]);
  assert.equal(candles.length, 13 + 1);
});

test('seq: follows batches, skips replays, refuses gaps', () => {
  const { md, j } = setup();
  const a = j.commit(placed({ id: 1 }));
  md.applyBatch([a]);
  md.applyBatch([a]);
  assert.equal(md.lastAppliedSeq(), 1);
  j.seq += 1;
  assert.throws(() => md.applyBatch([j.commit(placed({ id: 2 }))]), /gap/);
  assert.equal(md.lastAppliedSeq(), 1);
});

test('rebuild from the store (before the engine exists) gives the same ticker, trades and candles as following live', () => {
  const { engine, store, md, j, apply } = setup(30 * MIN);
  const cmds = Array.from({ length: 40 }, (_, i) =>
    j.commit(executed({ id: i + 1, price: 1000 + ((i * 37) % 101), amount: 1 + (i % 7), time: T0 + i * 45_000, takerSide: i % 3 ? 'buy' : 'sell' })),
  );
  apply(...cmds.slice(0, 25));
  apply(...cmds.slice(25));
  const now = T0 + 40 * 45_000 + 5_000;
  let ready: FakeEngine | undefined;
  const engineOf = () => {
    if (ready === undefined) throw new Error('the engine does not exist before recovery');
    return ready;
  };
  const fresh = new MarketData({ engine: engineOf, store, publicBaseUrl: 'https://x.test', windowMs: 30 * MIN, recentTrades: 3, bookSource: 'engine' });
  fresh.rebuild(now);
  ready = engine;
  assert.equal(fresh.lastAppliedSeq(), 40);
  assert.deepEqual(fresh.ticker(S, now), md.ticker(S, now));
  assert.deepEqual(fresh.trades(S), md.trades(S));
  for (const step of [1, 5, 60, 43200]) assert.deepEqual(fresh.currentCandle(S, step), md.currentCandle(S, step));
  // and both keep going the same way
  const next = j.commit(executed({ id: 41, price: 2000, amount: 3, time: now + 1000 }));
  store.applyBatch([next]);
  md.applyBatch([next]);
  fresh.applyBatch([next]);
  assert.deepEqual(fresh.ticker(S, now + 2000), md.ticker(S, now + 2000));
  assert.deepEqual(fresh.currentCandle(S, 15), md.currentCandle(S, 15));
});

const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** A market data rebuilt from `store` at `now` (as at a restart). */
function restarted(store: SqliteStore, engine: FakeEngine, now: number, windowMs: number): MarketData {
  const md = new MarketData({ engine, store, publicBaseUrl: 'https://x.test/', windowMs, recentTrades: 3, bookSource: 'engine' });
  md.rebuild(now);
  return md;
}

test('fluctuation is against the price 24 h ago (the last trade at or before the window start), also after a rebuild', () => {
  const { engine, store, md, j, apply } = setup(DAY);
  apply(j.commit(executed({ id: 1, price: 30, amount: 100, time: T0 })));
  apply(j.commit(executed({ id: 2, price: 33, amount: 200, time: T0 + 23 * HOUR })));
  assert.equal(md.ticker(S, T0 + 23 * HOUR)?.fluctuation, '+0.1000', 'both trades in the window: against the first');
  const now = T0 + DAY + 2 * MIN;
  const t = md.ticker(S, now);
  assert.deepEqual(
    [t?.volume, t?.highest_price, t?.lowest_price, t?.current_price, t?.fluctuation],
    ['2.00', '0.00000033', '0.00000033', '0.00000033', '+0.1000'],
    'the 30 trade left the window: the window holds only 33, the change is still against 30',
  );
  assert.equal(md.tickerUnits(S, now)?.open, 30, 'the reference (the ws open_price)');

  const fresh = restarted(store, engine, now, DAY);
  assert.deepEqual(fresh.tickerUnits(S, now), md.tickerUnits(S, now), 'same state after the rebuild');
  assert.deepEqual(fresh.ticker(S, now), t);
  // and both go on the same way as time passes: once 33 has left too, no trade
  // in 24 h: high = low = last price, volume 0, no change
  for (const at of [now + HOUR, T0 + 47 * HOUR - 1, T0 + 47 * HOUR, T0 + 50 * HOUR]) {
    assert.deepEqual(fresh.tickerUnits(S, at), md.tickerUnits(S, at), `at ${at - T0}`);
    assert.deepEqual(fresh.ticker(S, at), md.ticker(S, at), `at ${at - T0}`);
  }
  const quiet = md.ticker(S, T0 + 50 * HOUR);
  assert.deepEqual(
    [quiet?.volume, quiet?.highest_price, quiet?.lowest_price, quiet?.current_price, quiet?.fluctuation],
    ['0.00', '0.00000033', '0.00000033', '0.00000033', '+0.0000'],
  );
  assert.equal(md.tickerUnits(S, T0 + 50 * HOUR)?.open, 33);
  // a rebuild with nothing in the window finds the reference too
  assert.deepEqual(restarted(store, engine, T0 + 50 * HOUR, DAY).tickerUnits(S, T0 + 50 * HOUR), md.tickerUnits(S, T0 + 50 * HOUR));
});

test('a market younger than 24 h: the change is against its first trade, before and after a rebuild', () => {
  const { engine, store, md, j, apply } = setup(DAY);
  apply(
    j.commit(executed({ id: 1, price: 400, amount: 1, time: T0 + 10_000 })),
    j.commit(executed({ id: 2, price: 500, amount: 1, time: T0 + 20_000 })),
    j.commit(executed({ id: 3, price: 396, amount: 1, time: T0 + 5 * HOUR })),
  );
  const now = T0 + 6 * HOUR;
  assert.equal(md.ticker(S, now)?.fluctuation, '-0.0100');
  assert.equal(restarted(store, engine, now, DAY).ticker(S, now)?.fluctuation, '-0.0100');
});

test('the cached ticker is recomputed when a bucket leaves the window, since the reference changes with it', () => {
  const { engine, store, md, j, apply } = setup(DAY);
  apply(
    j.commit(executed({ id: 1, price: 30, amount: 1, time: T0 })),
    j.commit(executed({ id: 2, price: 36, amount: 1, time: T0 + HOUR })),
    j.commit(executed({ id: 3, price: 33, amount: 1, time: T0 + 23 * HOUR })),
  );
  assert.equal(md.ticker(S, T0 + 23 * HOUR + 1)?.fluctuation, '+0.1000');
  assert.equal(md.ticker(S, T0 + DAY - 1)?.fluctuation, '+0.1000');
  assert.equal(md.ticker(S, T0 + DAY)?.fluctuation, '+0.1000', 'against 30, the last price before the window');
  const cached = md.ticker(S, T0 + DAY + HOUR - 1);
  assert.equal(cached?.fluctuation, '+0.1000');
  // the 36 trade's minute leaves at T0 + 25 h: (33 - 36) / 36 = -0.08333…
  assert.equal(md.ticker(S, T0 + DAY + HOUR)?.fluctuation, '-0.0833');
  assert.equal(restarted(store, engine, T0 + DAY + HOUR, DAY).ticker(S, T0 + DAY + HOUR)?.fluctuation, '-0.0833');
  // then 33 leaves: no trade in 24 h, no change
  assert.equal(md.ticker(S, T0 + 47 * HOUR)?.fluctuation, '+0.0000');
});
