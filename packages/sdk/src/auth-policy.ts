/**
 * What the client does about a 401: resync the clock ("expired request"),
 * get a new token (a token problem), or give up (bad signature, bad
 * credentials: a new token cannot fix those).
 */
import { ERRORS } from '@openmart/protocol/errors';
import type { AuthenticationError } from './errors.js';

/** 401 codes that a new token cannot fix. */
const NOT_A_TOKEN_PROBLEM = new Set<number>([
  ERRORS.INVALID_CREDENTIALS.code,
  ERRORS.EXPIRED_REQUEST.code,
  ERRORS.MISSING_TIMESTAMP.code,
  ERRORS.INVALID_SIGNATURE.code,
  ERRORS.SIGNATURE_REQUIRED.code,
]);

/** A 401 about the request timestamp: resync the clock and retry once. */
export function isExpiredRequest(err: AuthenticationError): boolean {
  return err.code === ERRORS.EXPIRED_REQUEST.code || /expired request/i.test(err.message);
}

/** A 401 that a new token may fix: refresh once and retry once. */
export function isTokenRejection(err: AuthenticationError): boolean {
  if (err.code !== undefined && NOT_A_TOKEN_PROBLEM.has(err.code)) return false;
  if (err.code === undefined && /signature|timestamp|expired request/i.test(err.message)) return false;
  return true;
}
