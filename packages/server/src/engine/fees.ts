/**
 * Fees: charged in the currency a side receives (buyer: base, seller:
 * quote) at the market's maker or taker rate in parts per 10^8, rounded UP
 * to the currency's smallest unit:
 *
 *   fee = ceil(received x rate / 10^8)
 *
 * As rate < 10^8, a fee never exceeds what is received. The fee account
 * (FEE_ACCOUNT_ID) collects it.
 */
import { FEE_SCALE } from '../domain/index.js';

const FEE_DIV = BigInt(FEE_SCALE);
const FEE_ROUND = FEE_DIV - 1n;

/** Fee on `received` units at `rateE8` (parts per 10^8), rounded up to the smallest unit. */
export function feeOf(received: bigint, rateE8: bigint): bigint {
  if (rateE8 === 0n) return 0n;
  return (received * rateE8 + FEE_ROUND) / FEE_DIV;
}
