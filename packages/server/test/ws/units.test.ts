/** The feed's parts without a server: rate, connection limiter, slow consumers, pending-change snapshots. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import type { PublicTrade } from '@openmart/protocol';
import { formatPublicTrade, type MarketFormat } from '../../src/app/market-data/index.js';
import type { TradeView } from '../../src/domain/index.js';
import { FeedClient } from '../../src/ws/client.js';
import { ConnectionLimiter } from '../../src/ws/connection-limiter.js';
import { Hub } from '../../src/ws/hub.js';
import { resolveOptions } from '../../src/ws/options.js';
import { rateOf } from '../../src/ws/render.js';
import type { FeedSource } from '../../src/ws/source.js';
import { DOCS_MARKET } from '../http/harness.js';

test('rate is the fluctuation in percent with two decimals', () => {
  assert.equal(rateOf('+0.0275'), '+2.75');
  assert.equal(rateOf('-0.0058'), '-0.58');
  assert.equal(rateOf('+0.0000'), '+0.00');
  assert.equal(rateOf('+12.5000'), '+1250.00');
});

test('the connection limiter allows a burst, then one per interval, and forgets full buckets', () => {
  let now = 0;
  const limiter = new ConnectionLimiter(4000, 2, () => now);
  try {
    assert.equal(limiter.take('a'), 0);
    assert.equal(limiter.take('a'), 0);
    assert.equal(limiter.take('a'), 4000);
    assert.equal(limiter.take('b'), 0, 'per IP');
    now = 1000;
    assert.equal(limiter.take('a'), 3000);
    now = 4000;
    assert.equal(limiter.take('a'), 0);
    now = 100_000;
    limiter.sweep();
    assert.equal(limiter.size, 0);
  } finally {
    limiter.close();
  }
});

class FakeSocket extends EventEmitter {
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  closedWith: [number, string] | undefined;
  terminated = false;
  send(text: string): void {
    this.sent.push(text);
  }
  close(code: number, reason: string): void {
    this.closedWith = [code, reason];
    this.readyState = 2;
  }
  terminate(): void {
    this.terminated = true;
  }
  ping(): void {}
}

const FORMAT: MarketFormat = { market: DOCS_MARKET, quoteScale: 18 };

function trade(id: number): TradeView {
  return {
    id,
    symbol: 'BMX_ETH',
    price: 100_000,
    amount: 100,
    quoteAmount: 1_000_000_000_000_000n,
    takerSide: 'buy',
    makerOrderId: 1,
    takerOrderId: 2,
    makerAccountId: 1,
    takerAccountId: 2,
    makerFee: 0n,
    takerFee: 0n,
    time: 1000 + id,
  };
}

/** Market data reduced to what the hub reads: a trade list and the trade listeners. */
function fakeSource(): { source: FeedSource; trades: TradeView[]; emit: (t: TradeView) => void } {
  const trades: TradeView[] = [];
  const listeners = new Set<(t: TradeView) => void>();
  const off = () => () => undefined;
  const source: FeedSource = {
    format: (s) => (s === 'BMX_ETH' ? FORMAT : undefined),
    tickerUnits: () => undefined,
    tickerValidUntil: () => undefined,
    book: () => undefined,
    currentCandle: () => undefined,
    recentTradeRows: () => [],
    trades: (): readonly PublicTrade[] => [...trades].reverse().map((t) => formatPublicTrade(FORMAT, t)),
    onTrade: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    onBookChange: off,
    onCandle: off,
  };
  return {
    source,
    trades,
    emit: (t) => {
      trades.push(t);
      for (const l of listeners) l(t);
    },
  };
}

test('a client whose unsent data exceeds the threshold is closed as a slow consumer', () => {
  const { source } = fakeSource();
  const opts = resolveOptions({ maxBufferedBytes: 100, onError: (err) => assert.fail(String(err)) });
  const hub = new Hub({ marketData: source, clock: { now: () => 0 } }, opts);
  const ws = new FakeSocket();
  const client = new FeedClient(ws as unknown as WebSocket, '127.0.0.1', hub, source, opts);
  try {
    client.deliver('a');
    ws.bufferedAmount = 101;
    client.deliver('b');
    assert.deepEqual(ws.sent, ['a']);
    assert.deepEqual(ws.closedWith, [1008, 'slow consumer: over 100 bytes unsent']);
    client.deliver('c');
    assert.deepEqual(ws.sent, ['a']);
  } finally {
    ws.emit('close');
    hub.close();
  }
});

