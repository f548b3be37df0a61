/**
 * Accounts and their balances: per currency an available and a frozen
 * bigint. Every change goes through `change`, which emits exactly one
 * balanceChanged event, so projections see every movement.
 */
import type { BalanceChanged, BalanceReason } from '../domain/index.js';
import type { Order } from './order.js';

export class Cell {
  available = 0n;
  frozen = 0n;
}

export class Account {
  /** Balance cells indexed by currency creation index; absent = never touched. */
  readonly cells: (Cell | undefined)[] = [];
  /** The account's open orders: an intrusive list through Order.aPrev/aNext (newest first). */
  private head: Order | null = null;
  openCount = 0;
  constructor(readonly id: number) {}

  addOrder(o: Order): void {
    o.aPrev = null;
    o.aNext = this.head;
    if (this.head !== null) this.head.aPrev = o;
    this.head = o;
    this.openCount++;
  }

  removeOrder(o: Order): void {
    if (o.aPrev === null) this.head = o.aNext;
    else o.aPrev.aNext = o.aNext;
    if (o.aNext !== null) o.aNext.aPrev = o.aPrev;
    o.aPrev = null;
    o.aNext = null;
    this.openCount--;
  }

  /** The account's open orders, oldest (lowest id) first. */
  openOrders(): Order[] {
    const out: Order[] = [];
    for (let o = this.head; o !== null; o = o.aNext) out.push(o);
    return out.sort((a, b) => a.id - b.id);
  }

  cell(index: number): Cell {
    let c = this.cells[index];
    if (c === undefined) {
      while (this.cells.length < index) this.cells.push(undefined);
      c = new Cell();
      this.cells[index] = c;
    }
    return c;
  }
}

/**
 * All accounts by id in a dense array (ids are handed out in sequence from
 * 1; 0 is the fee account), with the few Map-like methods the engine uses.
 */
export class Accounts {
  private readonly list: Account[] = [];

  get(id: number): Account | undefined {
    return this.list[id];
  }

  add(account: Account): void {
    if (account.id !== this.list.length) throw new Error(`account ${account.id} is not the next account id ${this.list.length}`);
    this.list.push(account);
  }

  values(): readonly Account[] {
    return this.list;
  }
}

/** Apply a signed change to one cell; returns the event that reports it. */
export function change(
  account: Account,
  currencyIndex: number,
  currency: string,
  availableDelta: bigint,
  frozenDelta: bigint,
  reason: BalanceReason,
  orderId: number,
  tradeId: number,
  time: number,
): BalanceChanged {
  const c = account.cell(currencyIndex);
  if (availableDelta !== 0n) c.available += availableDelta;
  if (frozenDelta !== 0n) c.frozen += frozenDelta;
  return {
    type: 'balanceChanged',
    accountId: account.id,
    currency,
    availableDelta,
    frozenDelta,
    available: c.available,
    frozen: c.frozen,
    reason,
    orderId,
    tradeId,
    time,
  };
}
