/**
 * Exact unit conversions and fees. Prices and amounts are safe integers
 * (numbers); money is bigint.
 *
 *   quote value of (price, amount) = price x amount x quoteMult
 *   base units of amount           = amount x baseMult
 *   fee of x received at rate r    = ceil(x x r / 10^8)   (never more than x, as r < 10^8)
 */
import { FEE_SCALE } from '../domain/index.js';
import type { MarketState } from './state.js';

const MAX = Number.MAX_SAFE_INTEGER;
const FEE_DIV = BigInt(FEE_SCALE);
const FEE_ROUND = FEE_DIV - 1n;

// A float product of non-negative integers that is <= 2^53 - 1 is the exact
// product (rounding is monotonic and every integer below 2^53 is a double),
// so the common case needs one BigInt conversion and no bigint arithmetic.

export function quoteValue(m: MarketState, price: number, amount: number): bigint {
  const v = price * amount * m.quoteMultNum;
  if (v <= MAX && v > 0) return BigInt(v);
  return BigInt(price) * BigInt(amount) * m.quoteMult;
}

export function baseUnits(m: MarketState, amount: number): bigint {
  const v = amount * m.baseMultNum;
  if (v <= MAX && v > 0) return BigInt(v);
  return BigInt(amount) * m.baseMult;
}

/** Fee on `received` units at `rateE8` (parts per 10^8), rounded up to the smallest unit. */
export function feeOf(received: bigint, rateE8: bigint): bigint {
  if (rateE8 === 0n) return 0n;
  return (received * rateE8 + FEE_ROUND) / FEE_DIV;
}

/** What an open order keeps frozen: a buy its limit price x remaining in quote, a sell its remaining in base. */
export function reserveOf(m: MarketState, side: 'buy' | 'sell', price: number, remaining: number): bigint {
  return side === 'buy' ? quoteValue(m, price, remaining) : baseUnits(m, remaining);
}
