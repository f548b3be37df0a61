/**
 * Snapshot (JSON-safe, canonical) and restore. The same canonical form is
 * what stateHash hashes, so equal states give equal hashes whichever book
 * implementation holds the orders.
 *
 * Format 2 (written): counters, registry, balances and the open orders in
 * the books. Format 1 (still read) had in addition `orderOwners`, the owner
 * of every order id ever accepted; restore checks it against the open
 * orders and drops it (see snapshot-v1.ts).
 */
import type { CurrencyConfig, MarketConfig, OrderStatus, Side } from '../domain/index.js';
import type { ApiKeyRecord, EngineSnapshot, SessionRecord, TokenRecord, UserRecord } from './types.js';
import { Account } from './accounts.js';
import type { BookKind } from './book/book.js';
import { canonCurrency, canonMarket } from './config.js';
import { Order } from './order.js';
import { marketState } from './registry.js';
import { checkedOrderOwners, type SnapshotV1 } from './snapshot-v1.js';
import { emptyState, type EngineState } from './state.js';

export const SNAPSHOT_VERSION = 2;

/**
 * One open order, as a tuple to keep snapshots (and hashing) compact:
 * [id, accountId, side, price, amount, remaining, filled, fees, status, createdAt, updatedAt].
 */
export type OrderSnapshot = readonly [
  id: number,
  accountId: number,
  side: Side,
  price: number,
  amount: number,
  remaining: number,
  filled: number,
  fees: string,
  status: OrderStatus,
  createdAt: number,
  updatedAt: number,
];

/** What formats 1 and 2 share. */
export interface SnapshotCommon extends EngineSnapshot {
  readonly lastOrderId: number;
  readonly lastAccountId: number;
  readonly lastTradeId: number;
  readonly currencies: ReadonlyArray<{ readonly config: CurrencyConfig; readonly supply: string }>;
  readonly markets: readonly MarketConfig[];
  readonly users: readonly UserRecord[];
  readonly apiKeys: readonly ApiKeyRecord[];
  readonly tokens: ReadonlyArray<readonly [string, TokenRecord]>;
  readonly sessions: ReadonlyArray<readonly [string, SessionRecord]>;
  /** Accounts by id; balances as [currency, available, frozen] in currency creation order. */
  readonly accounts: ReadonlyArray<{ readonly id: number; readonly balances: ReadonlyArray<readonly [string, string, string]> }>;
  /** Open orders per market (in market creation order): bids then asks, each in book order. */
  readonly books: ReadonlyArray<{ readonly symbol: string; readonly orders: readonly OrderSnapshot[] }>;
}

export interface SnapshotV2 extends SnapshotCommon {
  readonly version: 2;
}

export function takeSnapshot(st: EngineState): SnapshotV2 {
  const books = [...st.markets.values()].map((m) => {
    const orders: OrderSnapshot[] = [];
    for (const side of ['buy', 'sell'] as const) {
      for (const o of m.book.orders(side)) {
        orders.push([o.id, o.accountId, o.side, o.price, o.amount, o.remaining, o.filled, o.fees.toString(), o.status, o.createdAt, o.updatedAt]);
      }
    }
    return { symbol: m.config.symbol, orders };
  });
  const accounts = [...st.accounts.values()]
    .sort((a, b) => a.id - b.id)
    .map((a) => ({
      id: a.id,
      balances: st.currencyList.flatMap((c) => {
        const cell = a.cells[c.index];
        return cell === undefined ? [] : [[c.config.id, cell.available.toString(), cell.frozen.toString()] as const];
      }),
    }));
  return {
    version: SNAPSHOT_VERSION,
    lastOrderId: st.lastOrderId,
    lastAccountId: st.lastAccountId,
    lastTradeId: st.lastTradeId,
    currencies: st.currencyList.map((c) => ({ config: canonCurrency(c.config), supply: c.supply.toString() })),
    markets: [...st.markets.values()].map((m) => canonMarket(m.config)),
    users: [...st.users.values()].map((u) => ({ accountId: u.accountId, email: u.email, passwordHash: u.passwordHash, createdAt: u.createdAt })),
    apiKeys: [...st.apiKeys.values()].map((k) => ({
      apiKey: k.apiKey, accountId: k.accountId, secretEnc: k.secretEnc, memo: k.memo, requireSignature: k.requireSignature, createdAt: k.createdAt,
    })),
    tokens: [...st.tokens].map(([h, t]) => [h, { apiKey: t.apiKey, expiresAt: t.expiresAt }] as const),
    sessions: [...st.sessions].map(([h, s]) => [h, { accountId: s.accountId, expiresAt: s.expiresAt }] as const),
    accounts,
    books,
  };
}

