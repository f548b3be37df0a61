/** The ticker's 24 h change over real HTTP: against the price 24 h ago, also after a restart. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Ticker } from '@openmart/protocol';
import { priceData } from '../../src/ws/render.js';
import { startExchange, type ApiClient, type TestExchange } from './harness.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 0, 1, 12, 0, 30);

async function trade(maker: ApiClient, taker: ApiClient, price: string): Promise<void> {
  // The clock jumps by hours between trades: fetch fresh tokens.
  maker.token = undefined;
  taker.token = undefined;
  assert.equal((await maker.post('/v2/orders', { symbol: 'BMX_ETH', side: 'sell', amount: 1, price })).status, 200);
  assert.equal((await taker.post('/v2/orders', { symbol: 'BMX_ETH', side: 'buy', amount: 1, price })).status, 200);
}

async function ticker(ex: TestExchange): Promise<Ticker> {
  const r = await ex.http<Ticker>('GET', '/v2/ticker', { query: { symbol: 'BMX_ETH' } });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

/** What the ws `price` topic would show now. */
function openPrice(ex: TestExchange): string {
  const now = ex.clock.now();
  const units = ex.marketData.tickerUnits('BMX_ETH', now);
  const format = ex.marketData.format('BMX_ETH');
  assert.ok(units !== undefined && format !== undefined);
  return priceData(format, units, now).open_price;
}

test('fluctuation and the ws open price compare with the last price 24 h ago, not the first trade left in the window; a restart keeps it', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openmart-http-ticker-window-'));
  const serverKey = randomBytes(32);
  try {
    const ex = await startExchange({ dataDir, serverKey, startTime: T0 });
    let before: Ticker;
    try {
      await ex.seedDocsMarket();
      const maker = await ex.createTrader({ BMX: '10' });
      const taker = await ex.createTrader({ ETH: '1' });
      await trade(maker, taker, '0.003');
      ex.clock.advance(23 * HOUR);
      await trade(maker, taker, '0.0033');
      assert.equal((await ticker(ex)).fluctuation, '+0.1000');
      assert.equal(openPrice(ex), '0.00300000');

      ex.clock.advance(HOUR + 2 * MIN); // T0 + 24 h 02 min: only the 0.0033 trade is in the window
      before = await ticker(ex);
      assert.deepEqual(
        [before.volume, before.highest_price, before.lowest_price, before.current_price, before.fluctuation],
        ['1.00', '0.00330000', '0.00330000', '0.00330000', '+0.1000'],
      );
      assert.equal(openPrice(ex), '0.00300000');
    } finally {
      await ex.close();
    }

    const again = await startExchange({ dataDir, serverKey, startTime: T0 + 24 * HOUR + 2 * MIN });
    try {
      assert.deepEqual(await ticker(again), before, 'the same ticker after the restart');
      assert.equal(openPrice(again), '0.00300000');
      // A day after the last trade: nothing in the window, no change, the last price everywhere.
      again.clock.advance(23 * HOUR);
      const quiet = await ticker(again);
      assert.deepEqual(
        [quiet.volume, quiet.highest_price, quiet.lowest_price, quiet.current_price, quiet.fluctuation],
        ['0.00', '0.00330000', '0.00330000', '0.00330000', '+0.0000'],
      );
      assert.equal(openPrice(again), '0.00330000');
    } finally {
      await again.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
