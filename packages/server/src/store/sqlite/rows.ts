/** Row shapes of the SQLite store and their mapping to port views. */
import type { BalanceReason, OrderStatus, OrderView, Side } from '../../domain/index.js';
import type { CandleUnits, FillView, LedgerRow, TradeRow } from '../port.js';

export interface OrderRow {
  id: number;
  account: number;
  symbol: string;
  side: string;
  price: number;
  amount: number;
  remaining: number;
  fees: string;
  status: number;
  created_at: number;
  updated_at: number;
}

export function orderFromRow(r: OrderRow): OrderView {
  return {
    id: r.id,
    accountId: r.account,
    symbol: r.symbol,
    side: r.side as Side,
    price: r.price,
    amount: r.amount,
    remaining: r.remaining,
    fees: BigInt(r.fees),
    status: r.status as OrderStatus,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface FillRow {
  trade_id: number;
  active: number;
  order_id: number;
  account: number;
  symbol: string;
  side: string;
  price: number;
  amount: number;
  quote_amount: string;
  fee: string;
  time: number;
}

export function fillFromRow(r: FillRow): FillView {
  return {
    tradeId: r.trade_id,
    orderId: r.order_id,
    accountId: r.account,
    symbol: r.symbol,
    side: r.side as Side,
    price: r.price,
    amount: r.amount,
    quoteAmount: BigInt(r.quote_amount),
    fee: BigInt(r.fee),
    time: r.time,
    active: r.active === 1,
  };
}

export interface TradeDbRow {
  id: number;
  symbol: string;
  price: number;
  amount: number;
  quote_amount: string;
  taker_side: string;
  time: number;
}

export function tradeFromRow(r: TradeDbRow): TradeRow {
  return {
    id: r.id,
    symbol: r.symbol,
    price: r.price,
    amount: r.amount,
    quoteAmount: BigInt(r.quote_amount),
    takerSide: r.taker_side as Side,
    time: r.time,
  };
}

export interface CandleRow {
  symbol: string;
  step: number;
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: string;
  quote_volume: string;
}

export function candleFromRow(r: CandleRow): CandleUnits {
  return {
    symbol: r.symbol,
    step: r.step,
    time: r.time,
    open: r.open,
    high: r.high,
    low: r.low,
    close: r.close,
    volume: BigInt(r.volume),
    quoteVolume: BigInt(r.quote_volume),
  };
}

export interface LedgerDbRow {
  id: number;
  seq: number;
  account: number;
  currency: string;
  available_delta: string;
  frozen_delta: string;
  available: string;
  frozen: string;
  reason: string;
  order_id: number;
  trade_id: number;
  time: number;
}

export function ledgerFromRow(r: LedgerDbRow): LedgerRow {
  return {
    id: r.id,
    seq: r.seq,
    accountId: r.account,
    currency: r.currency,
    availableDelta: BigInt(r.available_delta),
    frozenDelta: BigInt(r.frozen_delta),
    available: BigInt(r.available),
    frozen: BigInt(r.frozen),
    reason: r.reason as BalanceReason,
    orderId: r.order_id,
    tradeId: r.trade_id,
    time: r.time,
  };
}
