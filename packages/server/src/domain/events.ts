/**
 * What the engine reports for an accepted command. Projections (query store,
 * market data, websocket feed) are fed only by these.
 */
import type { CurrencyConfig, MarketConfig } from './market.js';
import type { OrderView, TradeView } from './order.js';

export type BalanceReason =
  | 'deposit'
  | 'withdraw'
  | 'freeze' // order placed: available -> frozen
  | 'release' // order cancelled, or buy filled below its limit: frozen -> available
  | 'trade' // a fill: frozen spent, or received into available
  | 'fee'; // fee charged (negative on the payer), or collected (positive on the fee account)

export interface CurrencyCreated {
  readonly type: 'currencyCreated';
  readonly currency: CurrencyConfig;
}

export interface MarketCreated {
  readonly type: 'marketCreated';
  readonly market: MarketConfig;
}

export interface UserCreated {
  readonly type: 'userCreated';
  readonly accountId: number;
  readonly email: string;
  readonly time: number;
}

export interface BalanceChanged {
  readonly type: 'balanceChanged';
  readonly accountId: number;
  readonly currency: string;
  /** Signed changes of this event. */
  readonly availableDelta: bigint;
  readonly frozenDelta: bigint;
  /** Balances after the change. */
  readonly available: bigint;
  readonly frozen: bigint;
  readonly reason: BalanceReason;
  /** Order id (freeze/release/trade/fee) or 0. */
  readonly orderId: number;
  /** Trade id (trade/fee) or 0. */
  readonly tradeId: number;
  readonly time: number;
}

/** A new order was accepted (before any matching). */
export interface OrderPlaced {
  readonly type: 'orderPlaced';
  readonly order: OrderView;
}

/** An order changed (filled, partially filled, cancelled); carries its state after the change. */
export interface OrderUpdated {
  readonly type: 'orderUpdated';
  readonly order: OrderView;
}

export interface TradeExecuted {
  readonly type: 'tradeExecuted';
  readonly trade: TradeView;
}

export interface ApiKeyCreated {
  readonly type: 'apiKeyCreated';
  readonly accountId: number;
  readonly apiKey: string;
  readonly memo: string;
  readonly time: number;
}

export interface ApiKeyRevoked {
  readonly type: 'apiKeyRevoked';
  readonly accountId: number;
  readonly apiKey: string;
  readonly time: number;
}

/** Tokens and sessions change nothing a projection shows; they report this. */
export interface CredentialChanged {
  readonly type: 'credentialChanged';
  readonly kind: 'token' | 'sessionCreated' | 'sessionEnded';
}

export type EngineEvent =
  | CurrencyCreated
  | MarketCreated
  | UserCreated
  | BalanceChanged
  | OrderPlaced
  | OrderUpdated
  | TradeExecuted
  | ApiKeyCreated
  | ApiKeyRevoked
  | CredentialChanged;
