/**
 * The one way the HTTP layer fails a request: throw an ApiError naming an
 * entry of the protocol error table. The error handler in app.ts turns it
 * into `{"message", "code"}` with the table's status; nothing else leaks.
 */
import { ERRORS, type ErrorName } from '@openmart/protocol';

export class ApiError extends Error {
  readonly errorName: ErrorName;
  readonly status: number;
  readonly code: number;
  /** Extra headers for the answer (e.g. Retry-After). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(errorName: ErrorName, message?: string, headers: Record<string, string> = {}) {
    const spec = ERRORS[errorName];
    super(message ?? spec.message);
    this.errorName = errorName;
    this.status = spec.status;
    this.code = spec.code;
    this.headers = headers;
  }
}

export function apiError(errorName: ErrorName, message?: string, headers?: Record<string, string>): ApiError {
  return new ApiError(errorName, message, headers);
}
