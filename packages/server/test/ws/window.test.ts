/** Price topics follow the 24 h window as it slides without trades. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFeedExchange, T0, TestSocket } from './helpers.js';

test('when the 24 h window slides past the trades, the price topic pushes the new figures once', async () => {
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
