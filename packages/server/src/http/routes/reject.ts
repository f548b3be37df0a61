/** Turning a sequencer answer into a reply: an engine rejection becomes its error-table entry. */
import type { Submitted } from '../deps.js';
import { ApiError } from '../api-error.js';

/**
 * Throws the ApiError of a rejected command (with the engine's message,
 * which names limits like "Maximum price is 0.112695"); returns the answer
 * when accepted. ORDER_NOT_FOUND always says just "Not found", so another
 * account's order cannot be told apart from a missing one.
 */
export function accepted(submitted: Submitted): Submitted {
  const outcome = submitted.outcome;
  if (!outcome.ok) throw new ApiError(outcome.code, outcome.code === 'ORDER_NOT_FOUND' ? undefined : outcome.message);
  return submitted;
}
