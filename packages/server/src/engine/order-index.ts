/**
 * Every order id ever accepted, in one dense array: slot id - 1 holds the
 * Order while it is open and its owner's account id once it is closed. It
 * answers "whose order is this" (ORDER_NOT_FOUND vs ORDER_NOT_OPEN) and
 * "which open order has this id" in O(1), without a hash map.
 */
import type { Order } from './order.js';

export class OrderIndex {
  private readonly slots: (Order | number)[] = [];
  /** Number of open orders. */
  openCount = 0;

  /** Number of ids handed out so far (= last order id). */
  get size(): number {
    return this.slots.length;
  }

  /** Record a newly accepted order (closed until `open`). */
  accept(accountId: number): void {
    this.slots.push(accountId);
  }

  open(order: Order): void {
    this.slots[order.id - 1] = order;
    this.openCount++;
  }

  close(order: Order): void {
    this.slots[order.id - 1] = order.accountId;
    this.openCount--;
  }

  /** The open order with this id, if any. */
  get(id: number): Order | undefined {
    const s = this.slots[id - 1];
    return typeof s === 'object' ? s : undefined;
  }

  /** The owner of order `id` (open or closed), or undefined for an id never accepted. */
  owner(id: number): number | undefined {
    if (!Number.isSafeInteger(id) || id < 1) return undefined;
    const s = this.slots[id - 1];
    return s === undefined ? undefined : typeof s === 'number' ? s : s.accountId;
  }

  /** Owners of ids 1..size. */
  owners(): number[] {
    return this.slots.map((s) => (typeof s === 'number' ? s : s.accountId));
  }

  /** Every open order, by id. */
  openOrders(): Order[] {
    const out: Order[] = [];
    for (const s of this.slots) if (typeof s === 'object') out.push(s);
    return out;
  }
}
