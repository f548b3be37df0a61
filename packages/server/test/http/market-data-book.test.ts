/**
 * The aggregated book through the real server at a coarse precision, where
 * one bucket merges more tick levels than any read cap would allow (the
 * audit's repro: 5001 sells of 0.01 at 1.0001 ... 1.5001 and 7.00 at 2.5000
 * on a market with 4 price decimals, precision 0): every bucket complete,
 * the next bucket present.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OrderBook } from '@openmart/protocol';
import { startExchange } from './harness.js';

test('book at a coarse precision: a bucket of 5001 tick levels is complete and the buckets past it are shown', async () => {
  const ex = await startExchange({ startTime: Date.UTC(2026, 0, 1, 12, 0, 30) });
  try {
    await ex.seedDocsMarket({ priceDecimals: 4, pricePrecisionMin: 0, pricePrecisionMax: 4 });
    const maker = await ex.createTrader({ ETH: '10', BMX: '100' });
    // The first and the last order through the API, the 4999 between straight into the sequencer (same path after it).
    assert.equal((await maker.post('/v2/orders', { symbol: 'BMX_ETH', side: 'sell', amount: 0.01, price: '1.0001' })).status, 200);
    for (let start = 1; start < 5000; start += 500) {
      const prices = Array.from({ length: Math.min(500, 5000 - start) }, (_, i) => 10_001 + start + i);
      await Promise.all(prices.map((price) => ex.must({ type: 'placeOrder', accountId: maker.accountId, symbol: 'BMX_ETH', side: 'sell', price, amount: 1 })));
    }
    assert.equal((await maker.post('/v2/orders', { symbol: 'BMX_ETH', side: 'sell', amount: 0.01, price: '1.5001' })).status, 200);
    assert.equal((await maker.post('/v2/orders', { symbol: 'BMX_ETH', side: 'sell', amount: 7, price: '2.5' })).status, 200);
    assert.equal((await maker.post('/v2/orders', { symbol: 'BMX_ETH', side: 'buy', amount: 1, price: '0.9999' })).status, 200);
    assert.equal((await maker.post('/v2/orders', { symbol: 'BMX_ETH', side: 'buy', amount: 2, price: '0.95' })).status, 200);

    const book = async (precision: number) => {
      const r = await ex.http<OrderBook>('GET', '/v2/symbols/BMX_ETH/orders', { query: { precision } });
      assert.equal(r.status, 200, r.text);
      return r.body;
    };
    assert.deepEqual(await book(0), {
      buys: [{ price: '0', amount: '3.00', total: '3.00', count: 2 }],
      sells: [
        { price: '2', amount: '50.01', total: '50.01', count: 5001 },
        { price: '3', amount: '7.00', total: '57.01', count: 1 },
      ],
    });
    const p1 = await book(1);
    assert.deepEqual(p1.buys, [{ price: '0.9', amount: '3.00', total: '3.00', count: 2 }]);
    assert.deepEqual(p1.sells, [
      { price: '1.1', amount: '10.00', total: '10.00', count: 1000 },
      { price: '1.2', amount: '10.00', total: '20.00', count: 1000 },
      { price: '1.3', amount: '10.00', total: '30.00', count: 1000 },
      { price: '1.4', amount: '10.00', total: '40.00', count: 1000 },
      { price: '1.5', amount: '10.00', total: '50.00', count: 1000 },
      { price: '1.6', amount: '0.01', total: '50.01', count: 1 },
      { price: '2.5', amount: '7.00', total: '57.01', count: 1 },
    ]);
    // Finest precision: the 50 best tick levels.
    const p4 = await book(4);
    assert.equal(p4.sells.length, 50);
    assert.deepEqual(p4.sells[49], { price: '1.0050', amount: '0.01', total: '0.50', count: 1 });
    assert.deepEqual(p4.buys, [
      { price: '0.9999', amount: '1.00', total: '1.00', count: 1 },
      { price: '0.9500', amount: '2.00', total: '3.00', count: 1 },
    ]);

    // A fill and a cancel move the coarse buckets with them.
    const taker = await ex.createTrader({ ETH: '10' });
    assert.equal((await taker.post('/v2/orders', { symbol: 'BMX_ETH', side: 'buy', amount: 0.02, price: '1.0002' })).status, 200);
    const top = (await book(4)).sells[0];
    assert.equal(top?.price, '1.0003');
    assert.deepEqual((await book(0)).sells, [
      { price: '2', amount: '49.99', total: '49.99', count: 4999 },
      { price: '3', amount: '7.00', total: '56.99', count: 1 },
    ]);
  } finally {
    await ex.close();
  }
});
