import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currencyFromParams, marketFromParams, marketToParams } from '../../src/app/market-params.js';

const defaults = { makerFeeE8: 100_000, takerFeeE8: 200_000, priceBandPercent: 500 };

test('BMX_ETH of the public docs becomes 8 price decimals, 0.01 amount steps', () => {
  const r = marketFromParams(
    { symbol: 'bmx_eth', quote_increment: '0.00000001', base_min_size: '0.01', base_max_size: '100000000', price_min_precision: 6, price_max_precision: 8 },
    defaults,
  );
  assert.ok(r.ok);
  assert.deepEqual(r.value, {
    symbol: 'BMX_ETH', base: 'BMX', quote: 'ETH',
    priceDecimals: 8, priceTick: 1, amountDecimals: 2, amountStep: 1, minAmount: 1, maxAmount: 10_000_000_000,
    pricePrecisionMin: 6, pricePrecisionMax: 8, makerFeeE8: 100_000, takerFeeE8: 200_000, priceBandPercent: 500,
  });
  const back = marketToParams(r.value);
  assert.equal(back.quote_increment, '0.00000001');
  assert.equal(back.base_min_size, '0.01');
  assert.equal(back.base_max_size, '100000000');
  assert.equal(back.maker_fee, '0.001');
});

test('explicit amount step, fees as rates, numbers accepted, price decimals cover max precision', () => {
  const r = marketFromParams(
    {
      symbol: 'BTC_USDT', quote_increment: 0.5, base_min_size: '0.001', base_max_size: 100, amount_step: '0.0005',
      price_min_precision: 0, price_max_precision: 2, maker_fee: '0', taker_fee: 0.0025, price_band_percent: 0,
    },
    defaults,
  );
  assert.ok(r.ok);
  assert.equal(r.value.priceDecimals, 2);
  assert.equal(r.value.priceTick, 50);
  assert.equal(r.value.amountDecimals, 4);
  assert.equal(r.value.amountStep, 5);
  assert.equal(r.value.minAmount, 10);
  assert.equal(r.value.makerFeeE8, 0);
  assert.equal(r.value.takerFeeE8, 250_000);
  assert.equal(r.value.priceBandPercent, 0);
});

test('bad market parameters are refused with what is wrong', () => {
  const base = { symbol: 'A_B', quote_increment: '0.1', base_min_size: '1', base_max_size: '10', price_min_precision: 1, price_max_precision: 1 };
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ symbol: 'AB' }, /symbol/],
    [{ symbol: 'A_A' }, /symbol/],
    [{ quote_increment: '0' }, /quote_increment/],
    [{ quote_increment: '-1' }, /quote_increment/],
    [{ base_min_size: 'x' }, /base_min_size/],
    [{ base_min_size: '20' }, /base_min_size must not exceed/],
    [{ price_min_precision: 3 }, /price_min_precision/],
    [{ maker_fee: '1' }, /maker_fee/],
    [{ amount_step: '0.3' }, /multiples of amount_step/],
  ];
  for (const [patch, re] of cases) {
    const r = marketFromParams({ ...base, ...patch } as never, defaults);
    assert.equal(r.ok, false, JSON.stringify(patch));
    if (!r.ok) assert.match(r.message, re);
  }
});

test('currencies: upper-cased id, default scale 8, name defaults to the id', () => {
  const r = currencyFromParams({ id: 'eth', name: 'Ethereum', scale: 18 });
  assert.ok(r.ok);
  assert.deepEqual(r.value, { id: 'ETH', name: 'Ethereum', scale: 18, depositEnabled: true, withdrawEnabled: true });
  const d = currencyFromParams({ id: 'XLM' });
  assert.ok(d.ok && d.value.scale === 8 && d.value.name === 'XLM');
  assert.equal(currencyFromParams({ id: 'bad id' }).ok, false);
  assert.equal(currencyFromParams({ id: 'X', scale: 19 }).ok, false);
});
