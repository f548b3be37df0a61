/**
 * Exact unit conversions and fees. Prices and amounts are safe integers
 * (numbers); money is bigint.
 *
 *   quote value of (price, amount) = price x amount x quoteMult
 *   base units of amount           = amount x baseMult
 */
import type { MarketState } from './state.js';


// BigInt() of a small integer (below 2^31, a V8 "Smi") is several times
// cheaper than of a larger number or than bigint arithmetic on big values, so
// the product price x amount is converted once when it is small (a float
// product of integers that is < 2^31 is exact), else each factor.
const SMALL = 0x7fffffff;

export function quoteValue(m: MarketState, price: number, amount: number): bigint {
  const p = price * amount;
  return (p <= SMALL ? BigInt(p) : BigInt(price) * BigInt(amount)) * m.quoteMult;
}

export function baseUnits(m: MarketState, amount: number): bigint {
  return BigInt(amount) * m.baseMult;
}

/** What an open order keeps frozen: a buy its limit price x remaining in quote, a sell its remaining in base. */
export function reserveOf(m: MarketState, side: 'buy' | 'sell', price: number, remaining: number): bigint {
  return side === 'buy' ? quoteValue(m, price, remaining) : baseUnits(m, remaining);
}
