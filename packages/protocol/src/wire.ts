/**
 * Wire schemas of the Open API v2 responses (the contract, shared/spec/API.md), as TypeBox
 * schemas (JSON Schema at run time, TypeScript types at compile time).
 * Decimals are strings on the wire; ids, timestamps and statuses are numbers.
 */
import { Type, type Static } from '@sinclair/typebox';

const Dec = (description?: string) => Type.String({ pattern: '^-?[0-9]+(\\.[0-9]+)?$', description });

export const ErrorBodySchema = Type.Object({
  message: Type.String(),
  code: Type.Integer(),
});

export const EmptySchema = Type.Object({}, { additionalProperties: false });

export const TimeSchema = Type.Object({ server_time: Type.Integer() });
export type Time = Static<typeof TimeSchema>;

export const StepsSchema = Type.Array(Type.Integer());

export const CurrencySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  withdraw_enabled: Type.Boolean(),
  deposit_enabled: Type.Boolean(),
});
export type Currency = Static<typeof CurrencySchema>;

export const SymbolDetailsSchema = Type.Object({
  id: Type.Optional(Type.String()),
  base_currency: Type.String(),
  quote_currency: Type.String(),
  quote_increment: Dec('minimum price and price step'),
  base_min_size: Dec('minimum order amount'),
  base_max_size: Dec('maximum order amount'),
  price_min_precision: Type.Integer(),
  price_max_precision: Type.Integer(),
  expiration: Type.String(),
});
export type SymbolDetails = Static<typeof SymbolDetailsSchema>;

export const TickerSchema = Type.Object({
  symbol_id: Type.String(),
  url: Type.String(),
  volume: Dec('24 h volume in the base currency'),
  base_volume: Dec('24 h volume in the quote currency'),
  highest_price: Dec(),
  lowest_price: Dec(),
  current_price: Dec('last trade price'),
  ask_1: Dec(),
  ask_1_amount: Dec(),
  bid_1: Dec(),
  bid_1_amount: Dec(),
  fluctuation: Type.String({ description: 'signed 24 h change as a fraction, e.g. +0.0275' }),
});
export type Ticker = Static<typeof TickerSchema>;

export const CandleSchema = Type.Object({
  timestamp: Type.Integer(),
  open_price: Dec(),
  highest_price: Dec(),
  lowest_price: Dec(),
  current_price: Dec(),
  volume: Dec(),
});
export type Candle = Static<typeof CandleSchema>;

export const BookLevelSchema = Type.Object({
  price: Dec(),
  amount: Dec(),
  total: Dec(),
  count: Type.Integer(),
});
export type BookLevel = Static<typeof BookLevelSchema>;

export const OrderBookSchema = Type.Object({
  buys: Type.Array(BookLevelSchema),
  sells: Type.Array(BookLevelSchema),
});
export type OrderBook = Static<typeof OrderBookSchema>;

export const PublicTradeSchema = Type.Object({
  amount: Dec('quote value'),
  order_time: Type.Integer(),
  price: Dec(),
  count: Dec('base quantity'),
  type: Type.Union([Type.Literal('buy'), Type.Literal('sell')]),
});
export type PublicTrade = Static<typeof PublicTradeSchema>;

export const TokenSchema = Type.Object({
  access_token: Type.String(),
  expires_in: Type.Integer(),
});
export type Token = Static<typeof TokenSchema>;

export const WalletEntrySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  available: Dec(),
  frozen: Dec(),
});
export type WalletEntry = Static<typeof WalletEntrySchema>;

export const PlaceOrderResultSchema = Type.Object({ entrust_id: Type.Integer() });
export type PlaceOrderResult = Static<typeof PlaceOrderResultSchema>;

/** 1 pending, 2 partially filled, 3 filled, 4 cancelled. */
export const OrderStatusSchema = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4)]);
export type OrderStatus = Static<typeof OrderStatusSchema>;

export const OrderSchema = Type.Object({
  entrust_id: Type.Integer(),
  symbol: Type.String(),
  timestamp: Type.Integer(),
  side: Type.Union([Type.Literal('buy'), Type.Literal('sell')]),
  price: Dec(),
  fees: Dec(),
  original_amount: Dec(),
  executed_amount: Dec(),
  remaining_amount: Dec(),
  status: OrderStatusSchema,
});
export type Order = Static<typeof OrderSchema>;

export const OrderListSchema = Type.Object({
  orders: Type.Array(OrderSchema),
  total_pages: Type.Integer(),
  total_orders: Type.Integer(),
  current_page: Type.Integer(),
});
export type OrderList = Static<typeof OrderListSchema>;

export const UserTradeSchema = Type.Object({
  trade_id: Type.Integer(),
  entrust_id: Type.Integer(),
  symbol: Type.String(),
  price: Dec(),
  amount: Dec('base quantity'),
  fees: Dec(),
  timestamp: Type.Integer(),
  active: Type.Boolean({ description: 'true when this order was the taker of the trade' }),
});
export type UserTrade = Static<typeof UserTradeSchema>;

export const UserTradeListSchema = Type.Object({
  trades: Type.Array(UserTradeSchema),
  total_trades: Type.Integer(),
  total_pages: Type.Integer(),
  current_page: Type.Integer(),
});
export type UserTradeList = Static<typeof UserTradeListSchema>;

/** Status filter values of GET /v2/orders: 0 all, 1..4 one status, 5 open (1|2), 6 closed (3|4). */
export const ORDER_STATUS_FILTERS = [0, 1, 2, 3, 4, 5, 6] as const;

/** K-line steps in minutes, as GET /v2/steps returns them. */
export const KLINE_STEPS = [1, 3, 5, 15, 30, 45, 60, 120, 180, 240, 1440, 10080, 43200] as const;

/** Lifetime of an access token in seconds. */
export const TOKEN_TTL_SECONDS = 900;

/** Allowed distance of X-BM-TIMESTAMP from server time, in ms. */
export const TIMESTAMP_WINDOW_MS = 60_000;
