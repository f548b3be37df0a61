import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fluctuation, formatPublicTrade, quoteValue, type MarketFormat } from '../../src/app/market-data/index.js';
import { MARKET } from '../store/fixtures.js';

test('fluctuation: signed, 4 digits, half away from zero, +0.0000 without change', () => {
  assert.equal(fluctuation(10_000, 10_275), '+0.0275');
  assert.equal(fluctuation(10_000, 9_942), '-0.0058');
  assert.equal(fluctuation(10_000, 10_000), '+0.0000');
  assert.equal(fluctuation(undefined, undefined), '+0.0000');
  assert.equal(fluctuation(20_000, 20_001), '+0.0001', '0.00005 rounds up');
  assert.equal(fluctuation(20_000, 19_999), '-0.0001', '-0.00005 rounds away from zero');
  assert.equal(fluctuation(30_000, 30_001), '+0.0000', '0.0000333 rounds to zero');
  assert.equal(fluctuation(30_000, 29_999), '+0.0000', 'a change that rounds to zero has no minus sign');
  assert.equal(fluctuation(3, 1), '-0.6667');
  assert.equal(fluctuation(1, 5), '+4.0000');
  assert.equal(fluctuation(Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER), '+0.0000');
});

test('quote values are exact, trimmed to priceDecimals + amountDecimals digits', () => {
  const f: MarketFormat = { market: { ...MARKET, priceDecimals: 6, amountDecimals: 6 }, quoteScale: 18 };
  // 0.0005 x 1 = 0.0005 ETH = 5 * 10^14 wei
  assert.equal(quoteValue(f, 500_000_000_000_000n), '0.000500000000');
  assert.equal(quoteValue(f, 500_000_000_000_001n), '0.000500000000000001', 'never rounded');
  assert.equal(quoteValue({ ...f, quoteScale: 8 }, 50_000n), '0.00050000');
  assert.equal(quoteValue({ ...f, quoteScale: 0 }, 7n), '7');
});

test('public trade: amount is the quote value, count the base quantity, type the taker side', () => {
  const f: MarketFormat = { market: { ...MARKET, priceDecimals: 6, amountDecimals: 2 }, quoteScale: 8 };
  const t = formatPublicTrade(f, { id: 1, symbol: 'BMX_ETH', price: 4811, amount: 1199, quoteAmount: 5_768_389n, takerSide: 'sell', time: 1527777538000 });
  assert.deepEqual(t, { amount: '0.05768389', order_time: 1527777538000, price: '0.004811', count: '11.99', type: 'sell' });
});
