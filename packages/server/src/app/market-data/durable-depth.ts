/**
 * Price levels of every book as of the last durable batch, kept from the
 * committed events (orderPlaced / orderUpdated) rather than read from the
 * engine: the engine may already hold the next, not yet durable, batch, and
 * nothing that is not durable may be shown to anyone. Seeded once from the
 * engine's open orders at start-up, when engine state and durable state are
 * the same (recovery done, nothing submitted yet).
 */
import type { EngineEvent, OrderView, Side } from '../../domain/index.js';
import type { DepthLevel } from '../../engine/types.js';

interface Level {
  amount: number;
  count: number;
}

/** One side of a book: levels by price, and their prices best first (rebuilt only when a level appears or goes). */
interface SideLevels {
  readonly levels: Map<number, Level>;
  sorted: number[] | null;
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
  private readonly books = new Map<string, { buy: SideLevels; sell: SideLevels }>();

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

  /** Best-first levels of one side, at most `maxLevels`. */
  depth(symbol: string, side: Side, maxLevels: number): DepthLevel[] {
    const s = this.books.get(symbol)?.[side];
    if (s === undefined || s.levels.size === 0) return [];
    if (s.sorted === null) s.sorted = [...s.levels.keys()].sort(side === 'buy' ? (a, b) => b - a : (a, b) => a - b);
    const prices = s.sorted;
    const out: DepthLevel[] = [];
    for (let i = 0; i < prices.length && out.length < maxLevels; i++) {
      const price = prices[i] as number;
      const level = s.levels.get(price) as Level;
      out.push({ price, amount: level.amount, count: level.count });
    }
    return out;
  }

  private track(o: OrderView): void {
    const open = o.status === 1 || o.status === 2;
    const remaining = open ? o.remaining : 0;
    const prev = this.resting.get(o.id);
    if (prev === undefined && remaining === 0) return;
    const s = this.sideOf(o.symbol, o.side);
    let level = s.levels.get(o.price);
    if (level === undefined) {
      level = { amount: 0, count: 0 };
      s.levels.set(o.price, level);
      s.sorted = null;
    }
    level.amount += remaining - (prev?.remaining ?? 0);
    if (prev === undefined) {
      level.count += 1;
      this.resting.set(o.id, { symbol: o.symbol, side: o.side, price: o.price, remaining });
    } else if (remaining === 0) {
      level.count -= 1;
      this.resting.delete(o.id);
    } else {
      prev.remaining = remaining;
    }
    if (level.count === 0) {
      s.levels.delete(o.price);
      s.sorted = null;
    }
  }

  private sideOf(symbol: string, side: Side): SideLevels {
    let book = this.books.get(symbol);
    if (book === undefined) {
      book = { buy: { levels: new Map(), sorted: null }, sell: { levels: new Map(), sorted: null } };
      this.books.set(symbol, book);
    }
    return book[side];
  }
}
