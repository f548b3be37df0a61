/** Price topics follow the 24 h window as it slides without trades. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFeedExchange, T0, TestSocket } from './helpers.js';

const DAY = 86_400_000;

test('when the oldest minute leaves the window, the price push follows the REST ticker at once (no fixed refresh)', async () => {
  // The clock runs with the wall clock (so the feed's timers and the clock agree) and priceRefreshMs keeps its
  // default of 60 s: only a refresh scheduled for the window's own next change can push before next() gives up.
  const fx = await startFeedExchange({}, { realTime: true });
  try {
    const alice = await fx.ex.createTrader({ BMX: '10', ETH: '1' });
    const bob = await fx.ex.createTrader({ BMX: '10', ETH: '1' });
    assert.equal((await alice.post('/v2/orders', { symbol: 'BMX_ETH', side: 'sell', amount: 1, price: '0.002' })).status, 200);
    assert.equal((await bob.post('/v2/orders', { symbol: 'BMX_ETH', side: 'buy', amount: 1, price: '0.002' })).status, 200);
    const [trade] = (await fx.ex.http<{ order_time: number }[]>('GET', '/v2/symbols/BMX_ETH/trades')).body;
    assert.ok(trade !== undefined);
    // The trade's minute leaves the window one window after the minute starts.
    const slides = Math.floor(trade.order_time / 60_000) * 60_000 + DAY;
    const ticker = async () =>
      (await fx.ex.http<{ volume: string; fluctuation: string }>('GET', '/v2/ticker', { query: { symbol: 'BMX_ETH' } })).body;

    fx.ex.clock.set(slides - 1000);
    assert.equal((await ticker()).volume, '1.00', 'REST: the trade is still in the window');
    const s = await TestSocket.open(fx.wsUrl);
    s.send({ subscribe: 'price', symbol: 'BMX_ETH' });
    const snapshot = (await s.next()).data as { volume: string; timestamp: number };
    assert.equal(snapshot.volume, '1.00');
    assert.ok(snapshot.timestamp < slides);

    const slid = await s.next();
    assert.equal(slid.subscribe, 'price');
    const data = slid.data as { volume: string; fluctuation: string; open_price: string; current_price: string; timestamp: number };
    assert.ok(data.timestamp >= slides, 'pushed once the window has slid, not before');
    assert.equal(data.volume, '0.00');
    assert.equal(data.current_price, '0.00200000');
    const now = await ticker();
    assert.equal(now.volume, '0.00', 'REST agrees');
    assert.equal(now.fluctuation, data.fluctuation);
    assert.deepEqual(await s.drain(), [], 'pushed once');
    s.close();
  } finally {
    await fx.ex.close();
  }
});

test('after a jump of the clock the price topic is re-checked within priceRefreshMs and pushes the new figures once', async () => {
  const fx = await startFeedExchange({ priceRefreshMs: 40 });
  try {
    const alice = await fx.ex.createTrader({ BMX: '10', ETH: '1' });
    const bob = await fx.ex.createTrader({ BMX: '10', ETH: '1' });
    assert.equal((await alice.post('/v2/orders', { symbol: 'BMX_ETH', side: 'sell', amount: 1, price: '0.002' })).status, 200);
    assert.equal((await bob.post('/v2/orders', { symbol: 'BMX_ETH', side: 'buy', amount: 1, price: '0.002' })).status, 200);
    const s = await TestSocket.open(fx.wsUrl);
    s.send({ subscribe: 'price', symbol: 'BMX_ETH' });
    assert.equal(((await s.next()).data as { volume: string }).volume, '1.00');
    await sleep(120);
    assert.deepEqual(await s.drain(), [], 'nothing changed: no push');
    fx.ex.clock.advance(25 * 3_600_000);
    const slid = await s.next();
    assert.deepEqual(slid, {
      subscribe: 'price',
      symbol: 'BMX_ETH',
      data: {
        open_price: '0.00200000',
        highest_price: '0.00200000',
        lowest_price: '0.00200000',
        volume: '0.00',
        current_price: '0.00200000',
        fluctuation: '+0.0000',
        rate: '+0.00',
        timestamp: T0 + 25 * 3_600_000,
      },
    });
    await sleep(120);
    assert.deepEqual(await s.drain(), [], 'pushed once');
    s.close();
  } finally {
    await fx.ex.close();
  }
});
