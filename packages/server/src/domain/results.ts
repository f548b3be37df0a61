/**
 * Outcome of applying one command. Rejections are data: a code from the
 * error table (packages/protocol/src/errors.ts) and a clear message; a
 * rejected command changes nothing and emits no events.
 */
import type { EngineEvent } from './events.js';

/** Engine rejection codes; each is a key of the protocol's ERRORS table (3xxx band). */
export const REJECT_CODES = [
  'UNKNOWN_SYMBOL',
  'UNKNOWN_CURRENCY',
  'INVALID_SIDE',
  'AMOUNT_TOO_SMALL',
  'AMOUNT_TOO_LARGE',
  'AMOUNT_OFF_STEP',
  'INVALID_PRICE',
  'PRICE_OUT_OF_BAND',
  'INSUFFICIENT_BALANCE',
  'ORDER_NOT_FOUND',
  'ORDER_NOT_OPEN',
  'ACCOUNT_NOT_FOUND',
  'CURRENCY_EXISTS',
  'MARKET_EXISTS',
  'INVALID_MARKET',
  'INVALID_CURRENCY',
  'INVALID_AMOUNT',
  'USER_EXISTS',
  'APIKEY_NOT_FOUND',
  'APIKEY_EXISTS',
  'ID_NOT_FRESH',
  'LEVEL_FULL',
  'DEPOSIT_DISABLED',
  'WITHDRAW_DISABLED',
  'SESSION_NOT_FOUND',
] as const;

export type RejectCode = (typeof REJECT_CODES)[number];

export interface Accepted {
  readonly ok: true;
  readonly events: readonly EngineEvent[];
}

export interface Rejected {
  readonly ok: false;
  readonly code: RejectCode;
  readonly message: string;
}

export type Outcome = Accepted | Rejected;
