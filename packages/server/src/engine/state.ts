/** The whole mutable engine state. Only engine modules touch it. */
import type { CurrencyConfig, MarketConfig } from '../domain/index.js';
import type { ApiKeyRecord, SessionRecord, TokenRecord, UserRecord } from './types.js';
import { FEE_ACCOUNT_ID } from './types.js';
import type { Book, BookKind } from './book/book.js';
import type { Order } from './order.js';
import { Account } from './accounts.js';

export interface CurrencyState {
  readonly config: CurrencyConfig;
  /** Position in creation order; index of the account balance cell. */
  readonly index: number;
  /** Deposits minus withdrawals: what all accounts together must hold. */
  supply: bigint;
}

export interface MarketState {
  readonly config: MarketConfig;
  readonly base: CurrencyState;
  readonly quote: CurrencyState;
  /** base units per amount unit: 10^(baseScale - amountDecimals). */
  readonly baseMult: bigint;
  /** quote units per (price unit x amount unit): 10^(quoteScale - priceDecimals - amountDecimals). */
  readonly quoteMult: bigint;
  readonly makerFee: bigint;
  readonly takerFee: bigint;
  readonly book: Book;
}

export interface EngineState {
  readonly bookKind: BookKind;
  readonly currencies: Map<string, CurrencyState>;
  readonly currencyList: CurrencyState[];
  readonly markets: Map<string, MarketState>;
  readonly users: Map<number, UserRecord>;
  readonly usersByEmail: Map<string, UserRecord>;
  readonly apiKeys: Map<string, ApiKeyRecord>;
  readonly tokens: Map<string, TokenRecord>;
  readonly sessions: Map<string, SessionRecord>;
  /** Every account that exists: the fee account and one per user. */
  readonly accounts: Map<number, Account>;
  /** Open (resting) orders by id. */
  readonly openOrders: Map<number, Order>;
  /** Owner account of every order ever accepted: orderOwners[id - 1]. */
  readonly orderOwners: number[];
  lastOrderId: number;
  lastAccountId: number;
  lastTradeId: number;
}

export function emptyState(bookKind: BookKind): EngineState {
  const accounts = new Map<number, Account>();
  accounts.set(FEE_ACCOUNT_ID, new Account(FEE_ACCOUNT_ID));
  return {
    bookKind,
    currencies: new Map(),
    currencyList: [],
    markets: new Map(),
    users: new Map(),
    usersByEmail: new Map(),
    apiKeys: new Map(),
    tokens: new Map(),
    sessions: new Map(),
    accounts,
    openOrders: new Map(),
    orderOwners: [],
    lastOrderId: 0,
    lastAccountId: 0,
    lastTradeId: 0,
  };
}
