/**
 * Snapshot (JSON-safe, canonical) and restore. The same canonical form is
 * what stateHash hashes, so equal states give equal hashes whichever book
 * implementation holds the orders.
 */
import type { CurrencyConfig, MarketConfig, OrderStatus, Side } from '../domain/index.js';
import type { ApiKeyRecord, EngineSnapshot, SessionRecord, TokenRecord, UserRecord } from './types.js';
import { Account } from './accounts.js';
import type { BookKind } from './book/book.js';
import { canonCurrency, canonMarket } from './config.js';
import { Order } from './order.js';
import { marketState } from './registry.js';
import { emptyState, type EngineState } from './state.js';

export const SNAPSHOT_VERSION = 1;

export interface OrderSnapshot {
  readonly id: number;
  readonly accountId: number;
  readonly symbol: string;
  readonly side: Side;
  readonly price: number;
  readonly amount: number;
  readonly remaining: number;
  readonly filled: number;
  readonly fees: string;
  readonly status: OrderStatus;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface SnapshotV1 extends EngineSnapshot {
  readonly version: 1;
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
  /** Open orders: per market (creation order), bids then asks, each in book order. */
  readonly orders: readonly OrderSnapshot[];
  /** Owner account of order id i + 1. */
  readonly orderOwners: readonly number[];
}

export function takeSnapshot(st: EngineState): SnapshotV1 {
  const orders: OrderSnapshot[] = [];
  for (const m of st.markets.values()) {
    for (const side of ['buy', 'sell'] as const) {
      for (const o of m.book.orders(side)) {
        orders.push({
          id: o.id, accountId: o.accountId, symbol: o.symbol, side: o.side, price: o.price, amount: o.amount,
          remaining: o.remaining, filled: o.filled, fees: o.fees.toString(), status: o.status, createdAt: o.createdAt, updatedAt: o.updatedAt,
        });
      }
    }
  }
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
    version: 1,
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
    orders,
    orderOwners: st.orders.owners(),
  };
}

export function restoreState(snapshot: EngineSnapshot, bookKind: BookKind): EngineState {
  if (snapshot.version !== SNAPSHOT_VERSION) throw new Error(`engine snapshot version ${String(snapshot.version)} is not supported`);
  const s = snapshot as SnapshotV1;
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
  for (const owner of s.orderOwners) st.orders.accept(owner);
  for (const x of s.orders) {
    const m = st.markets.get(x.symbol);
    const account = st.accounts.get(x.accountId);
    if (m === undefined || account === undefined) throw new Error(`engine snapshot: order ${x.id} has no market or account`);
    const o = new Order(x.id, account, m, x.side, x.price, x.amount, x.createdAt);
    o.remaining = x.remaining;
    o.filled = x.filled;
    o.fees = BigInt(x.fees);
    o.status = x.status;
    o.updatedAt = x.updatedAt;
    m.book.add(o);
    if (st.orders.owner(o.id) !== o.accountId) throw new Error(`engine snapshot: order ${o.id} owner disagrees`);
    st.orders.open(o);
    account.addOrder(o);
  }
  return st;
}
