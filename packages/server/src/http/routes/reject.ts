/** Turning a sequencer answer into a reply: an engine rejection becomes its error-table entry. */
import type { Submitted } from '../deps.js';
import { ApiError } from '../api-error.js';

/** Throws the ApiError of a rejected command; returns the answer when accepted. */
export function accepted(submitted: Submitted): Submitted {
  const outcome = submitted.outcome;
  if (!outcome.ok) throw new ApiError(outcome.code, outcome.message);
  return submitted;
}
