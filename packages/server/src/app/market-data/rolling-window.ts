/**
 * The 24 h ticker window of one symbol, kept as one-minute buckets (so its
 * memory is bounded by the window's minute count, whatever the trade rate).
 * At `now` the window holds the `minutes` minute buckets ending with the
 * minute of `now`: a trade counts until the start of the same minute one
 * window later (between 23h59m and 24h for the default window).
 * Running sums give volume; monotonic deques give highest/lowest; eviction
 * from the front is O(1) amortised.
 * The reference price of the 24 h change is the price 24 h ago: the close of
 * the newest bucket that has left the window (kept when evicting), or, for a
 * market younger than the window, the first price in it.
 */
import { Deque } from './deque.js';

const MINUTE = 60_000;

export interface MinuteBucket {
  /** Bucket start, ms (multiple of 60 000). */
  readonly minute: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Base amount units. */
  volume: bigint;
  /** Quote currency units. */
  quote: bigint;
}

export interface WindowStats {
  /** First price in the window (undefined when the window is empty). */
  readonly open: number | undefined;
  /**
   * Reference price of the change over the window: the last price at or
   * before the window start (close of the newest bucket that left it), else
   * (nothing has left) the first price in the window; undefined when no
   * trade was ever added.
   */
  readonly reference: number | undefined;
  readonly high: number | undefined;
  readonly low: number | undefined;
  /** Last price in the window. */
  readonly close: number | undefined;
  readonly volume: bigint;
  readonly quoteVolume: bigint;
}

export class RollingWindow {
  private readonly buckets = new Deque<MinuteBucket>();
  private readonly maxQ = new Deque<MinuteBucket>();
  private readonly minQ = new Deque<MinuteBucket>();
  private volume = 0n;
  private quote = 0n;
  /** Close of the newest bucket evicted so far (undefined until one is). */
  private before: number | undefined;

  constructor(readonly minutes: number) {
    if (!Number.isSafeInteger(minutes) || minutes < 1) throw new RangeError(`window minutes must be >= 1, got ${minutes}`);
  }

  /** Add a trade. A time before the newest bucket counts in the newest bucket. */
  add(price: number, amount: number, quote: bigint, time: number): void {
    const minute = Math.floor(time / MINUTE) * MINUTE;
    const last = this.buckets.back();
    if (last !== undefined && last.minute >= minute) {
      last.high = Math.max(last.high, price);
      last.low = Math.min(last.low, price);
      last.close = price;
      last.volume += BigInt(amount);
      last.quote += quote;
      this.volume += BigInt(amount);
      this.quote += quote;
      this.reorder(last);
      return;
    }
    this.addBucket({ minute, open: price, high: price, low: price, close: price, volume: BigInt(amount), quote });
  }

  /** Append a whole bucket newer than every bucket held (used to rebuild from 1-minute candles). */
  addBucket(bucket: MinuteBucket): void {
    const last = this.buckets.back();
    if (last !== undefined && last.minute >= bucket.minute) throw new RangeError('buckets must be added in time order');
    this.buckets.push({ ...bucket });
    const b = this.buckets.back() as MinuteBucket;
    this.volume += b.volume;
    this.quote += b.quote;
    this.reorder(b);
  }

  /** Drop buckets that are out of the window at `now`; the last one dropped gives the reference price. */
  evict(now: number): void {
    const first = Math.floor(now / MINUTE) * MINUTE - (this.minutes - 1) * MINUTE;
    for (let b = this.buckets.front(); b !== undefined && b.minute < first; b = this.buckets.front()) {
      this.buckets.shift();
      this.before = b.close;
      this.volume -= b.volume;
      this.quote -= b.quote;
      if (this.maxQ.front() === b) this.maxQ.shift();
      if (this.minQ.front() === b) this.minQ.shift();
    }
  }

  /**
   * The time at which the oldest bucket leaves the window (Infinity when
   * empty): the next change of every figure that time alone changes,
   * the reference price included.
   */
  nextEviction(): number {
    const b = this.buckets.front();
    return b === undefined ? Infinity : b.minute + this.minutes * MINUTE;
  }

  /** Stats of what the window holds now (call evict(now) first). */
  stats(): WindowStats {
    return {
      open: this.buckets.front()?.open,
      reference: this.before ?? this.buckets.front()?.open,
      high: this.maxQ.front()?.high,
      low: this.minQ.front()?.low,
      close: this.buckets.back()?.close,
      volume: this.volume,
      quoteVolume: this.quote,
    };
  }

  /** `b` is the newest bucket and just got a new high/low (or was just added). */
  private reorder(b: MinuteBucket): void {
    while ((this.maxQ.back()?.high ?? Infinity) <= b.high) this.maxQ.popBack();
    this.maxQ.push(b);
    while ((this.minQ.back()?.low ?? -Infinity) >= b.low) this.minQ.popBack();
    this.minQ.push(b);
  }
}
