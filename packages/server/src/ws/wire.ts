/**
 * The feed's messages on the wire (the contract, shared/spec/API.md, "WebSocket feed"). Decimals
 * are strings, timestamps integer ms; `step` is a string in kline pushes,
 * `precision` a number; the `order` subscription pushes as `depth`.
 */
import type { Candle, OrderBook } from '@openmart/protocol';

export interface PriceData {
  readonly open_price: string;
  readonly highest_price: string;
  readonly lowest_price: string;
  readonly volume: string;
  readonly current_price: string;
  readonly fluctuation: string;
  readonly rate: string;
  readonly timestamp: number;
}

export interface PricePush {
  readonly subscribe: 'price';
  readonly symbol: string;
  readonly data: PriceData;
}

export interface KlinePush {
  readonly subscribe: 'kline';
  readonly symbol: string;
  readonly step: string;
  readonly data: Candle;
}

export interface DepthPush {
  readonly subscribe: 'depth';
  readonly symbol: string;
  readonly precision: number;
  readonly data: OrderBook;
}

export interface FeedTrade {
  readonly side: 'buy' | 'sell';
  readonly amount: string;
  readonly price: string;
  readonly count: string;
  readonly time: number;
}

export interface TradePush {
  readonly subscribe: 'trade';
  readonly symbol: string;
  readonly precision: number;
  readonly data: { readonly trades: readonly FeedTrade[] };
}

export interface Pong {
  readonly subscribe: 'pong';
}

/** The answer to a request that failed; the connection stays open. */
export interface FeedError {
  readonly message: string;
  readonly code: number;
  /** The request as received, when it was a JSON object. */
  readonly request?: unknown;
}

/** The acknowledgement of an unsubscribe: the request, normalized. */
export interface UnsubscribeAck {
  readonly unsubscribe: 'price' | 'kline' | 'order' | 'trade';
  readonly symbol: string;
  readonly step?: number;
  readonly precision?: number;
}

export type FeedPush = PricePush | KlinePush | DepthPush | TradePush;
