import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MarketConfig } from '../../src/domain/index.js';
import { Engine } from '../../src/engine/engine.js';
import { MARKET } from './fixtures.js';

function engineWithCurrencies(): Engine {
  const e = new Engine();
  for (const [id, scale] of [['BTC', 8], ['USDT', 6]] as const) {
    const out = e.apply({ type: 'createCurrency', now: 1, currency: { id, name: id, scale, depositEnabled: true, withdrawEnabled: true } });
    assert.ok(out.ok);
  }
  return e;
}

const BAD: Array<[string, Partial<MarketConfig>, RegExp]> = [
  ['price + amount decimals above the quote scale', { priceDecimals: 3, amountDecimals: 4 }, /quote currency scale/],
  ['amount decimals above the base scale', { base: 'USDT', quote: 'BTC', symbol: 'USDT_BTC', amountDecimals: 7, priceDecimals: 0 }, /base currency scale/],
  ['unknown base currency', { base: 'ETH', symbol: 'ETH_USDT' }, /Unknown base currency ETH/],
  ['unknown quote currency', { quote: 'EUR', symbol: 'BTC_EUR' }, /Unknown quote currency EUR/],
  ['base equal to quote', { quote: 'BTC', symbol: 'BTC_BTC' }, /must differ/],
  ['a symbol that is not BASE_QUOTE', { symbol: 'BTCUSDT' }, /Symbol must be BTC_USDT/],
  ['a zero price tick', { priceTick: 0 }, /priceTick/],
  ['a zero amount step', { amountStep: 0 }, /amountStep/],
  ['min above max', { minAmount: 100, maxAmount: 10 }, /minAmount may not exceed maxAmount/],
  ['min off the step', { amountStep: 3, minAmount: 10, maxAmount: 30 }, /multiples of amountStep/],
  ['max off the step', { amountStep: 5, minAmount: 10, maxAmount: 33 }, /multiples of amountStep/],
  ['precision min above max', { pricePrecisionMin: 5, pricePrecisionMax: 4 }, /pricePrecisionMin/],
  ['precision beyond 18', { pricePrecisionMax: 19 }, /from 0 to 18/],
  ['a negative fee', { makerFeeE8: -1 }, /Fee rates/],
  ['a fee of 100%', { takerFeeE8: 100_000_000 }, /Fee rates/],
  ['a negative band', { priceBandPercent: -1 }, /priceBandPercent/],
];

for (const [what, patch, message] of BAD) {
  test(`createMarket rejects ${what} with INVALID_MARKET`, () => {
    const e = engineWithCurrencies();
    const before = e.stateHash();
    const out = e.apply({ type: 'createMarket', now: 2, market: { ...MARKET, ...patch } });
    assert.equal(out.ok, false);
    if (!out.ok) {
      assert.equal(out.code, 'INVALID_MARKET');
      assert.match(out.message, message);
    }
    assert.equal(e.stateHash(), before);
  });
}

test('createMarket accepts a valid config once, then says MARKET_EXISTS', () => {
  const e = engineWithCurrencies();
  const out = e.apply({ type: 'createMarket', now: 2, market: MARKET });
  assert.deepEqual(out, { ok: true, events: [{ type: 'marketCreated', market: MARKET }] });
  assert.deepEqual(e.market('BTC_USDT'), MARKET);
  assert.deepEqual(e.markets(), [MARKET]);
  const again = e.apply({ type: 'createMarket', now: 3, market: MARKET });
  assert.equal(again.ok ? 'ok' : again.code, 'MARKET_EXISTS');
});

test('createMarket allows a precision range beyond priceDecimals and a zero band', () => {
  const e = engineWithCurrencies();
  const out = e.apply({ type: 'createMarket', now: 2, market: { ...MARKET, pricePrecisionMin: 6, pricePrecisionMax: 8, priceBandPercent: 0 } });
  assert.ok(out.ok);
});