export function restoreState(snapshot: EngineSnapshot, bookKind: BookKind): EngineState {
  if (snapshot.version !== SNAPSHOT_VERSION && snapshot.version !== 1) {
    throw new Error(`engine snapshot version ${String(snapshot.version)} is not supported`);
  }
  const s = snapshot as SnapshotV2;
  if (!Number.isSafeInteger(s.lastOrderId) || s.lastOrderId < 0) throw new Error(`engine snapshot: last order id ${String(s.lastOrderId)} is not a count`);
  // Format 1 only: the owner of every id ever accepted, checked, then dropped.
  const owners = snapshot.version === 1 ? checkedOrderOwners(snapshot as SnapshotV1) : undefined;
  const st = emptyState(bookKind);
  st.lastOrderId = s.lastOrderId;
  st.lastAccountId = s.lastAccountId;
  st.lastTradeId = s.lastTradeId;
  for (const c of s.currencies) {
    const cs = { config: canonCurrency(c.config), index: st.currencyList.length, supply: BigInt(c.supply) };
    st.currencies.set(cs.config.id, cs);
    st.currencyList.push(cs);
  }
  for (const m of s.markets) st.markets.set(m.symbol, marketState(st, canonMarket(m)));
  for (const u of s.users) {
    const user = { ...u };
    st.users.set(user.accountId, user);
    st.usersByEmail.set(user.email, user);
  }
  for (const k of s.apiKeys) st.apiKeys.set(k.apiKey, { ...k });
  for (const [h, t] of s.tokens) st.tokens.set(h, { ...t });
  for (const [h, x] of s.sessions) st.sessions.set(h, { ...x });
  for (const a of s.accounts) {
    let account = st.accounts.get(a.id);
    if (account === undefined) {
      account = new Account(a.id);
      st.accounts.add(account);
    }
    for (const [cur, available, frozen] of a.balances) {
      const cs = st.currencies.get(cur);
      if (cs === undefined) throw new Error(`engine snapshot: unknown currency ${cur}`);
      const cell = account.cell(cs.index);
      cell.available = BigInt(available);
      cell.frozen = BigInt(frozen);
    }
  }
  const open: Order[] = [];
  for (const b of s.books) {
    const m = st.markets.get(b.symbol);
    if (m === undefined) throw new Error(`engine snapshot: book of unknown market ${b.symbol}`);
    for (const [id, accountId, side, price, amount, remaining, filled, fees, status, createdAt, updatedAt] of b.orders) {
      if (!Number.isSafeInteger(id) || id < 1 || id > s.lastOrderId) throw new Error(`engine snapshot: order id ${id} is not in 1..${s.lastOrderId}`);
      const account = st.accounts.get(accountId);
      if (account === undefined) throw new Error(`engine snapshot: order ${id} has an unknown account`);
      if (owners !== undefined && owners[id - 1] !== accountId) throw new Error(`engine snapshot: order ${id} owner disagrees`);
      const o = new Order(id, account, m, side, price, amount, createdAt);
      o.remaining = remaining;
      o.filled = filled;
      o.fees = BigInt(fees);
      o.status = status;
      o.updatedAt = updatedAt;
      m.book.add(o);
      account.addOrder(o);
      open.push(o);
    }
  }
  // Into the index by id, as they were opened, so it is as compact as live.
  open.sort((a, b) => a.id - b.id);
  open.forEach((o, i) => {
    if (i > 0 && open[i - 1]?.id === o.id) throw new Error(`engine snapshot: order id ${o.id} appears twice`);
    st.orders.open(o);
  });
  return st;
}
