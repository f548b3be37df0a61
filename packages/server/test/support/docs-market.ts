/** BMX_ETH in engine units, with the symbol details of the public docs (quote_increment 0.00000001, sizes 0.01 to 100000000, precision 6..8). */
import type { MarketConfig } from '../../src/domain/index.js';

export const DOCS_MARKET: MarketConfig = {
  symbol: 'BMX_ETH',
  base: 'BMX',
  quote: 'ETH',
  priceDecimals: 8,
  priceTick: 1,
  amountDecimals: 2,
  amountStep: 1,
  minAmount: 1,
  maxAmount: 100_000_000 * 100,
  pricePrecisionMin: 6,
  pricePrecisionMax: 8,
  makerFeeE8: 100_000,
  takerFeeE8: 200_000,
  priceBandPercent: 500,
};
