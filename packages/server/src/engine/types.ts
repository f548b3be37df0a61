/**
 * The engine's surface: what the sequencer calls to change state and what
 * the rest of the server may read. Implemented by `Engine` (engine.ts).
 * Everything here is synchronous and deterministic.
 */
import type { Command, CurrencyConfig, MarketConfig, OrderView, Outcome, Side } from '../domain/index.js';

/** The account that collects fees. No user owns it. */
export const FEE_ACCOUNT_ID = 0;

export interface Balance {
  readonly available: bigint;
  readonly frozen: bigint;
}

export interface UserRecord {
  readonly accountId: number;
  readonly email: string;
  readonly passwordHash: string;
  readonly createdAt: number;
}

export interface ApiKeyRecord {
  readonly apiKey: string;
  readonly accountId: number;
  readonly secretEnc: string;
  readonly memo: string;
  readonly requireSignature: boolean;
  readonly createdAt: number;
}

export interface TokenRecord {
  readonly apiKey: string;
  readonly expiresAt: number;
}

export interface SessionRecord {
  readonly accountId: number;
  readonly expiresAt: number;
}

/** One price level of the raw book (at tick granularity). */
export interface DepthLevel {
  /** Price in price units. */
  readonly price: number;
  /** Sum of remaining amounts, in amount units. */
  readonly amount: number;
  /** Number of orders at the level. */
  readonly count: number;
}

/** Ids the sequencer stamps on the next commands that create things. */
export interface NextIds {
  readonly order: number;
  readonly account: number;
}

export interface ExchangeEngine {
  /** Apply one command: change state and report events, or reject and change nothing. */
  apply(command: Command): Outcome;

  nextIds(): NextIds;

  currency(id: string): CurrencyConfig | undefined;
  currencies(): readonly CurrencyConfig[];
  market(symbol: string): MarketConfig | undefined;
  markets(): readonly MarketConfig[];

  user(accountId: number): UserRecord | undefined;
  userByEmail(email: string): UserRecord | undefined;
  apiKey(apiKey: string): ApiKeyRecord | undefined;
  apiKeysOf(accountId: number): readonly ApiKeyRecord[];
  token(tokenHash: string): TokenRecord | undefined;
  session(sessionHash: string): SessionRecord | undefined;

  /** Zero balances for currencies the account never touched. */
  balance(accountId: number, currency: string): Balance;
  /** Every currency the account holds or held, in currency creation order. */
  balancesOf(accountId: number): ReadonlyArray<{ readonly currency: string } & Balance>;

  /** An open order (pending or partially filled); closed orders live in the query store. */
  openOrder(orderId: number): OrderView | undefined;
  openOrdersOf(accountId: number, symbol?: string, side?: Side): readonly OrderView[];
  /** Best-first raw levels of one side, at most `maxLevels`. */
  depth(symbol: string, side: Side, maxLevels: number): readonly DepthLevel[];

  /** Deterministic hash (hex) of the whole state; equal states give equal hashes. */
  stateHash(): string;
  /** Check every invariant; throws an Error naming the first that fails. */
  validate(): void;
  /** A JSON-safe copy of the whole state (bigints as decimal strings). */
  snapshot(): EngineSnapshot;
}

/** Opaque, versioned, JSON-safe engine state. */
export interface EngineSnapshot {
  readonly version: number;
  readonly [key: string]: unknown;
}
