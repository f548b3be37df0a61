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
    const ids = (text: string) => (JSON.parse(text) as { data: { trades: { time: number }[] } }).data.trades.map((t) => t.time);
    assert.deepEqual(ids(snapshot), [1002, 1001]);
    assert.equal(early.length, 1);
    assert.deepEqual(ids(early[0] as string), [1002, 1001]);
    assert.deepEqual(late, []);
    emit(trade(3));
    hub.flush();
    assert.equal(early[1], late[0], 'the next push reaches both, same text');
  } finally {
    hub.close();
  }
});