const tradeTimes = (text: string) => (JSON.parse(text) as { data: { trades: { time: number }[] } }).data.trades.map((t) => t.time);

test('a subscriber joining while trades are pending gets them in its snapshot, not again in the push', () => {
  const { source, emit } = fakeSource();
  const hub = new Hub({ marketData: source, clock: { now: () => 0 } }, resolveOptions({ onError: (err) => assert.fail(String(err)) }));
  const early: string[] = [];
  const late: string[] = [];
  try {
    hub.subscribe({ deliver: (t) => early.push(t) }, { channel: 'trade', symbol: 'BMX_ETH', precision: 6 });
    emit(trade(1));
    emit(trade(2));
    const snapshot = hub.subscribe({ deliver: (t) => late.push(t) }, { channel: 'trade', symbol: 'BMX_ETH', precision: 6 });
    hub.flush();
    assert.deepEqual(tradeTimes(snapshot), [1002, 1001]);
    assert.equal(early.length, 1);
    assert.deepEqual(tradeTimes(early[0] as string), [1002, 1001]);
    assert.deepEqual(late, []);
    emit(trade(3));
    hub.flush();
    assert.equal(early[1], late[0], 'the next push reaches both, same text');
  } finally {
    hub.close();
  }
});

test('a subscriber joining while trades are pending still gets the trades committed after it joined, before the flush', () => {
  const { source, emit } = fakeSource();
  const hub = new Hub({ marketData: source, clock: { now: () => 0 } }, resolveOptions({ onError: (err) => assert.fail(String(err)) }));
  const early: string[] = [];
  const late: string[] = [];
  try {
    hub.subscribe({ deliver: (t) => early.push(t) }, { channel: 'trade', symbol: 'BMX_ETH', precision: 6 });
    emit(trade(1));
    emit(trade(2));
    assert.deepEqual(tradeTimes(hub.subscribe({ deliver: (t) => late.push(t) }, { channel: 'trade', symbol: 'BMX_ETH', precision: 6 })), [1002, 1001]);
    emit(trade(3));
    hub.flush();
    assert.deepEqual(early.map(tradeTimes), [[1003, 1002, 1001]]);
    assert.deepEqual(late.map(tradeTimes), [[1003]], 'not in its snapshot: pushed; in it: not again');
  } finally {
    hub.close();
  }
});

test('a flush of many trades goes out in pushes of at most maxTradesPerPush, in order; a slow consumer is closed, not buffered without bound', () => {
  const { source, emit } = fakeSource();
  const opts = resolveOptions({ maxTradesPerPush: 10, maxBufferedBytes: 2000, onError: (err) => assert.fail(String(err)) });
  const hub = new Hub({ marketData: source, clock: { now: () => 0 } }, opts);
  const ws = new FakeSocket();
  // A peer that reads nothing: every send stays buffered.
  ws.send = (text: string) => {
    ws.sent.push(text);
    ws.bufferedAmount += Buffer.byteLength(text);
  };
  const slow = new FeedClient(ws as unknown as WebSocket, '127.0.0.1', hub, source, opts);
  const fast: string[] = [];
  try {
    const topic = { channel: 'trade', symbol: 'BMX_ETH', precision: 6 } as const;
    hub.subscribe(slow, topic);
    hub.subscribe({ deliver: (t) => fast.push(t) }, topic);
    ws.sent.length = 0;
    ws.bufferedAmount = 0;
    for (let i = 1; i <= 150; i++) emit(trade(i));
    hub.flush();

    assert.equal(fast.length, 15);
    for (const p of fast) assert.equal(tradeTimes(p).length, 10);
    assert.deepEqual(
      fast.flatMap((p) => tradeTimes(p).reverse()),
      Array.from({ length: 150 }, (_, i) => 1001 + i),
    );

    assert.deepEqual(ws.closedWith, [1008, 'slow consumer: over 2000 bytes unsent']);
    const push = Buffer.byteLength(fast[0] as string);
    assert.ok(ws.sent.length < fast.length, `the slow consumer got ${ws.sent.length} of ${fast.length} pushes`);
    assert.ok(ws.bufferedAmount <= 2000 + push, `buffered ${ws.bufferedAmount} bytes: at most the threshold and one push`);
    assert.deepEqual(ws.sent, fast.slice(0, ws.sent.length), 'what it got is the start of the feed, the same texts');
  } finally {
    ws.emit('close');
    hub.close();
  }
});

