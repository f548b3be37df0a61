/** The whole mutable engine state. Only engine modules touch it. */
import type { CurrencyConfig, MarketConfig } from '../domain/index.js';
import type { ApiKeyRecord, SessionRecord, TokenRecord, UserRecord } from './types.js';
import { FEE_ACCOUNT_ID } from './types.js';
import type { Book, BookKind } from './book/book.js';
import { Account, Accounts } from './accounts.js';
import { OrderIndex } from './order-index.js';

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
  readonly accounts: Accounts;
  /** accounts.get(FEE_ACCOUNT_ID), at hand for fills. */
  readonly feeAccount: Account;
  /** The open orders by id (closed orders are not kept). */
  readonly orders: OrderIndex;
  lastOrderId: number;
  lastAccountId: number;
  lastTradeId: number;
}

export function emptyState(bookKind: BookKind): EngineState {
  const accounts = new Accounts();
  const feeAccount = new Account(FEE_ACCOUNT_ID);
  accounts.add(feeAccount);
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
    feeAccount,
    orders: new OrderIndex(),
    lastOrderId: 0,
    lastAccountId: 0,
    lastTradeId: 0,
  };
}
