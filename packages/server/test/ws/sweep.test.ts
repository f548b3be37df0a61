/**
 * A taker order sweeping more makers than one trade push may carry: every
 * trade reaches the trade topic, in order, in pushes of at most
 * maxTradesPerPush, and the trade feed adds up to the ticker's volume.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFeedExchange, TestSocket, type Message } from './helpers.js';

interface Trade {
  readonly side: string;
  readonly amount: string;
  readonly price: string;
  readonly count: string;
  readonly time: number;
}

const trades = (m: Message): Trade[] => (m.data as { trades: Trade[] }).trades;
/** A decimal string with `decimals` digits after the point, in units. */
const units = (text: string, decimals: number): bigint => {
  const [int, frac = ''] = text.split('.');
  return BigInt(`${int}${frac.padEnd(decimals, '0')}`);
};

test('a taker filling 150 makers delivers all 150 trades over ws, in order, in pushes of at most 100', async () => {
  const fx = await startFeedExchange();
  try {
    const alice = await fx.ex.createTrader({ BMX: '200', ETH: '1' });
    const bob = await fx.ex.createTrader({ BMX: '1', ETH: '10' });
    const prices: string[] = [];
    for (let i = 0; i < 150; i++) {
      const price = (0.001 + i * 0.000001).toFixed(8);
      prices.push(price);
      const r = await alice.post('/v2/orders', { symbol: 'BMX_ETH', side: 'sell', amount: 1, price });
      assert.equal(r.status, 200, r.text);
    }
    const volume = async () => (await fx.ex.http<{ volume: string }>('GET', '/v2/ticker', { query: { symbol: 'BMX_ETH' } })).body.volume;
    const before = await volume();

    const s6 = await TestSocket.open(fx.wsUrl);
    s6.send({ subscribe: 'trade', symbol: 'BMX_ETH', precision: 6 });
    assert.deepEqual(trades(await s6.next()), [], 'no trade yet');
    const s8 = await TestSocket.open(fx.wsUrl);
    s8.send({ subscribe: 'trade', symbol: 'BMX_ETH', precision: 8 });
    await s8.next();

    const r = await bob.post('/v2/orders', { symbol: 'BMX_ETH', side: 'buy', amount: 150, price: prices[149] });
    assert.equal(r.status, 200, r.text);
    const pushes = await s6.drain();
    const after = await volume();

    assert.ok(pushes.length >= 2, `one sweep of 150 trades needs several pushes, got ${pushes.length}`);
    for (const p of pushes) {
      assert.equal(p.subscribe, 'trade');
      assert.equal(p.precision, 6);
      assert.ok(trades(p).length >= 1 && trades(p).length <= 100, `a push carries 1..100 trades, got ${trades(p).length}`);
    }
    // Pushes in commit order, each newest first (like REST): reversed and joined they are the fills in order.
    const fills = pushes.flatMap((p) => [...trades(p)].reverse());
    assert.equal(fills.length, 150);
    assert.deepEqual(
      fills.map((t) => t.price),
      prices,
      'every maker, cheapest first, once',
    );
    for (const t of fills) assert.equal(t.side, 'buy');
    const sum = fills.reduce((acc, t) => acc + units(t.count, 2), 0n);
    assert.equal(sum, units(after, 2) - units(before, 2), 'the trade feed adds up to the ticker volume change');
    assert.equal(after, '150.00');

    // The newest trades are the REST list (which keeps the newest 100), the same values.
    const rest = (await fx.ex.http<{ price: string; count: string; amount: string; order_time: number }[]>('GET', '/v2/symbols/BMX_ETH/trades')).body;
    assert.deepEqual(
      [...fills].reverse().slice(0, rest.length).map((t) => [t.price, t.count, t.amount, t.time]),
      rest.map((t) => [t.price, t.count, t.amount, t.order_time]),
    );

    // A topic differing only in precision gets the same trades in the same pushes.
    const other = await s8.drain();
    assert.deepEqual(
      other.map((p) => trades(p)),
      pushes.map((p) => trades(p)),
    );
    s6.close();
    s8.close();
  } finally {
    await fx.ex.close();
  }
});