/** Market data with one price figure (the window's volume) that drops to zero at `validUntil`, as a window sliding past its trades. */
function windowSource(now: () => number) {
  const base = fakeSource();
  let volume = 0n;
  let validUntil = Infinity;
  const slide = (t: number) => {
    if (t >= validUntil) {
      volume = 0n;
      validUntil = Infinity;
    }
  };
  const source: FeedSource = {
    ...base.source,
    tickerUnits: (symbol, t) => {
      slide(t);
      return { symbol, open: 100_000, high: 100_000, low: 100_000, close: 100_000, volume, quoteVolume: 0n, last: 100_000, bestBid: undefined, bestAsk: undefined };
    },
    tickerValidUntil: (_symbol, t) => {
      slide(t);
      return validUntil;
    },
  };
  return {
    source,
    /** A trade now, which leaves the window `ms` later. */
    trade(id: number, ms: number) {
      volume += 100n;
      validUntil = now() + ms;
      base.emit(trade(id));
    },
  };
}

test('price topics are re-checked when the window next slides: a trade sets the time, each re-check sets the next', async () => {
  const clock = { now: () => Date.now() };
  const w = windowSource(clock.now);
  // The safety net far away: a push within the test's wait can only come from the window's own time.
  const hub = new Hub({ marketData: w.source, clock }, resolveOptions({ priceRefreshMs: 600_000, onError: (err) => assert.fail(String(err)) }));
  const pushes: string[] = [];
  let wake: (() => void) | undefined;
  const volume = (text: string) => (JSON.parse(text) as { data: { volume: string } }).data.volume;
  const next = async (): Promise<string> => {
    while (pushes.length === 0) {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no price push within 3 s')), 3000);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    return pushes.shift() as string;
  };
  try {
    const snapshot = hub.subscribe(
      {
        deliver: (t) => {
          pushes.push(t);
          wake?.();
        },
      },
      { channel: 'price', symbol: 'BMX_ETH' },
    );
    assert.equal(volume(snapshot), '0.00');
    for (let round = 1; round <= 2; round++) {
      w.trade(round, 30);
      hub.flush();
      assert.equal(volume(await next()), '1.00', 'the trade');
      assert.equal(volume(await next()), '0.00', 'the window slid past it');
    }
  } finally {
    hub.close();
  }
});

test('a price subscriber joining while a trade is pending is skipped by its push, unless another trade came after its snapshot', () => {
  const w = windowSource(() => 0);
  const hub = new Hub({ marketData: w.source, clock: { now: () => 0 } }, resolveOptions({ onError: (err) => assert.fail(String(err)) }));
  const volume = (text: string) => (JSON.parse(text) as { data: { volume: string } }).data.volume;
  const topic = { channel: 'price', symbol: 'BMX_ETH' } as const;
  const early: string[] = [];
  const late: string[] = [];
  const later: string[] = [];
  try {
    hub.subscribe({ deliver: (t) => early.push(t) }, topic);
    w.trade(1, 60_000);
    assert.equal(volume(hub.subscribe({ deliver: (t) => late.push(t) }, topic)), '1.00');
    hub.flush();
    assert.deepEqual([early.map(volume), late], [['1.00'], []], 'its snapshot showed the trade');
    w.trade(2, 60_000);
    assert.equal(volume(hub.subscribe({ deliver: (t) => later.push(t) }, topic)), '2.00');
    w.trade(3, 60_000);
    hub.flush();
    assert.deepEqual(later.map(volume), ['3.00'], 'a trade after its snapshot: pushed');
  } finally {
    hub.close();
  }
});
