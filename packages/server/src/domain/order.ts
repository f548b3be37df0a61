/** Orders and trades as the engine keeps and reports them. */

export type Side = 'buy' | 'sell';

/** Contract status codes: 1 pending, 2 partially filled, 3 filled, 4 cancelled. */
export const OrderStatus = {
  Pending: 1,
  Partial: 2,
  Filled: 3,
  Cancelled: 4,
} as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

/** A read-only view of an order at one moment (events and queries carry these). */
export interface OrderView {
  readonly id: number;
  readonly accountId: number;
  readonly symbol: string;
  readonly side: Side;
  /** Limit price in price units. */
  readonly price: number;
  /** Original amount in amount units. */
  readonly amount: number;
  /** Amount still open in amount units (0 once filled; what was left when cancelled). */
  readonly remaining: number;
  /** Fees charged so far, in units of the currency this order receives. */
  readonly fees: bigint;
  readonly status: OrderStatus;
  /** Creation time, ms. */
  readonly createdAt: number;
  /** Time of the last change, ms. */
  readonly updatedAt: number;
}

/** One match between a resting (maker) and an incoming (taker) order. */
export interface TradeView {
  /** Engine-assigned, strictly increasing from 1. */
  readonly id: number;
  readonly symbol: string;
  /** The maker's price, in price units. */
  readonly price: number;
  /** Base quantity in amount units. */
  readonly amount: number;
  /** Quote value in quote currency units (exact: price x amount). */
  readonly quoteAmount: bigint;
  /** The taker's side. */
  readonly takerSide: Side;
  readonly makerOrderId: number;
  readonly takerOrderId: number;
  readonly makerAccountId: number;
  readonly takerAccountId: number;
  /** Fee of each side, in units of the currency that side receives (buyer: base, seller: quote). */
  readonly makerFee: bigint;
  readonly takerFee: bigint;
  readonly time: number;
}
