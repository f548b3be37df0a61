/**
 * The query store: what the HTTP layer (and the market data at start-up)
 * reads. Implemented by store/sqlite (and later store/postgres, same file
 * names). Fed only by committed engine events; the journal is the source of
 * truth and a store can always be rebuilt from it.
 */
import type { BalanceChanged, OrderStatus, OrderView, Side, TradeView } from '../domain/index.js';

/** A page of rows and how many rows match in all. */
export interface Page<T> {
  readonly rows: readonly T[];
  readonly total: number;
}

export interface OrderQuery {
  readonly accountId: number;
  /** Omitted: every symbol. */
  readonly symbol?: string;
  /** Statuses to include; empty = all (see statusesOfFilter). */
  readonly statuses: readonly OrderStatus[];
  /** Page number from 0. Ignored when pageSize is undefined. */
  readonly page: number;
  /** Rows per page (>= 1); undefined = every matching row. */
  readonly pageSize: number | undefined;
}

/** One side of one trade, as the account that owns the order sees it. */
export interface FillView {
  readonly tradeId: number;
  readonly orderId: number;
  readonly accountId: number;
  readonly symbol: string;
  /** Side of this fill's order. */
  readonly side: Side;
  /** Trade price in price units. */
  readonly price: number;
  /** Base quantity in amount units. */
  readonly amount: number;
  /** Quote value in quote currency units. */
  readonly quoteAmount: bigint;
  /** Fee in units of the currency this side receives (buy: base, sell: quote). */
  readonly fee: bigint;
  readonly time: number;
  /** True when this order was the taker. */
  readonly active: boolean;
}

export interface FillQuery {
  readonly accountId: number;
  readonly symbol?: string;
  readonly orderId?: number;
  /** Page number from 0; ignored when pageSize is undefined. */
  readonly page?: number;
  /** Undefined = every matching row. */
  readonly pageSize?: number;
}

/** A public trade (one row per match): the trade's public fields. */
export type TradeRow = Pick<TradeView, 'id' | 'symbol' | 'price' | 'amount' | 'quoteAmount' | 'takerSide' | 'time'>;

/** A k-line bucket in units. */
export interface CandleUnits {
  readonly symbol: string;
  /** Step in minutes (one of KLINE_STEPS). */
  readonly step: number;
  /** Bucket start, ms, epoch-aligned: floor(t / (step*60000)) * step*60000. */
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Sum of base amounts, amount units. */
  readonly volume: bigint;
  /** Sum of quote values, quote currency units. */
  readonly quoteVolume: bigint;
}

export interface CandleQuery {
  readonly symbol: string;
  readonly step: number;
  /** Inclusive bounds on the bucket start, ms. */
  readonly from: number;
  readonly to: number;
  /** At most this many candles of the range, returned ascending. */
  readonly limit: number;
  /**
   * Which end of the range the limit keeps: 'earliest' (from `from` on: a
   * client paging forward from a start time) or 'latest' (up to `to`).
   */
  readonly keep: 'earliest' | 'latest';
}

/** One balance change as stored: the engine's balanceChanged event with its row id and journal seq. */
export interface LedgerRow extends Omit<BalanceChanged, 'type'> {
  /** Row id, increasing in journal order. */
  readonly id: number;
  readonly seq: number;
}

export interface LedgerQuery {
  readonly accountId: number;
  readonly currency?: string;
  /** Newest first, at most this many. */
  readonly limit: number;
  /** Only rows with id < beforeId (for paging backwards). */
  readonly beforeId?: number;
}

export interface QueryStore {
  /** Highest journal seq the store reflects. */
  lastAppliedSeq(): number;
  /**
   * Resolves once every batch handed to applyBatch so far is applied and
   * visible to reads; rejects with the writer's error if it failed. (A store
   * that writes synchronously resolves at once.)
   */
  settled(): Promise<void>;
  /** Newest first (created_at desc, id desc). */
  listOrders(query: OrderQuery): Page<OrderView>;
  /** Undefined for unknown ids and for another account's order. */
  getOrder(accountId: number, orderId: number): OrderView | undefined;
  /** Newest first (trade id desc). */
  listFills(query: FillQuery): Page<FillView>;
  /** Ascending by bucket start. */
  candles(query: CandleQuery): readonly CandleUnits[];
  /** Newest first. */
  ledger(query: LedgerQuery): readonly LedgerRow[];
  /** Newest first, at most `limit`. */
  recentTrades(symbol: string, limit: number): readonly TradeRow[];
  /** Trades with time >= sinceMs, oldest first. */
  tradesSince(symbol: string, sinceMs: number): readonly TradeRow[];
  /** Every symbol that has traded at least once. */
  tradedSymbols(): readonly string[];
}

/**
 * The statuses a GET /v2/orders `status` filter selects: 0 all (empty list),
 * 1..4 that status, 5 open (1, 2), 6 closed (3, 4). Undefined for any other value.
 */
export function statusesOfFilter(filter: number): readonly OrderStatus[] | undefined {
  switch (filter) {
    case 0:
      return [];
    case 1:
    case 2:
    case 3:
    case 4:
      return [filter];
    case 5:
      return [1, 2];
    case 6:
      return [3, 4];
    default:
      return undefined;
  }
}
