/** Hand-written event batches for projection tests (no engine involved). */
import type {
  BalanceChanged, CommittedCommand, EngineEvent, MarketConfig, OrderStatus, OrderView, Side, TradeView,
} from '../../src/domain/index.js';
import { DOCS_MARKET } from '../support/docs-market.js';

/** The market of these fixtures: BMX_ETH as in the public docs. */
export const MARKET: MarketConfig = DOCS_MARKET;

export function order(o: Partial<OrderView> & { id: number }): OrderView {
  return {
    accountId: 1,
    symbol: MARKET.symbol,
    side: 'buy',
    price: 100,
    amount: 1000,
    remaining: o.amount ?? 1000,
    fees: 0n,
    status: 1,
    createdAt: o.id * 1000,
    updatedAt: o.createdAt ?? o.id * 1000,
    ...o,
  };
}

export function placed(o: Partial<OrderView> & { id: number }): EngineEvent {
  return { type: 'orderPlaced', order: order(o) };
}

export function updated(o: OrderView, status: OrderStatus, remaining: number, time: number, fees = o.fees): EngineEvent {
  return { type: 'orderUpdated', order: { ...o, status, remaining, fees, updatedAt: time } };
}

export interface TradeSpec {
  id: number;
  price: number;
  amount: number;
  time: number;
  takerSide?: Side;
  symbol?: string;
  maker?: { order: number; account: number };
  taker?: { order: number; account: number };
  makerFee?: bigint;
  takerFee?: bigint;
}

/** Quote value in quote units of MARKET-like scales (price units x amount units). */
export function trade(s: TradeSpec): TradeView {
  return {
    id: s.id,
    symbol: s.symbol ?? MARKET.symbol,
    price: s.price,
    amount: s.amount,
    quoteAmount: BigInt(s.price) * BigInt(s.amount),
    takerSide: s.takerSide ?? 'buy',
    makerOrderId: s.maker?.order ?? 1,
    takerOrderId: s.taker?.order ?? 2,
    makerAccountId: s.maker?.account ?? 1,
    takerAccountId: s.taker?.account ?? 2,
    makerFee: s.makerFee ?? 0n,
    takerFee: s.takerFee ?? 0n,
    time: s.time,
  };
}

export function executed(s: TradeSpec): EngineEvent {
  return { type: 'tradeExecuted', trade: trade(s) };
}

export function balance(b: Partial<BalanceChanged> & { accountId: number; currency: string }): EngineEvent {
  return {
    type: 'balanceChanged',
    availableDelta: 0n,
    frozenDelta: 0n,
    available: 0n,
    frozen: 0n,
    reason: 'deposit',
    orderId: 0,
    tradeId: 0,
    time: 0,
    ...b,
  };
}

/** Numbers committed commands from 1, one command per call. */
export class Journal {
  seq = 0;
  commit(...events: EngineEvent[]): CommittedCommand {
    this.seq += 1;
    return { seq: this.seq, command: { type: 'cancelAll', now: 0, accountId: 0 }, events };
  }
}
