/**
 * One side of a book as a ladder of price buckets: the buckets by price (a
 * Map) and their prices in one array sorted best LAST (bids ascending, asks
 * descending), kept with binary search and splice like the engine's fast
 * book (most changes are at or near the top, the end of the array), so the
 * best n buckets are read in O(n).
 *
 * A bucket's amount is exact: one tick level holds at most MAX_UNITS
 * (LEVEL_FULL), but a coarse bucket merges many of them and may pass
 * 2^53 - 1. The sum is kept as a safe-integer part plus a bigint carry that
 * is only touched when the safe part would leave the safe range, so the
 * common path is plain number arithmetic.
 */
import type { Side } from '../../domain/index.js';
import type { DepthLevel } from '../../engine/types.js';
import type { AggregatedLevel } from './book.js';

interface Bucket {
  /** Safe-integer part of the amount (may be negative while carry is positive). */
  amount: number;
  /** The rest of the amount (0n unless the sum ever left the safe range). */
  carry: bigint;
  count: number;
}

const ZERO = 0n;

function exactAmount(b: Bucket): bigint {
  return b.carry === ZERO ? BigInt(b.amount) : b.carry + BigInt(b.amount);
}

export class PriceLadder {
  private readonly buckets = new Map<number, Bucket>();
  /** Prices of the buckets, best last. */
  private readonly prices: number[] = [];
  private readonly buy: boolean;

  constructor(side: Side) {
    this.buy = side === 'buy';
  }

  get size(): number {
    return this.prices.length;
  }

  /**
   * Add a signed change of amount units and orders at `price` (safe
   * integers). A bucket appears on its first order and goes when its order
   * count returns to 0 (its amount must then be 0 too).
   */
  change(price: number, amount: number, count: number): void {
    let b = this.buckets.get(price);
    if (b === undefined) {
      b = { amount: 0, carry: ZERO, count: 0 };
      this.buckets.set(price, b);
      this.insert(price);
    }
    const sum = b.amount + amount;
    if (Number.isSafeInteger(sum)) {
      b.amount = sum;
    } else {
      b.carry += BigInt(b.amount) + BigInt(amount);
      b.amount = 0;
    }
    b.count += count;
    if (b.count === 0) {
      if (b.amount !== 0 || b.carry !== ZERO) throw new Error(`price ladder: bucket ${price} has no order left but ${exactAmount(b)} units`);
      this.buckets.delete(price);
      this.remove(price);
    } else if (b.count < 0) {
      throw new Error(`price ladder: bucket ${price} has ${b.count} orders`);
    }
  }

  /** The best `n` buckets, best first, with cumulative totals. */
  best(n: number): AggregatedLevel[] {
    const out: AggregatedLevel[] = [];
    const prices = this.prices;
    let total = ZERO;
    for (let i = prices.length - 1; i >= 0 && out.length < n; i--) {
      const price = prices[i] as number;
      const b = this.buckets.get(price) as Bucket;
      const amount = exactAmount(b);
      total += amount;
      out.push({ price, amount, total, count: b.count });
    }
    return out;
  }

  /** The best `n` buckets, best first, amounts as numbers (throws if one is not a safe integer). */
  top(n: number): DepthLevel[] {
    const out: DepthLevel[] = [];
    const prices = this.prices;
    for (let i = prices.length - 1; i >= 0 && out.length < n; i--) {
      const price = prices[i] as number;
      const b = this.buckets.get(price) as Bucket;
      if (b.carry !== ZERO) throw new Error(`price ladder: level ${price} holds ${exactAmount(b)} units, more than a safe integer`);
      out.push({ price, amount: b.amount, count: b.count });
    }
    return out;
  }

  /**
   * A new ladder of this one's levels merged into buckets by `bucketOf`,
   * which must be monotone in the side's order (bucketPrice is): one pass
   * over the sorted levels, no sorting.
   */
  rebucket(side: Side, bucketOf: (price: number) => number): PriceLadder {
    const out = new PriceLadder(side);
    let last: Bucket | undefined;
    let lastPrice = 0;
    for (const price of this.prices) {
      const b = this.buckets.get(price) as Bucket;
      const p = bucketOf(price);
      if (last === undefined || p !== lastPrice) {
        last = { amount: 0, carry: ZERO, count: 0 };
        lastPrice = p;
        out.buckets.set(p, last);
        out.prices.push(p);
      }
      const sum = last.amount + b.amount;
      if (Number.isSafeInteger(sum)) {
        last.amount = sum;
      } else {
        last.carry += BigInt(last.amount) + BigInt(b.amount);
        last.amount = 0;
      }
      if (b.carry !== ZERO) last.carry += b.carry;
      last.count += b.count;
    }
    return out;
  }

  /** Throws unless prices are strictly sorted best last and match the buckets, none empty. */
  validate(): void {
    if (this.prices.length !== this.buckets.size) throw new Error(`price ladder: ${this.prices.length} prices for ${this.buckets.size} buckets`);
    for (let i = 0; i < this.prices.length; i++) {
      const p = this.prices[i] as number;
      const b = this.buckets.get(p);
      if (b === undefined || b.count <= 0) throw new Error(`price ladder: price ${p} without a non-empty bucket`);
      if (i > 0 && !this.better(p, this.prices[i - 1] as number)) throw new Error(`price ladder: ${p} out of order at ${i}`);
    }
  }

  private better(a: number, b: number): boolean {
    return this.buy ? a > b : a < b;
  }

  /** First index whose price is not worse than `price` (where it is, or belongs). */
  private slot(price: number): number {
    const prices = this.prices;
    let lo = 0;
    let hi = prices.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.better(price, prices[mid] as number)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insert(price: number): void {
    const prices = this.prices;
    const n = prices.length;
    // Most new levels are at or near the top of the book: check the end first.
    if (n === 0 || this.better(price, prices[n - 1] as number)) prices.push(price);
    else prices.splice(this.slot(price), 0, price);
  }

  private remove(price: number): void {
    const prices = this.prices;
    const n = prices.length;
    if (prices[n - 1] === price) {
      prices.pop();
      return;
    }
    const i = this.slot(price);
    if (prices[i] !== price) throw new Error(`price ladder: price ${price} not in the ladder`);
    prices.splice(i, 1);
  }
}
