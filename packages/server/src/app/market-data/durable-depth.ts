/**
 * Price levels of every book as of the last durable batch, kept from the
 * committed events (orderPlaced / orderUpdated) rather than read from the
 * engine: the engine may already hold the next, not yet durable, batch, and
 * nothing that is not durable may be shown to anyone. Seeded once from the
 * engine's open orders at start-up, when engine state and durable state are
 * the same (recovery done, nothing submitted yet).
 *
 * Besides the tick levels, each side keeps one ladder of buckets per bucket
 * width asked for so far (a market's precisions give at most 19 widths, in
 * practice a handful), built from the tick levels in one pass on the first
 * read of that width and from then on updated with every level change: a
 * book at any precision is then read in O(levels shown), complete, however
 * many tick levels one bucket merges. Width 1 is the tick ladder itself.
 */
import type { EngineEvent, MarketConfig, OrderView, Side } from '../../domain/index.js';
import type { DepthLevel } from '../../engine/types.js';
import { bucketPrice, bucketWidth, type AggregatedBook, type AggregatedLevel } from './book.js';
import { PriceLadder } from './price-ladder.js';

interface SideBook {
  readonly side: Side;
  /** Tick levels. */
  readonly levels: PriceLadder;
  /** Bucket widths (> 1) read so far, and their ladders (same index). */
  readonly widths: number[];
  readonly ladders: PriceLadder[];
}

interface Resting {
  readonly symbol: string;
  readonly side: Side;
  readonly price: number;
  remaining: number;
}

/** What seeding reads: every open order the engine holds. */
export interface OpenOrderSource {
  openOrders(): Iterable<OrderView>;
}

export class DurableDepth {
  private readonly resting = new Map<number, Resting>();
  private readonly books = new Map<string, { buy: SideBook; sell: SideBook }>();

  /** Replace everything with the engine's open orders (start-up only). */
  seed(source: OpenOrderSource): void {
    this.resting.clear();
    this.books.clear();
    for (const o of source.openOrders()) this.track(o);
  }

  /** Apply one committed event (others are ignored). */
  apply(e: EngineEvent): void {
    if (e.type === 'orderPlaced' || e.type === 'orderUpdated') this.track(e.order);
  }

  /** Best-first tick levels of one side, at most `maxLevels`. */
  depth(symbol: string, side: Side, maxLevels: number): DepthLevel[] {
    return this.books.get(symbol)?.[side].levels.top(maxLevels) ?? [];
  }

  /** Best-first buckets of `width` price units of one side, at most `levels`, totals cumulative. */
  aggregated(symbol: string, side: Side, width: number, levels: number): AggregatedLevel[] {
    const s = this.books.get(symbol)?.[side];
    if (s === undefined) return [];
    return this.ladderOf(s, width).best(levels);
  }

  /** The aggregated book at `precision` (assumed valid for the market), at most `levels` per side. */
  book(market: MarketConfig, precision: number, levels: number): AggregatedBook {
    const width = bucketWidth(market.priceDecimals, precision);
    return {
      symbol: market.symbol,
      precision,
      bids: this.aggregated(market.symbol, 'buy', width, levels),
      asks: this.aggregated(market.symbol, 'sell', width, levels),
    };
  }

  /** Throws unless every ladder is sorted and every bucket ladder equals its tick levels merged afresh (tests). */
  validate(): void {
    for (const [symbol, book] of this.books) {
      for (const s of [book.buy, book.sell]) {
        s.levels.validate();
        s.ladders.forEach((ladder, i) => {
          const width = s.widths[i] as number;
          ladder.validate();
          const fresh = s.levels.rebucket(s.side, (p) => bucketPrice(p, width, s.side)).best(Infinity);
          const kept = ladder.best(Infinity);
          if (JSON.stringify(fresh, big) !== JSON.stringify(kept, big)) throw new Error(`durable depth: ${symbol} ${s.side} buckets of width ${width} differ from the tick levels`);
        });
      }
    }
  }

  private ladderOf(s: SideBook, width: number): PriceLadder {
    if (width === 1) return s.levels;
    const i = s.widths.indexOf(width);
    if (i >= 0) return s.ladders[i] as PriceLadder;
    const ladder = s.levels.rebucket(s.side, (p) => bucketPrice(p, width, s.side));
    s.widths.push(width);
    s.ladders.push(ladder);
    return ladder;
  }

  private track(o: OrderView): void {
    const open = o.status === 1 || o.status === 2;
    const remaining = open ? o.remaining : 0;
    const prev = this.resting.get(o.id);
    if (prev === undefined && remaining === 0) return;
    const amount = remaining - (prev?.remaining ?? 0);
    let count = 0;
    if (prev === undefined) {
      count = 1;
      this.resting.set(o.id, { symbol: o.symbol, side: o.side, price: o.price, remaining });
    } else if (remaining === 0) {
      count = -1;
      this.resting.delete(o.id);
    } else {
      prev.remaining = remaining;
    }
    if (amount === 0 && count === 0) return;
    const s = this.sideOf(o.symbol, o.side);
    s.levels.change(o.price, amount, count);
    for (let i = 0; i < s.ladders.length; i++) {
      (s.ladders[i] as PriceLadder).change(bucketPrice(o.price, s.widths[i] as number, o.side), amount, count);
    }
  }

  private sideOf(symbol: string, side: Side): SideBook {
    let book = this.books.get(symbol);
    if (book === undefined) {
      book = { buy: newSide('buy'), sell: newSide('sell') };
      this.books.set(symbol, book);
    }
    return book[side];
  }
}

function newSide(side: Side): SideBook {
  return { side, levels: new PriceLadder(side), widths: [], ladders: [] };
}

function big(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}
