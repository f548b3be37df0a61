/** Every invariant of the engine state; throws an Error naming the first that fails. */
import { OrderStatus } from '../domain/index.js';
import type { Order } from './order.js';
import { frozenCurrency } from './risk.js';
import type { EngineState } from './state.js';
import { FEE_ACCOUNT_ID } from './types.js';
import { reserveOf } from './units.js';

function fail(message: string): never {
  throw new Error(`engine invariant broken: ${message}`);
}

export function validateState(st: EngineState): void {
  if (!Number.isSafeInteger(st.lastOrderId) || st.lastOrderId < 0) fail(`last order id ${st.lastOrderId} is not a count`);
  st.orders.validate();
  const open = st.orders.openCount;

  // Books, and the order index agreeing with them.
  const seen = new Set<Order>();
  for (const m of st.markets.values()) {
    m.book.validate();
    const bid = m.book.best('buy');
    const ask = m.book.best('sell');
    if (bid !== null && ask !== null && bid.price >= ask.price) fail(`${m.config.symbol} book is crossed: bid ${bid.price} >= ask ${ask.price}`);
    for (const side of ['buy', 'sell'] as const) {
      for (const o of m.book.orders(side)) {
        if (o.symbol !== m.config.symbol || o.side !== side) fail(`order ${o.id} rests in the wrong book or side`);
        if (o.market !== m || o.account !== st.accounts.get(o.accountId)) fail(`order ${o.id} points at the wrong market or account`);
        if (st.orders.get(o.id) !== o) fail(`order ${o.id} is in the book but not in the open-order index`);
        if (seen.has(o)) fail(`order ${o.id} rests twice`);
        seen.add(o);
        if (o.filled + o.remaining !== o.amount) fail(`order ${o.id}: executed + remaining != original`);
        if (!(o.remaining > 0)) fail(`open order ${o.id} has nothing remaining`);
        const status = o.filled === 0 ? OrderStatus.Pending : OrderStatus.Partial;
        if (o.status !== status) fail(`open order ${o.id} has status ${o.status}, expected ${status}`);
        if (!Number.isSafeInteger(o.id) || o.id < 1 || o.id > st.lastOrderId) fail(`order ${o.id} is not an id handed out (1..${st.lastOrderId})`);
        if (o.accountId === FEE_ACCOUNT_ID) fail(`order ${o.id} belongs to the fee account`);
      }
    }
  }
  if (seen.size !== open) fail(`open-order index has ${open} orders, books hold ${seen.size}`);

  // Per account: frozen == what its open orders reserve; nothing negative.
  let indexed = 0;
  if (st.accounts.values().length !== st.users.size + 1) fail(`${st.accounts.values().length} accounts for ${st.users.size} users and the fee account`);
  st.accounts.values().forEach((account, id) => {
    if (account.id !== id) fail(`account ${account.id} is stored under id ${id}`);
    const reserved = st.currencyList.map(() => 0n);
    const orders = account.openOrders();
    if (orders.length !== account.openCount) fail(`account ${account.id} counts ${account.openCount} open orders but lists ${orders.length}`);
    for (const o of orders) {
      if (st.orders.get(o.id) !== o || o.accountId !== account.id) fail(`account ${account.id} lists order ${o.id} that is not its open order`);
      const m = st.markets.get(o.symbol);
      if (m === undefined) fail(`order ${o.id} has an unknown market`);
      const i = frozenCurrency(m, o.side).index;
      reserved[i] = (reserved[i] ?? 0n) + reserveOf(m, o.side, o.price, o.remaining);
      indexed++;
    }
    for (const c of st.currencyList) {
      const cell = account.cells[c.index];
      const available = cell?.available ?? 0n;
      const frozen = cell?.frozen ?? 0n;
      if (available < 0n || frozen < 0n) fail(`account ${account.id} has a negative ${c.config.id} balance`);
      if (frozen !== reserved[c.index]) fail(`account ${account.id} ${c.config.id}: frozen ${frozen} != reserved ${reserved[c.index]}`);
    }
  });
  if (indexed !== open) fail(`accounts list ${indexed} open orders, the index holds ${open}`);

  // Conservation: per currency, all accounts (fee account included) hold exactly deposits - withdrawals.
  for (const c of st.currencyList) {
    let total = 0n;
    for (const account of st.accounts.values()) {
      const cell = account.cells[c.index];
      if (cell !== undefined) total += cell.available + cell.frozen;
    }
    if (total !== c.supply) fail(`${c.config.id}: accounts hold ${total}, deposits - withdrawals = ${c.supply}`);
  }
}
