/**
 * Accounts and their balances: per currency an available and a frozen
 * bigint. Every change goes through `change`, which emits exactly one
 * balanceChanged event, so projections see every movement.
 */
import type { BalanceReason, EngineEvent } from '../domain/index.js';
import type { Order } from './order.js';

export class Cell {
  available = 0n;
  frozen = 0n;
}

export class Account {
  /** Balance cells indexed by currency creation index; absent = never touched. */
  readonly cells: (Cell | undefined)[] = [];
  /** The account's open orders. */
  readonly orders = new Set<Order>();
  constructor(readonly id: number) {}

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

/** Apply a signed change to one cell and report it. */
export function change(
  events: EngineEvent[],
  account: Account,
  currencyIndex: number,
  currency: string,
  availableDelta: bigint,
  frozenDelta: bigint,
  reason: BalanceReason,
  orderId: number,
  tradeId: number,
  time: number,
): void {
  const c = account.cell(currencyIndex);
  c.available += availableDelta;
  c.frozen += frozenDelta;
  events.push({
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
  });
}
