/**
 * `@openmart/sdk`: typed client of the Open API v2 (openmart and compatible servers).
 * @packageDocumentation
 */
export {
  OpenmartClient,
  type OpenmartClientOptions,
  type PlaceOrderParams,
  type CancelAllParams,
  type ListOrdersParams,
  type OrderStatusFilter,
  type UserTradesParams,
  type KlineParams,
  type OrderBookParams,
  type StoredToken,
  type TokenStore,
} from './client.js';
export {
  OpenmartError,
  BadRequestError,
  InsufficientFundsError,
  AuthenticationError,
  PermissionError,
  NotFoundError,
  OrderNotFoundError,
  RateLimitError,
  ServerError,
  NetworkError,
  errorFromResponse,
  parseRetryAfter,
  type OpenmartErrorInit,
  type ResponseErrorInput,
} from './errors.js';
export type { ClientEvent, HttpMethod, Logger } from './events.js';
export type { EndpointClass, RateLimitOptions } from './rate-limiter.js';
export type { FetchLike, Sleep } from './transport.js';
export { backoffDelay } from './transport.js';
export { canonicalString, createHmacSigner, hmacClientSecret, hmacSha256Hex, signParams, type HmacSigner, type ParamValue } from './signing.js';
export { toDecimalString, type DecimalInput } from './decimal.js';
export type {
  Candle,
  Currency,
  BookLevel,
  Order,
  OrderBook,
  OrderList,
  OrderStatus,
  PlaceOrderResult,
  PublicTrade,
  SymbolDetails,
  Ticker,
  Time,
  Token,
  UserTrade,
  UserTradeList,
  WalletEntry,
  ErrorName,
} from '@openmart/protocol';
