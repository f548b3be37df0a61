/**
 * The one error table of openmart: every error the server can answer with,
 * its stable numeric code, its HTTP status and its default message.
 *
 * Codes are banded by the stage that rejects:
 *   1xxx request shape and parameters (HTTP layer)
 *   2xxx authentication and permissions
 *   3xxx engine rejections (orders, balances, registry)
 *   4xxx rate limits
 *   5xxx server side
 *
 * The server, the SDK and docs/errors.md all read this table; a test keeps
 * the docs and the engine's reject codes in sync with it.
 */
export interface ErrorSpec {
  readonly code: number;
  readonly status: number;
  readonly message: string;
}

export const ERRORS = {
  // 1xxx: request
  BAD_REQUEST: { code: 1000, status: 400, message: 'Bad request' },
  MISSING_PARAMETER: { code: 1001, status: 400, message: 'Required parameter is not present' },
  INVALID_PARAMETER: { code: 1002, status: 400, message: 'Invalid parameter' },
  UNSUPPORTED_GRANT_TYPE: { code: 1003, status: 400, message: "grant_type must be 'client_credentials'" },
  ROUTE_NOT_FOUND: { code: 1004, status: 404, message: 'Not found' },
  METHOD_NOT_ALLOWED: { code: 1005, status: 405, message: 'Method not allowed' },
  PAYLOAD_TOO_LARGE: { code: 1006, status: 413, message: 'Request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { code: 1007, status: 415, message: 'Unsupported content type' },
  PAGE_OUT_OF_RANGE: { code: 1008, status: 400, message: 'Page size is out of range' },
  REQUEST_TIMEOUT: { code: 1009, status: 408, message: 'Request timeout: the request was not received in time' },
  HEADERS_TOO_LARGE: { code: 1010, status: 431, message: 'Request line or header fields are too large' },

  // 2xxx: authentication and permissions
  UNAUTHORIZED: { code: 2000, status: 401, message: 'Unauthorized' },
  INVALID_CREDENTIALS: { code: 2001, status: 401, message: 'Unauthorized: invalid client credentials' },
  INVALID_TOKEN: { code: 2002, status: 401, message: 'Unauthorized: invalid or expired access token' },
  EXPIRED_REQUEST: { code: 2003, status: 401, message: 'Unauthorized: expired request' },
  MISSING_TIMESTAMP: { code: 2004, status: 401, message: 'Unauthorized: X-BM-TIMESTAMP is missing or not a number' },
  INVALID_SIGNATURE: { code: 2005, status: 401, message: 'Unauthorized: invalid signature' },
  SIGNATURE_REQUIRED: { code: 2006, status: 401, message: 'Unauthorized: X-BM-SIGNATURE is required for this API key' },
  FORBIDDEN: { code: 2007, status: 403, message: 'Forbidden' },
  CSRF_FAILED: { code: 2008, status: 403, message: 'Forbidden: missing or invalid CSRF token' },
  LOGIN_FAILED: { code: 2009, status: 401, message: 'Unauthorized: wrong email or password' },
  NOT_LOGGED_IN: { code: 2010, status: 401, message: 'Unauthorized: not logged in' },
  ADMIN_UNAUTHORIZED: { code: 2011, status: 401, message: 'Unauthorized: invalid admin token' },

  // 3xxx: engine rejections (the engine's RejectCode names)
  UNKNOWN_SYMBOL: { code: 3000, status: 400, message: 'Unknown symbol' },
  UNKNOWN_CURRENCY: { code: 3001, status: 400, message: 'Unknown currency' },
  INVALID_SIDE: { code: 3002, status: 400, message: "Side must be 'buy' or 'sell'" },
  AMOUNT_TOO_SMALL: { code: 3003, status: 400, message: 'Amount is below the minimum' },
  AMOUNT_TOO_LARGE: { code: 3004, status: 400, message: 'Amount is above the maximum' },
  AMOUNT_OFF_STEP: { code: 3005, status: 400, message: 'Amount is not a multiple of the amount step' },
  INVALID_PRICE: { code: 3006, status: 400, message: 'Price must be a positive multiple of quote_increment' },
  PRICE_OUT_OF_BAND: { code: 3007, status: 400, message: 'Price is outside the allowed band' },
  INSUFFICIENT_BALANCE: { code: 3008, status: 400, message: 'Insufficient balance' },
  ORDER_NOT_FOUND: { code: 3009, status: 404, message: 'Not found' },
  ORDER_NOT_OPEN: { code: 3010, status: 400, message: 'Order is already filled or cancelled' },
  ACCOUNT_NOT_FOUND: { code: 3011, status: 404, message: 'Account not found' },
  CURRENCY_EXISTS: { code: 3012, status: 400, message: 'Currency already exists' },
  MARKET_EXISTS: { code: 3013, status: 400, message: 'Market already exists' },
  INVALID_MARKET: { code: 3014, status: 400, message: 'Invalid market configuration' },
  INVALID_CURRENCY: { code: 3015, status: 400, message: 'Invalid currency configuration' },
  INVALID_AMOUNT: { code: 3016, status: 400, message: 'Amount must be a positive number within the currency scale' },
  USER_EXISTS: { code: 3017, status: 400, message: 'A user with this email already exists' },
  APIKEY_NOT_FOUND: { code: 3018, status: 404, message: 'API key not found' },
  APIKEY_EXISTS: { code: 3019, status: 400, message: 'API key already exists' },
  ID_NOT_FRESH: { code: 3020, status: 400, message: 'Identifier is not fresh' },
  LEVEL_FULL: { code: 3021, status: 400, message: 'Price level is full' },
  MARKET_CLOSED: { code: 3022, status: 400, message: 'Market is not trading' },
  DEPOSIT_DISABLED: { code: 3023, status: 400, message: 'Deposits of this currency are disabled' },
  WITHDRAW_DISABLED: { code: 3024, status: 400, message: 'Withdrawals of this currency are disabled' },
  SESSION_NOT_FOUND: { code: 3025, status: 401, message: 'Unauthorized: session not found' },

  // 4xxx: rate limits
  RATE_LIMITED: { code: 4000, status: 429, message: 'Too many requests' },

  // 5xxx: server
  INTERNAL: { code: 5000, status: 500, message: 'Internal server error' },
  UNAVAILABLE: { code: 5001, status: 503, message: 'Service unavailable: shutting down' },
  SNAPSHOT_FAILED: { code: 5002, status: 503, message: 'Snapshot failed' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorName = keyof typeof ERRORS;

/** The JSON body of every error answer. */
export interface ErrorBody {
  readonly message: string;
  readonly code: number;
}

const byCode = new Map<number, ErrorName>(
  (Object.keys(ERRORS) as ErrorName[]).map((name) => [ERRORS[name].code, name]),
);

/** The error name for a numeric code, if the code is in the table. */
export function errorNameOf(code: number): ErrorName | undefined {
  return byCode.get(code);
}
