/**
 * The engine's mutable order record. Only the engine mutates it; everything
 * that leaves the engine is an immutable `OrderView` copy (see `viewOf`).
 */
import { OrderStatus, type OrderView, type Side } from '../domain/index.js';
import type { Account } from './accounts.js';
import type { Level } from './book/level.js';
import type { MarketState } from './state.js';

export class Order {
  /** Amount still open, in amount units. */
  remaining: number;
  /** Amount executed so far, in amount units (filled + remaining === amount). */
  filled = 0;
  /** Fees charged so far, in units of the currency this order receives. */
  fees = 0n;
  status: OrderStatus = OrderStatus.Pending;
  updatedAt: number;
  /** Intrusive FIFO links, owned by the fast book while the order rests there. */
  prev: Order | null = null;
  next: Order | null = null;
  level: Level | null = null;
  /** Intrusive links of the owner account's open-order list. */
  aPrev: Order | null = null;
  aNext: Order | null = null;

  constructor(
    readonly id: number,
    readonly account: Account,
    readonly market: MarketState,
    readonly side: Side,
    readonly price: number,
    readonly amount: number,
    readonly createdAt: number,
  ) {
    this.remaining = amount;
    this.updatedAt = createdAt;
  }

  /** The owner's id (read through `account`: no field of its own, 8 bytes less per resting order). */
  get accountId(): number {
    return this.account.id;
  }

  /** The market's symbol (read through `market`, like accountId). */
  get symbol(): string {
    return this.market.config.symbol;
  }
}

export function viewOf(o: Order): OrderView {
  return {
    id: o.id,
    accountId: o.accountId,
    symbol: o.symbol,
    side: o.side,
    price: o.price,
    amount: o.amount,
    remaining: o.remaining,
    fees: o.fees,
    status: o.status,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}
