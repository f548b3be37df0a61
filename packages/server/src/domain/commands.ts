/**
 * Every state change of openmart is one of these commands. They pass the
 * sequencer, are appended to the journal, and are applied by the pure
 * engine. Time (`now`, ms) and the ids of what a command creates arrive in
 * the command (stamped by the sequencer), so replaying the journal
 * reproduces the same state exactly.
 */
import type { CurrencyConfig, MarketConfig } from './market.js';
import type { Side } from './order.js';

interface Base {
  /** Wall-clock ms at which the sequencer accepted the command. */
  readonly now: number;
}

export interface CreateCurrency extends Base {
  readonly type: 'createCurrency';
  readonly currency: CurrencyConfig;
}

export interface CreateMarket extends Base {
  readonly type: 'createMarket';
  readonly market: MarketConfig;
}

/** A user is an account: the account id is the user id. */
export interface CreateUser extends Base {
  readonly type: 'createUser';
  /** Fresh id, stamped by the sequencer (engine.nextIds().account). */
  readonly accountId: number;
  /** Lower-cased email. */
  readonly email: string;
  /** scrypt hash in the edge's self-describing text format; the engine only stores it. */
  readonly passwordHash: string;
}

export interface Deposit extends Base {
  readonly type: 'deposit';
  readonly accountId: number;
  readonly currency: string;
  /** Currency units (> 0). */
  readonly amount: bigint;
}

export interface Withdraw extends Base {
  readonly type: 'withdraw';
  readonly accountId: number;
  readonly currency: string;
  /** Currency units (> 0), taken from `available`. */
  readonly amount: bigint;
}

export interface PlaceOrder extends Base {
  readonly type: 'placeOrder';
  /** Fresh id, stamped by the sequencer (engine.nextIds().order). */
  readonly orderId: number;
  readonly accountId: number;
  readonly symbol: string;
  readonly side: Side;
  /** Limit price in price units (market.priceDecimals). */
  readonly price: number;
  /** Base amount in amount units (market.amountDecimals). */
  readonly amount: number;
}

export interface CancelOrder extends Base {
  readonly type: 'cancelOrder';
  readonly accountId: number;
  readonly orderId: number;
}

export interface CancelAll extends Base {
  readonly type: 'cancelAll';
  readonly accountId: number;
  /** Omitted: every market. */
  readonly symbol?: string;
  /** Omitted: both sides. */
  readonly side?: Side;
}

export interface CreateApiKey extends Base {
  readonly type: 'createApiKey';
  readonly accountId: number;
  /** Public key id (random, made at the edge). */
  readonly apiKey: string;
  /** The secret, encrypted at rest by the edge with the server key. */
  readonly secretEnc: string;
  readonly memo: string;
  /** When true, every authenticated request of this key must carry X-BM-SIGNATURE. */
  readonly requireSignature: boolean;
}

export interface RevokeApiKey extends Base {
  readonly type: 'revokeApiKey';
  readonly accountId: number;
  readonly apiKey: string;
}

/** An access token was issued; only its SHA-256 is kept. */
export interface IssueToken extends Base {
  readonly type: 'issueToken';
  readonly apiKey: string;
  /** Lowercase hex SHA-256 of the opaque token. */
  readonly tokenHash: string;
  /** ms; the token is valid while now < expiresAt. */
  readonly expiresAt: number;
}

/** A web log-in session (cookie); only its SHA-256 is kept. */
export interface CreateSession extends Base {
  readonly type: 'createSession';
  readonly accountId: number;
  readonly sessionHash: string;
  readonly expiresAt: number;
}

export interface EndSession extends Base {
  readonly type: 'endSession';
  readonly sessionHash: string;
}

export type Command =
  | CreateCurrency
  | CreateMarket
  | CreateUser
  | Deposit
  | Withdraw
  | PlaceOrder
  | CancelOrder
  | CancelAll
  | CreateApiKey
  | RevokeApiKey
  | IssueToken
  | CreateSession
  | EndSession;

export type CommandType = Command['type'];
