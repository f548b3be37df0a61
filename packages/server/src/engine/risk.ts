/**
 * Risk: what an order freezes, and giving it back. An open order always
 * keeps exactly `reserveOf(remaining)` frozen: a buy at its limit price, a
 * sell in base units. Fills below a buy's limit release the difference.
 */
import type { BalanceChanged, EngineEvent } from '../domain/index.js';
import { OrderStatus } from '../domain/index.js';
import { change, type Account } from './accounts.js';
import { viewOf, type Order } from './order.js';
import type { CurrencyState, EngineState, MarketState } from './state.js';
import { reserveOf } from './units.js';

/** The currency an order of `side` freezes: a buy spends quote, a sell spends base. */
export function frozenCurrency(m: MarketState, side: 'buy' | 'sell'): CurrencyState {
  return side === 'buy' ? m.quote : m.base;
}

/** Cancel a resting order: out of the book and the indexes, release its reserve, report it. */
export function cancelResting(st: EngineState, m: MarketState, order: Order, account: Account, now: number, events: EngineEvent[]): void {
  const release = releaseResting(st, m, order, account, now);
  events.push(release, { type: 'orderUpdated', order: viewOf(order) });
}

/** cancelResting without the events array: returns the release event; the caller reports orderUpdated. */
export function releaseResting(st: EngineState, m: MarketState, order: Order, account: Account, now: number): BalanceChanged {
  m.book.remove(order);
  st.orders.close(order);
  account.removeOrder(order);
  const cur = frozenCurrency(m, order.side);
  const r = reserveOf(m, order.side, order.price, order.remaining);
  const event = change(account, cur.index, cur.config.id, r, -r, 'release', order.id, 0, now);
  order.status = OrderStatus.Cancelled;
  order.updatedAt = now;
  return event;
}
