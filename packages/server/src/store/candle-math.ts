/**
 * K-line bucketing shared by the store and the in-memory market data, so
 * both compute the same candles. Buckets are epoch-aligned for every step:
 * start = floor(t / (step*60000)) * step*60000. So a 1-week (10080) bucket
 * starts on a Thursday 00:00 UTC (1970-01-01 was a Thursday), and a
 * 43200-minute bucket is a 30-day block counted from the epoch, not a
 * calendar month.
 */
import type { CandleUnits } from './port.js';

/**
 * The k-line steps in minutes: the protocol's KLINE_STEPS (GET /v2/steps),
 * repeated here so that the store's writer thread does not load
 * `@openmart/protocol` (and TypeBox with it) just for this list;
 * test/store/kline-steps.test.ts keeps the two equal.
 */
export const STEPS: readonly number[] = Object.freeze([1, 3, 5, 15, 30, 45, 60, 120, 180, 240, 1440, 10080, 43200]);

export function bucketStart(time: number, step: number): number {
  const width = step * 60_000;
  return Math.floor(time / width) * width;
}

/** The trade facts a candle needs. */
export interface CandleTick {
  readonly price: number;
  readonly amount: number;
  readonly quoteAmount: bigint;
  /** Bucketing time (see clampTime). */
  readonly time: number;
}

/**
 * Merge one trade into the candle of its bucket: `current` when it is the
 * same bucket, else a fresh candle opened by this trade.
 */
export function mergeTick(symbol: string, step: number, current: CandleUnits | undefined, tick: CandleTick): CandleUnits {
  const time = bucketStart(tick.time, step);
  if (current === undefined || current.time !== time) {
    return {
      symbol,
      step,
      time,
      open: tick.price,
      high: tick.price,
      low: tick.price,
      close: tick.price,
      volume: BigInt(tick.amount),
      quoteVolume: tick.quoteAmount,
    };
  }
  return {
    symbol,
    step,
    time,
    open: current.open,
    high: Math.max(current.high, tick.price),
    low: Math.min(current.low, tick.price),
    close: tick.price,
    volume: current.volume + BigInt(tick.amount),
    quoteVolume: current.quoteVolume + tick.quoteAmount,
  };
}

/**
 * Trade times come from the sequencer's wall clock, which may step back. For
 * bucketing, a trade never counts earlier than the previous trade of its
 * symbol, so candles only ever grow at the newest bucket.
 */
export function clampTime(time: number, previous: number | undefined): number {
  return previous !== undefined && previous > time ? previous : time;
}
