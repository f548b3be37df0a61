/**
 * The one error hierarchy of the SDK. Every failure of a call rejects with an
 * {@link OpenmartError} (or a subclass); programming mistakes (a missing API
 * key, a malformed decimal) throw a plain `TypeError` before anything is sent.
 *
 * Classes are chosen by the numeric `code` of the protocol's error table when
 * the server sends one, else by the HTTP status.
 */
import { ERRORS, errorNameOf, type ErrorName } from '@openmart/protocol/errors';

/** Where an error happened and what the server said; never secrets or tokens. */
export interface OpenmartErrorInit {
  /** HTTP status; 0 when no response arrived (network error, timeout). */
  readonly status: number;
  /** Stable numeric code of the error table, when the server sent one. */
  readonly code?: number | undefined;
  readonly message: string;
  readonly method: string;
  /** The request path without the query string, e.g. `/v2/orders/12`. */
  readonly path: string;
  /** How many HTTP attempts were made for this call (retries included). */
  readonly attempts?: number;
  readonly cause?: unknown;
}

/** Base class of every error the client rejects with. */
export class OpenmartError extends Error {
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  /** Numeric code of the protocol's error table, if the server sent one. */
  readonly code: number | undefined;
  /** Name of the code in the protocol's error table (`'INSUFFICIENT_BALANCE'`…), if known. */
  readonly errorName: ErrorName | undefined;
  readonly method: string;
  readonly path: string;
  /** HTTP attempts made for the call, retries included. */
  readonly attempts: number;

  constructor(init: OpenmartErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.status = init.status;
    this.code = init.code;
    this.errorName = init.code === undefined ? undefined : errorNameOf(init.code);
    this.method = init.method;
    this.path = init.path;
    this.attempts = init.attempts ?? 1;
  }

  /** A plain object for logs: status, code, message, method, path. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      status: this.status,
      code: this.code,
      errorName: this.errorName,
      message: this.message,
      method: this.method,
      path: this.path,
      attempts: this.attempts,
    };
  }
}

/** 400: the request was refused as malformed or not allowed by the market rules. */
export class BadRequestError extends OpenmartError {}

/** 400 with code `INSUFFICIENT_BALANCE`: not enough available funds to freeze for the order. */
export class InsufficientFundsError extends BadRequestError {}

/** 401: bad credentials, bad or expired token, bad signature, or an expired request timestamp. */
export class AuthenticationError extends OpenmartError {}

/** 403: the key or session may not do this. */
export class PermissionError extends OpenmartError {}

/** 404: no such resource. */
export class NotFoundError extends OpenmartError {}

/** 404 on an order endpoint or code `ORDER_NOT_FOUND` (an order of another account is also "not found"). */
export class OrderNotFoundError extends NotFoundError {}

/** 429: rate limited. `retryAfter` is the server's `Retry-After` in seconds, when sent. */
export class RateLimitError extends OpenmartError {
  readonly retryAfter: number | undefined;
  constructor(init: OpenmartErrorInit & { retryAfter?: number | undefined }) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfter: this.retryAfter };
  }
}

/** 5xx: the server failed. For a placed order the outcome is unknown: check with `listOrders`. */
export class ServerError extends OpenmartError {}

/** No response: the connection failed, was reset, or the call timed out (`timedOut`). */
export class NetworkError extends OpenmartError {
  readonly timedOut: boolean;
  constructor(init: Omit<OpenmartErrorInit, 'status'> & { timedOut?: boolean }) {
    super({ ...init, status: 0 });
    this.timedOut = init.timedOut ?? false;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timedOut: this.timedOut };
  }
}

/** What the transport knows when it builds an error from a response. */
export interface ResponseErrorInput {
  readonly status: number;
  readonly code?: number | undefined;
  readonly message: string;
  readonly method: string;
  readonly path: string;
  readonly attempts?: number;
  /** Seconds, parsed from `Retry-After`. */
  readonly retryAfter?: number | undefined;
}

const ORDER_PATH = /^\/v2\/orders(\/|$)/;

/**
 * The error class for a failed response: by the table's code when present
 * (`INSUFFICIENT_BALANCE`, `ORDER_NOT_FOUND`, `RATE_LIMITED`, else the code's
 * status), otherwise by the HTTP status. A 200 whose body carries `message`
 * and no known code stays an {@link OpenmartError}.
 */
export function errorFromResponse(input: ResponseErrorInput): OpenmartError {
  const name = input.code === undefined ? undefined : errorNameOf(input.code);
  const init: OpenmartErrorInit = {
    status: input.status,
    code: input.code,
    message: input.message,
    method: input.method,
    path: input.path,
    attempts: input.attempts ?? 1,
  };
  if (name === 'INSUFFICIENT_BALANCE') return new InsufficientFundsError(init);
  if (name === 'ORDER_NOT_FOUND') return new OrderNotFoundError(init);
  if (name === 'RATE_LIMITED') return new RateLimitError({ ...init, retryAfter: input.retryAfter });
  const status = name !== undefined ? ERRORS[name].status : input.status;
  if (status === 400) return new BadRequestError(init);
  if (status === 401) return new AuthenticationError(init);
  if (status === 403) return new PermissionError(init);
  // A known code decides (ORDER_NOT_FOUND is handled above); only a code-less 404 (the original
  // service's {"message":"Not found"}) on an order path is taken as "no such order".
  if (status === 404) return name === undefined && ORDER_PATH.test(input.path) ? new OrderNotFoundError(init) : new NotFoundError(init);
  if (status === 429) return new RateLimitError({ ...init, retryAfter: input.retryAfter });
  if (status >= 500 && status <= 599) return new ServerError(init);
  if (status === 200 && /unauthori[sz]ed/i.test(input.message)) return new AuthenticationError(init);
  return new OpenmartError(init);
}

/**
 * Parse `Retry-After`: delta seconds or an HTTP date (relative to `now` ms).
 * Returns seconds (may be fractional for dates), or undefined.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - now) / 1000);
}
