/**
 * Admission checks of placeOrder, in the order they are applied. Each
 * returns a rejection or null; none changes state.
 */
import { formatUnits, MAX_UNITS, type PlaceOrder, type Rejected } from '../domain/index.js';
import { reject } from './reject.js';
import type { MarketState } from './state.js';

export function checkAmount(m: MarketState, amount: number): Rejected | null {
  const c = m.config;
  const d = c.amountDecimals;
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
    return reject('AMOUNT_OFF_STEP', `Amount must be a multiple of ${formatUnits(c.amountStep, d, false)}`);
  }
  if (amount < c.minAmount) return reject('AMOUNT_TOO_SMALL', `Minimum amount is ${formatUnits(c.minAmount, d, false)}`);
  if (amount > c.maxAmount) return reject('AMOUNT_TOO_LARGE', `Maximum amount is ${formatUnits(c.maxAmount, d, false)}`);
  if (amount % c.amountStep !== 0) return reject('AMOUNT_OFF_STEP', `Amount must be a multiple of ${formatUnits(c.amountStep, d, false)}`);
  return null;
}

export function checkPrice(m: MarketState, price: number): Rejected | null {
  const c = m.config;
  if (typeof price !== 'number' || !Number.isSafeInteger(price) || price <= 0 || price % c.priceTick !== 0) {
    return reject('INVALID_PRICE', `Price must be a positive multiple of ${formatUnits(c.priceTick, c.priceDecimals, false)}`);
  }
  return null;
}

/** floor(ref x percent / 100), exact. */
export function bandMax(ref: number, percent: number): number {
  const n = ref * percent;
  if (n <= Number.MAX_SAFE_INTEGER) return (n - (n % 100)) / 100;
  return Number((BigInt(ref) * BigInt(percent)) / 100n);
}

/**
 * Price band (later revision): a buy may not be priced above band% of the
 * best bid, a sell not above band% of the best ask; only when that side has
 * a best price and the band is on (> 0).
 */
export function checkBand(m: MarketState, cmd: PlaceOrder): Rejected | null {
  const percent = m.config.priceBandPercent;
  if (percent === 0) return null;
  const ref = m.book.best(cmd.side);
  if (ref === null) return null;
  const max = bandMax(ref.price, percent);
  if (cmd.price > max) return reject('PRICE_OUT_OF_BAND', `Maximum price is ${formatUnits(max, m.config.priceDecimals)}`);
  return null;
}

/**
 * A level's total must stay a safe integer. A non-empty level on the order's
 * own side at its price means the order cannot cross (the book is never
 * crossed), so it would rest in full: checking the whole amount is exact.
 */
export function checkLevel(m: MarketState, cmd: PlaceOrder): Rejected | null {
  if (m.book.levelTotal(cmd.side, cmd.price) + cmd.amount > MAX_UNITS) {
    return reject('LEVEL_FULL', `The price level is full: at most ${MAX_UNITS} amount units may rest at one price`);
  }
  return null;
}
