/** Error answers of the feed, with codes from the one error table (@openmart/protocol). */
import { ERRORS, type ErrorName } from '@openmart/protocol';
import type { FeedError } from './wire.js';

export class FeedRequestError extends Error {
  readonly code: number;
  constructor(name: ErrorName, message?: string) {
    super(message ?? ERRORS[name].message);
    this.code = ERRORS[name].code;
  }
}

export function errorAnswer(err: FeedRequestError, request: unknown): FeedError {
  return request !== null && typeof request === 'object' && !Array.isArray(request)
    ? { message: err.message, code: err.code, request }
    : { message: err.message, code: err.code };
}
