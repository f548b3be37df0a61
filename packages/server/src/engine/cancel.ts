/**
 * cancelOrder and cancelAll. The engine keeps open orders only, so a
 * cancelOrder of an id that is not an open order of the account (never
 * accepted, another account's, or already filled or cancelled) is
 * ORDER_NOT_FOUND; the HTTP layer tells the account's own closed order
 * apart (ORDER_NOT_OPEN) from the query store.
 */
import type { CancelAll, CancelOrder, EngineEvent, Outcome } from '../domain/index.js';
import { reject } from './reject.js';
import { viewOf } from './order.js';
import { cancelResting, releaseResting } from './risk.js';
import type { EngineState } from './state.js';
import { FEE_ACCOUNT_ID } from './types.js';

// Frequent, constant answers: made once (rejections are immutable data).
const NOT_FOUND = Object.freeze(reject('ORDER_NOT_FOUND', 'Order not found'));

export function cancelOrder(st: EngineState, cmd: CancelOrder): Outcome {
  const order = st.orders.get(cmd.orderId);
  if (order === undefined || order.accountId !== cmd.accountId) return NOT_FOUND;
  const release = releaseResting(st, order.market, order, order.account, cmd.now);
  return { ok: true, events: [release, { type: 'orderUpdated', order: viewOf(order) }] };
}

export function cancelAll(st: EngineState, cmd: CancelAll): Outcome {
  const account = cmd.accountId === FEE_ACCOUNT_ID ? undefined : st.accounts.get(cmd.accountId);
  if (account === undefined) return reject('ACCOUNT_NOT_FOUND', `Account ${cmd.accountId} not found`);
  if (cmd.symbol !== undefined && !st.markets.has(cmd.symbol)) return reject('UNKNOWN_SYMBOL', 'Unknown symbol');
  if (cmd.side !== undefined && cmd.side !== 'buy' && cmd.side !== 'sell') return reject('INVALID_SIDE', 'Side must be buy or sell');
  // Oldest first, so the events do not depend on how the account's set was filled.
  const victims = account
    .openOrders()
    .filter((o) => (cmd.symbol === undefined || o.symbol === cmd.symbol) && (cmd.side === undefined || o.side === cmd.side))

  const events: EngineEvent[] = [];
  for (const order of victims) {
    cancelResting(st, order.market, order, account, cmd.now, events);
  }
  return { ok: true, events };
}
