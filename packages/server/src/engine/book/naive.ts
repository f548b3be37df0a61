/**
 * Reference book: one array per side holding every resting order in book
 * order. Linear scans and splices: slow, but obviously correct.
 */
import type { Side } from '../../domain/index.js';
import type { DepthLevel } from '../types.js';
import type { Order } from '../order.js';
import type { Book } from './book.js';

/** True when price `a` is strictly better than `b` for `side`. */
function better(side: Side, a: number, b: number): boolean {
  return side === 'buy' ? a > b : a < b;
}

export class NaiveBook implements Book {
  private readonly bids: Order[] = [];
  private readonly asks: Order[] = [];

  private sideOf(side: Side): Order[] {
    return side === 'buy' ? this.bids : this.asks;
  }

  add(order: Order): void {
    const list = this.sideOf(order.side);
    let i = 0;
    while (i < list.length && !better(order.side, order.price, (list[i] as Order).price)) i++;
    list.splice(i, 0, order);
  }

  remove(order: Order): void {
    const list = this.sideOf(order.side);
    const i = list.indexOf(order);
    if (i < 0) throw new Error(`naive book: order ${order.id} is not in the book`);
    list.splice(i, 1);
  }

  best(side: Side): Order | null {
    return this.sideOf(side)[0] ?? null;
  }

  reduce(order: Order, qty: number): void {
    order.remaining -= qty;
    if (order.remaining === 0) this.remove(order);
  }

  levelTotal(side: Side, price: number): number {
    let total = 0;
    for (const o of this.sideOf(side)) if (o.price === price) total += o.remaining;
    return total;
  }

  depth(side: Side, maxLevels: number): DepthLevel[] {
    const out: { price: number; amount: number; count: number }[] = [];
    for (const o of this.sideOf(side)) {
      const last = out[out.length - 1];
      if (last !== undefined && last.price === o.price) {
        last.amount += o.remaining;
        last.count += 1;
      } else {
        if (out.length === maxLevels) break;
        out.push({ price: o.price, amount: o.remaining, count: 1 });
      }
    }
    return out;
  }

  orders(side: Side): Order[] {
    return this.sideOf(side).slice();
  }

  size(): number {
    return this.bids.length + this.asks.length;
  }

  validate(): void {
    for (const side of ['buy', 'sell'] as const) {
      const list = this.sideOf(side);
      for (let i = 0; i < list.length; i++) {
        const o = list[i] as Order;
        if (o.side !== side) throw new Error(`naive book: order ${o.id} on the wrong side`);
        const prev = list[i - 1];
        if (prev !== undefined && better(side, o.price, prev.price)) throw new Error(`naive book: ${side} side out of price order at order ${o.id}`);
      }
    }
  }
}
