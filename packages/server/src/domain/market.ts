/**
 * Currency and market configuration in engine units. Every price and amount
 * inside the engine is an integer count of units; the scales below say what
 * one unit is worth. Decimal text exists only at the edges (decimal.ts).
 */

export interface CurrencyConfig {
  /** Ticker id, e.g. "ETH". Upper case letters and digits, 1..16 chars. */
  readonly id: string;
  readonly name: string;
  /** Balances of this currency are integers of 10^-scale (0..18). */
  readonly scale: number;
  readonly depositEnabled: boolean;
  readonly withdrawEnabled: boolean;
}

export interface MarketConfig {
  /** "BASE_QUOTE", e.g. "BMX_ETH". */
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  /** Prices are integers of 10^-priceDecimals quote per one whole base. */
  readonly priceDecimals: number;
  /** quote_increment in price units (>= 1): minimum price and price step. */
  readonly priceTick: number;
  /** Amounts are integers of 10^-amountDecimals base. */
  readonly amountDecimals: number;
  /** Amount step in amount units (>= 1). */
  readonly amountStep: number;
  /** base_min_size and base_max_size in amount units. */
  readonly minAmount: number;
  readonly maxAmount: number;
  /** price_min_precision / price_max_precision: digits usable for book and k-line queries. */
  readonly pricePrecisionMin: number;
  readonly pricePrecisionMax: number;
  /** Fee rates in parts per 10^8 (0.1% = 100000), 0 <= rate < 10^8. */
  readonly makerFeeE8: number;
  readonly takerFeeE8: number;
  /**
   * Price band in percent (500 = 5x): a buy may not be priced above
   * band x best bid, nor a sell above band x best ask. 0 turns it off.
   */
  readonly priceBandPercent: number;
}

/** Largest integer any engine price or amount (in units) may reach. */
export const MAX_UNITS = Number.MAX_SAFE_INTEGER;

/** Scale of fee rates. */
export const FEE_SCALE = 100_000_000;
