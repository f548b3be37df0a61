/**
 * Subscriptions fed by real trading: orders placed through the HTTP API
 * cross, and the feed pushes the exact shapes and values (checked against
 * the REST answers), once per topic per batch, the same text to every
 * subscriber; unsubscribing stops the pushes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiClient } from '../http/harness.js';
import { startFeedExchange, T0, TestSocket, type FeedExchange, type Message } from './helpers.js';

const BUCKET = T0 - 10_000;

function bySubscribe(messages: readonly Message[]): Map<string, Message[]> {
  const out = new Map<string, Message[]>();
  for (const m of messages) {
    const k = String(m.subscribe);
    out.set(k, [...(out.get(k) ?? []), m]);
  }
  return out;
}

describe('ws feed pushes', () => {
  let fx: FeedExchange;
  let alice: ApiClient;
  let bob: ApiClient;
  let sock: TestSocket;

  async function order(who: ApiClient, side: 'buy' | 'sell', amount: number, price: string): Promise<void> {
    const r = await who.post('/v2/orders', { symbol: 'BMX_ETH', side, amount, price });
    assert.equal(r.status, 200, r.text);
  }

  before(async () => {
    fx = await startFeedExchange();
    alice = await fx.ex.createTrader({ BMX: '100', ETH: '10' });
    bob = await fx.ex.createTrader({ BMX: '100', ETH: '10' });
    sock = await TestSocket.open(fx.wsUrl);
  });
  after(async () => {
    sock.close();
    await fx.ex.close();
  });

  test('each subscription answers a snapshot at once (before any trade: zeros and empty lists)', async () => {
    sock.send({ subscribe: 'price', symbol: 'BMX_ETH' });
    assert.deepEqual(await sock.next(), {
      subscribe: 'price',
      symbol: 'BMX_ETH',
      data: {
        open_price: '0.00000000',
        highest_price: '0.00000000',
        lowest_price: '0.00000000',
        volume: '0.00',
        current_price: '0.00000000',
        fluctuation: '+0.0000',
        rate: '+0.00',
        timestamp: T0,
      },
    });
    sock.send({ subscribe: 'kline', symbol: 'BMX_ETH', step: 1 });
    assert.deepEqual(await sock.next(), {
      subscribe: 'kline',
      symbol: 'BMX_ETH',
      step: '1',
      data: {
        timestamp: BUCKET,
        open_price: '0.00000000',
        highest_price: '0.00000000',
        lowest_price: '0.00000000',
        current_price: '0.00000000',
        volume: '0.00',
      },
    });
    sock.send({ subscribe: 'order', symbol: 'BMX_ETH', precision: 6 });
    assert.deepEqual(await sock.next(), { subscribe: 'depth', symbol: 'BMX_ETH', precision: 6, data: { buys: [], sells: [] } });
    sock.send({ subscribe: 'trade', symbol: 'BMX_ETH', precision: 6 });
    assert.deepEqual(await sock.next(), { subscribe: 'trade', symbol: 'BMX_ETH', precision: 6, data: { trades: [] } });
    assert.equal(fx.feed.topics, 4);
  });

  test('a resting order pushes the book only', async () => {
    await order(alice, 'sell', 2, '0.001');
    const pushes = await sock.drain();
    assert.deepEqual(pushes, [
      { subscribe: 'depth', symbol: 'BMX_ETH', precision: 6, data: { buys: [], sells: [{ price: '0.001000', amount: '2.00', total: '2.00', count: 1 }] } },
    ]);
  });

  test('a crossing order pushes the trade, the price, the candle and the book, one each', async () => {
    await order(bob, 'buy', 1.5, '0.001');
    const got = bySubscribe(await sock.drain());
    assert.deepEqual([...got.keys()].sort(), ['depth', 'kline', 'price', 'trade']);
    for (const list of got.values()) assert.equal(list.length, 1);
    assert.deepEqual(got.get('trade')?.[0], {
      subscribe: 'trade',
      symbol: 'BMX_ETH',
      precision: 6,
      data: { trades: [{ side: 'buy', amount: '0.0015000000', price: '0.00100000', count: '1.50', time: T0 }] },
    });
    assert.deepEqual(got.get('price')?.[0], {
      subscribe: 'price',
      symbol: 'BMX_ETH',
      data: {
        open_price: '0.00100000',
        highest_price: '0.00100000',
        lowest_price: '0.00100000',
        volume: '1.50',
        current_price: '0.00100000',
        fluctuation: '+0.0000',
        rate: '+0.00',
        timestamp: T0,
      },
    });
    assert.deepEqual(got.get('kline')?.[0], {
      subscribe: 'kline',
      symbol: 'BMX_ETH',
      step: '1',
      data: {
        timestamp: BUCKET,
        open_price: '0.00100000',
        highest_price: '0.00100000',
        lowest_price: '0.00100000',
        current_price: '0.00100000',
        volume: '1.50',
      },
    });
    const depth = got.get('depth')?.[0];
    assert.deepEqual(depth?.data, { buys: [], sells: [{ price: '0.001000', amount: '0.50', total: '0.50', count: 1 }] });
    const rest = await fx.ex.http('GET', '/v2/symbols/BMX_ETH/orders', { query: { precision: 6 } });
    assert.deepEqual(depth?.data, rest.body, 'levels exactly as the REST book');
  });

  test('one order filling two makers makes one trade push carrying both trades, newest first', async () => {
    fx.ex.clock.advance(5_000);
    await order(alice, 'sell', 1, '0.0011');
    assert.equal((await sock.drain()).length, 1, 'the new resting order: one depth push');
    await order(bob, 'buy', 1.5, '0.0011');
    const got = bySubscribe(await sock.drain());
    for (const list of got.values()) assert.equal(list.length, 1);
    const time = T0 + 5_000;
    assert.deepEqual(got.get('trade')?.[0]?.data, {
      trades: [
        { side: 'buy', amount: '0.0011000000', price: '0.00110000', count: '1.00', time },
        { side: 'buy', amount: '0.0005000000', price: '0.00100000', count: '0.50', time },
      ],
    });
    assert.deepEqual(got.get('price')?.[0]?.data, {
      open_price: '0.00100000',
      highest_price: '0.00110000',
      lowest_price: '0.00100000',
      volume: '3.00',
      current_price: '0.00110000',
      fluctuation: '+0.1000',
      rate: '+10.00',
      timestamp: time,
    });
    assert.deepEqual(got.get('kline')?.[0]?.data, {
      timestamp: BUCKET,
      open_price: '0.00100000',
      highest_price: '0.00110000',
      lowest_price: '0.00100000',
      current_price: '0.00110000',
      volume: '3.00',
    });
    assert.deepEqual(got.get('depth')?.[0]?.data, { buys: [], sells: [] });
    const ticker = (await fx.ex.http<{ fluctuation: string; volume: string }>('GET', '/v2/ticker', { query: { symbol: 'BMX_ETH' } })).body;
    assert.equal(ticker.fluctuation, '+0.1000');
    assert.equal(ticker.volume, '3.00');
  });

  test('a trade snapshot lists the recent trades newest first, as REST does', async () => {
    const other = await TestSocket.open(fx.wsUrl);
    other.send({ subscribe: 'trade', symbol: 'BMX_ETH', precision: 8 });
    const snap = await other.next();
    const rest = (await fx.ex.http<{ price: string; count: string; amount: string; type: string; order_time: number }[]>('GET', '/v2/symbols/BMX_ETH/trades')).body;
    assert.deepEqual(
      (snap.data as { trades: unknown[] }).trades,
      rest.map((t) => ({ side: t.type, amount: t.amount, price: t.price, count: t.count, time: t.order_time })),
    );
    assert.equal(rest.length, 3);
    other.close();
  });

  test('subscribers of one topic receive the very same text', async () => {
    const a = await TestSocket.open(fx.wsUrl);
    const b = await TestSocket.open(fx.wsUrl);
    for (const s of [a, b]) {
      s.send({ subscribe: 'trade', symbol: 'BMX_ETH', precision: 7 });
      await s.next();
    }
    await order(alice, 'buy', 1, '0.0009');
    await order(bob, 'sell', 1, '0.0009');
    const [pa] = await a.drain();
    const [pb] = await b.drain();
    assert.ok(pa !== undefined && pb !== undefined);
    assert.equal(a.raw[1], b.raw[1]);
    assert.equal(((pa.data as { trades: unknown[] }).trades).length, 1);
    a.close();
    b.close();
    await sock.drain();
  });

  test('subscribing again re-sends the snapshot without doubling the pushes', async () => {
    sock.send({ subscribe: 'price', symbol: 'BMX_ETH' });
    assert.equal((await sock.next()).subscribe, 'price');
    await order(alice, 'buy', 1, '0.0009');
    await order(bob, 'sell', 1, '0.0009');
    const got = bySubscribe(await sock.drain());
    assert.equal(got.get('price')?.length, 1);
  });

  test('unsubscribing answers an acknowledgement and stops the pushes', async () => {
    const requests = [
      { unsubscribe: 'price', symbol: 'BMX_ETH' },
      { unsubscribe: 'kline', symbol: 'BMX_ETH', step: 1 },
      { unsubscribe: 'order', symbol: 'BMX_ETH', precision: 6 },
      { unsubscribe: 'trade', symbol: 'BMX_ETH', precision: 6 },
    ];
    for (const r of requests) {
      sock.send(r);
      assert.deepEqual(await sock.next(), r);
    }
    assert.equal(fx.feed.topics, 0);
    await order(alice, 'buy', 1, '0.0009');
    await order(bob, 'sell', 1, '0.0009');
    assert.deepEqual(await sock.drain(), []);
  });

  test('a kline snapshot is the newest candle; a trade in the next bucket pushes the new candle', async () => {
    const s = await TestSocket.open(fx.wsUrl);
    s.send({ subscribe: 'kline', symbol: 'BMX_ETH', step: 1 });
    const snap = await s.next();
    assert.equal((snap.data as { timestamp: number }).timestamp, BUCKET);
    assert.equal((snap.data as { current_price: string }).current_price, '0.00090000');
    fx.ex.clock.advance(60_000);
    await order(alice, 'sell', 2, '0.0012');
    await order(bob, 'buy', 2, '0.0012');
    const pushes = await s.drain();
    assert.deepEqual(pushes, [
      {
        subscribe: 'kline',
        symbol: 'BMX_ETH',
        step: '1',
        data: {
          timestamp: BUCKET + 60_000,
          open_price: '0.00120000',
          highest_price: '0.00120000',
          lowest_price: '0.00120000',
          current_price: '0.00120000',
          volume: '2.00',
        },
      },
    ]);
    s.close();
  });
});
