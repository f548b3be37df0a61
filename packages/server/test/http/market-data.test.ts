import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Candle, OrderBook, PublicTrade, Ticker } from '@openmart/protocol';
import { startExchange } from './harness.js';

test('public market data reflects orders and trades placed through the API', async () => {
  const ex = await startExchange({ startTime: Date.UTC(2026, 0, 1, 12, 0, 30) });
  try {
    await ex.seedDocsMarket();
    const maker = await ex.createTrader({ ETH: '10', BMX: '100' });
    const taker = await ex.createTrader({ ETH: '10', BMX: '100' });
    for (const [side, amount, price] of [
      ['sell', 2, '0.00481100'],
      ['sell', 3, '0.004812'],
      ['buy', 1, '0.0047'],
      ['buy', 1.5, '0.00470009'],
    ] as const) {
      assert.equal((await maker.post('/v2/orders', { symbol: 'BMX_ETH', side, amount, price })).status, 200);
    }
    assert.equal((await taker.post('/v2/orders', { symbol: 'BMX_ETH', side: 'buy', amount: 1, price: '0.004811' })).status, 200);

    const trades = (await ex.http<PublicTrade[]>('GET', '/v2/symbols/BMX_ETH/trades')).body;
    assert.equal(trades.length, 1);
    assert.deepEqual({ ...trades[0], amount: undefined }, { amount: undefined, order_time: ex.clock.now(), price: '0.00481100', count: '1.00', type: 'buy' });
    assert.match(trades[0]?.amount ?? '', /^0\.004811(0*)$/);

    const book = (await ex.http<OrderBook>('GET', '/v2/symbols/BMX_ETH/orders', { query: { precision: 6 } })).body;
    assert.deepEqual(book.sells[0], { price: '0.004811', amount: '1.00', total: '1.00', count: 1 });
    assert.deepEqual(book.sells[1], { price: '0.004812', amount: '3.00', total: '4.00', count: 1 });
    assert.deepEqual(book.buys[0], { price: '0.004700', amount: '2.50', total: '2.50', count: 2 });

    const ticker = (await ex.http<Ticker>('GET', '/v2/ticker', { query: { symbol: 'BMX_ETH' } })).body;
    assert.equal(ticker.current_price, '0.00481100');
    assert.equal(ticker.ask_1, '0.00481100');
    assert.equal(ticker.bid_1, '0.00470009');
    assert.equal(ticker.volume, '1.00');
    assert.equal(ticker.url, 'http://127.0.0.1/trade/BMX_ETH');

    const candles = (await ex.http<Candle[]>('GET', '/v2/symbols/BMX_ETH/kline', { query: { step: 1 } })).body;
    assert.deepEqual(candles, [
      {
        timestamp: Date.UTC(2026, 0, 1, 12, 0, 0),
        open_price: '0.00481100',
        highest_price: '0.00481100',
        lowest_price: '0.00481100',
        current_price: '0.00481100',
        volume: '1.00',
      },
    ]);
    const fiveMin = (await ex.http<Candle[]>('GET', '/v2/symbols/BMX_ETH/kline', { query: { step: 5, from: 0, to: ex.clock.now() } })).body;
    assert.equal(fiveMin[0]?.timestamp, Date.UTC(2026, 0, 1, 12, 0, 0));
    // A 30-day step has fewer than 999 steps before now: the default range starts at the epoch instead of being refused.
    const month = await ex.http<Candle[]>('GET', '/v2/symbols/BMX_ETH/kline', { query: { step: 43200 } });
    assert.equal(month.status, 200, month.text);
    assert.equal(month.body.length, 1);
    assert.equal(month.body[0]?.volume, '1.00');
    assert.equal((await ex.http('GET', '/v2/symbols/BMX_ETH/kline', { query: { step: 1, to: 1000 } })).status, 200);
    assert.equal((await ex.http('GET', '/v2/symbols/BMX_ETH/kline', { query: { step: 1, from: -1 } })).status, 400);
  } finally {
    await ex.close();
  }
});

test('k-lines over a range longer than the cap: from `from` on when the client gave it (paging forward), else the last buckets up to `to`', async () => {
  const start = Date.UTC(2026, 0, 1, 12, 0, 30);
  const ex = await startExchange({ startTime: start, config: { maxCandles: 2 } });
  try {
    await ex.seedDocsMarket();
    const maker = await ex.createTrader({ ETH: '10', BMX: '100' });
    const taker = await ex.createTrader({ ETH: '10', BMX: '100' });
    for (let minute = 0; minute < 4; minute++) {
      assert.equal((await maker.post('/v2/orders', { symbol: 'BMX_ETH', side: 'sell', amount: 1, price: '0.004811' })).status, 200);
      assert.equal((await taker.post('/v2/orders', { symbol: 'BMX_ETH', side: 'buy', amount: 1, price: '0.004811' })).status, 200);
      ex.clock.advance(60_000);
    }
    const bucket0 = Date.UTC(2026, 0, 1, 12, 0, 0);
    const times = async (query: Record<string, number>) =>
      (await ex.http<Candle[]>('GET', '/v2/symbols/BMX_ETH/kline', { query: { step: 1, ...query } })).body.map((c) => (c.timestamp - bucket0) / 60_000);
    assert.deepEqual(await times({ from: bucket0 }), [0, 1], 'from given, to defaulted: the first two from `from`');
    assert.deepEqual(await times({ from: bucket0 + 60_000, to: ex.clock.now() }), [1, 2]);
    // No from: the last maxCandles buckets up to `to`'s own (now is in bucket 4, which has no trade).
    assert.deepEqual(await times({}), [3]);
    assert.deepEqual(await times({ to: bucket0 + 2 * 60_000 + 5 }), [1, 2]);
    // Every bucket that overlaps [from, to] is answered: a `from` inside a bucket takes that bucket.
    assert.deepEqual(await times({ from: bucket0 + 60_000 + 40_000, to: bucket0 + 60_000 + 41_000 }), [1]);
    // Paging forward as ccxt's fetchOHLCV(since) does reaches every candle once.
    const seen: number[] = [];
    for (let from = bucket0; seen.length < 4;) {
      const page = await times({ from });
      assert.ok(page.length > 0);
      seen.push(...page);
      from = bucket0 + (page[page.length - 1]! + 1) * 60_000;
    }
    assert.deepEqual(seen, [0, 1, 2, 3]);
  } finally {
    await ex.close();
  }
});

test('k-lines check `precision` like the book (prices stay at full precision)', async () => {
  const ex = await startExchange();
  try {
    await ex.seedDocsMarket(); // price_min_precision 6, price_max_precision 8
    assert.equal((await ex.http('GET', '/v2/symbols/BMX_ETH/kline', { query: { step: 1, precision: 6 } })).status, 200);
    for (const precision of [5, 9, 99]) {
      const r = await ex.http<{ message: string }>('GET', '/v2/symbols/BMX_ETH/kline', { query: { step: 1, precision } });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.message, "Parameter 'precision' must be between 6 and 8");
    }
  } finally {
    await ex.close();
  }
});
