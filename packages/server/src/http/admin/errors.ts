/**
 * Admin routes fail like every other route: they throw an ApiError and the
 * app's one error handler (http/error-handler.ts) answers {"message", "code"}.
 */
import type { ErrorName } from '@openmart/protocol';
import type { Outcome } from '../../domain/index.js';
import { apiError } from '../api-error.js';

/** Throw the engine's rejection as an ApiError; pass acceptances through. */
export function ensureAccepted(outcome: Outcome): void {
  if (!outcome.ok) throw apiError(outcome.code as ErrorName, outcome.message);
}
