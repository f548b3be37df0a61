/**
 * Fast book. Per side: the non-empty price levels in one array sorted so
 * that the best level is LAST (bids ascending, asks descending), found by
 * binary search and kept with splice (cheap for the few hundred to few
 * thousand active levels of a market); a Map price -> level for O(1)
 * lookup; and per level an intrusive doubly-linked FIFO through the orders'
 * own prev/next fields, so adding, cancelling and filling never allocate
 * beyond the occasional new level (empty levels are pooled).
 */
import type { Side } from '../../domain/index.js';
import type { DepthLevel } from '../types.js';
import type { Order } from '../order.js';
import type { Book } from './book.js';
import { Level } from './level.js';

class BookSide {
  /** Non-empty levels, best last. */
  readonly levels: Level[] = [];
  readonly byPrice = new Map<number, Level>();
  count = 0;
  constructor(readonly buy: boolean) {}

  /** Index at which a level of `price` belongs (first index whose level is better). */
  slot(price: number): number {
    const levels = this.levels;
    let lo = 0;
    let hi = levels.length;
    if (this.buy) {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((levels[mid] as Level).price < price) lo = mid + 1;
        else hi = mid;
      }
    } else {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((levels[mid] as Level).price > price) lo = mid + 1;
        else hi = mid;
      }
    }
    return lo;
  }
}

export class FastBook implements Book {
  private readonly bids = new BookSide(true);
  private readonly asks = new BookSide(false);
  private readonly pool: Level[] = [];

  add(order: Order): void {
    const side = order.side === 'buy' ? this.bids : this.asks;
    const price = order.price;
    let level = side.byPrice.get(price);
    if (level === undefined) {
      level = this.pool.pop() ?? new Level(price);
      level.price = price;
      side.byPrice.set(price, level);
      const levels = side.levels;
      const n = levels.length;
      // Most new levels are at or near the top of the book: check the end first.
      if (n === 0 || (side.buy ? (levels[n - 1] as Level).price < price : (levels[n - 1] as Level).price > price)) levels.push(level);
      else levels.splice(side.slot(price), 0, level);
    }
    order.level = level;
    order.next = null;
    order.prev = level.tail;
    if (level.tail === null) level.head = order;
    else level.tail.next = order;
    level.tail = order;
    level.total += order.remaining;
    level.count++;
    side.count++;
  }

  remove(order: Order): void {
    const level = order.level;
    if (level === null) throw new Error(`fast book: order ${order.id} is not in the book`);
    const side = order.side === 'buy' ? this.bids : this.asks;
    if (order.prev === null) level.head = order.next;
    else order.prev.next = order.next;
    if (order.next === null) level.tail = order.prev;
    else order.next.prev = order.prev;
    order.prev = null;
    order.next = null;
    order.level = null;
    level.total -= order.remaining;
    level.count--;
    side.count--;
    if (level.count === 0) this.dropLevel(side, level);
  }

  private dropLevel(side: BookSide, level: Level): void {
    side.byPrice.delete(level.price);
    const levels = side.levels;
    const last = levels.length - 1;
    if (levels[last] === level) levels.pop();
    else {
      const i = side.slot(level.price);
      if (levels[i] !== level) throw new Error(`fast book: level ${level.price} missing from its side`);
      levels.splice(i, 1);
    }
    level.total = 0;
    level.head = null;
    level.tail = null;
    this.pool.push(level);
  }

  best(side: Side): Order | null {
    const levels = side === 'buy' ? this.bids.levels : this.asks.levels;
    const n = levels.length;
    return n === 0 ? null : (levels[n - 1] as Level).head;
  }

  reduce(order: Order, qty: number): void {
    const level = order.level;
    if (level === null) throw new Error(`fast book: order ${order.id} is not in the book`);
    order.remaining -= qty;
    level.total -= qty;
    if (order.remaining === 0) this.remove(order);
  }

  levelTotal(side: Side, price: number): number {
    const level = (side === 'buy' ? this.bids : this.asks).byPrice.get(price);
    return level === undefined ? 0 : level.total;
  }

  depth(side: Side, maxLevels: number): DepthLevel[] {
    const levels = (side === 'buy' ? this.bids : this.asks).levels;
    const out: DepthLevel[] = [];
    for (let i = levels.length - 1; i >= 0 && out.length < maxLevels; i--) {
      const l = levels[i] as Level;
      out.push({ price: l.price, amount: l.total, count: l.count });
    }
    return out;
  }

  orders(side: Side): Order[] {
    const levels = (side === 'buy' ? this.bids : this.asks).levels;
    const out: Order[] = [];
    for (let i = levels.length - 1; i >= 0; i--) {
      for (let o = (levels[i] as Level).head; o !== null; o = o.next) out.push(o);
    }
    return out;
  }

  size(): number {
    return this.bids.count + this.asks.count;
  }

  validate(): void {
    for (const side of [this.bids, this.asks]) {
      const name = side.buy ? 'bid' : 'ask';
      if (side.byPrice.size !== side.levels.length) throw new Error(`fast book: ${name} level map and array disagree`);
      let count = 0;
      for (let i = 0; i < side.levels.length; i++) {
        const l = side.levels[i] as Level;
        const prev = side.levels[i - 1];
        if (prev !== undefined && (side.buy ? prev.price >= l.price : prev.price <= l.price)) throw new Error(`fast book: ${name} levels out of order at ${l.price}`);
        if (side.byPrice.get(l.price) !== l) throw new Error(`fast book: ${name} level ${l.price} not indexed`);
        let total = 0;
        let n = 0;
        let before: Order | null = null;
        for (let o = l.head; o !== null; o = o.next) {
          if (o.level !== l || o.prev !== before || o.price !== l.price) throw new Error(`fast book: broken links at order ${o.id}`);
          if ((o.side === 'buy') !== side.buy) throw new Error(`fast book: order ${o.id} on the wrong side`);
          total += o.remaining;
          n++;
          before = o;
        }
        if (l.tail !== before) throw new Error(`fast book: ${name} level ${l.price} tail is wrong`);
        if (n === 0 || n !== l.count || total !== l.total) throw new Error(`fast book: ${name} level ${l.price} count/total is wrong`);
        count += n;
      }
      if (count !== side.count) throw new Error(`fast book: ${name} order count is wrong`);
    }
  }
}
