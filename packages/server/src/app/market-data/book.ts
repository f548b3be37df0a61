/**
 * The aggregated order book: raw engine levels (tick granularity) merged
 * into price buckets of `precision` digits. Bids round down and asks round
 * up, so the aggregated book is never crossed when the raw one is not.
 */
import type { MarketConfig, Side } from '../../domain/index.js';
import type { DepthLevel } from '../../engine/types.js';

export interface AggregatedLevel {
  /** Bucket price in price units (a multiple of the bucket width). */
  readonly price: number;
  /** Base amount units at the bucket. */
  readonly amount: bigint;
  /** Cumulative base amount units from the best bucket. */
  readonly total: bigint;
  /** Orders in the bucket. */
  readonly count: number;
}

export interface AggregatedBook {
  readonly symbol: string;
  readonly precision: number;
  readonly bids: readonly AggregatedLevel[];
  readonly asks: readonly AggregatedLevel[];
}

export type DepthSource = (symbol: string, side: Side, maxLevels: number) => readonly DepthLevel[];

export function validPrecision(market: MarketConfig, precision: number): boolean {
  return Number.isSafeInteger(precision) && precision >= market.pricePrecisionMin && precision <= market.pricePrecisionMax;
}

/** Width of one bucket in price units: 10^(priceDecimals - precision), at least 1. */
export function bucketWidth(priceDecimals: number, precision: number): number {
  return precision >= priceDecimals ? 1 : 10 ** (priceDecimals - precision);
}

/** Bucket price of a raw price: bids down, asks up. */
export function bucketPrice(price: number, width: number, side: Side): number {
  const rest = price % width;
  if (rest === 0) return price;
  return side === 'buy' ? price - rest : price - rest + width;
}

/** Merge best-first raw levels into best-first buckets. */
export function aggregateLevels(raw: readonly DepthLevel[], side: Side, width: number): AggregatedLevel[] {
  const out: AggregatedLevel[] = [];
  let started = false;
  let price = 0;
  let amount = 0n;
  let count = 0;
  let total = 0n;
  const flush = () => {
    total += amount;
    out.push({ price, amount, total, count });
  };
  for (const level of raw) {
    const p = bucketPrice(level.price, width, side);
    if (!started || p !== price) {
      if (started) flush();
      started = true;
      price = p;
      amount = 0n;
      count = 0;
    }
    amount += BigInt(level.amount);
    count += level.count;
  }
  if (started) flush();
  return out;
}

/**
 * One side of the aggregated book from a raw depth source (the engine's):
 * reads raw levels in growing chunks until `levels` buckets are known
 * complete or the side is exhausted. No read cap, so never a partial
 * bucket, but the work grows with the raw levels a coarse bucket merges:
 * only for `bookSource: 'engine'` (tests) and as a reference. The served
 * book reads DurableDepth's bucket ladders instead (O(levels)).
 */
export function aggregatedSide(depth: DepthSource, symbol: string, side: Side, width: number, levels: number): AggregatedLevel[] {
  let n = levels + 1;
  for (;;) {
    const raw = depth(symbol, side, n);
    const agg = aggregateLevels(raw, side, width);
    if (raw.length < n || agg.length > levels) return agg.slice(0, levels);
    n *= 4;
  }
}

export function aggregateBook(depth: DepthSource, market: MarketConfig, precision: number, levels: number): AggregatedBook {
  const width = bucketWidth(market.priceDecimals, precision);
  return {
    symbol: market.symbol,
    precision,
    bids: aggregatedSide(depth, market.symbol, 'buy', width, levels),
    asks: aggregatedSide(depth, market.symbol, 'sell', width, levels),
  };
}
