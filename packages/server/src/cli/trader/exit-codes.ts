/**
 * The translation of the SDK's typed errors into one stderr line and an exit
 * code (../exit-codes.ts, docs/cli.md). Messages come from the SDK, which
 * scrubs secrets and tokens from them; nothing here adds any.
 */
import {
  AuthenticationError,
  NetworkError,
  OpenmartError,
  PermissionError,
  RateLimitError,
  ServerError,
} from '@openmart/sdk';
import { EXIT } from '../exit-codes.js';
import { CliError } from '../output.js';

export interface FailureContext {
  readonly url: string;
  /** Set for `buy`/`sell`: a 5xx or a network error leaves the order's fate unknown. */
  readonly placing?: { readonly symbol: string } | undefined;
}

function apiDetail(err: OpenmartError): string {
  const parts: string[] = [];
  if (err.errorName !== undefined) parts.push(err.errorName);
  if (err.code !== undefined) parts.push(`code ${err.code}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

function unknownOutcome(ctx: FailureContext): string {
  return ctx.placing === undefined
    ? ''
    : `; the order may or may not have been placed: check every order of the market, filled ones too, with \`openmart orders --symbol ${ctx.placing.symbol} --status all\``;
}

/** A CliError (message + exit code) for anything a trader command threw. */
export function toCliError(err: unknown, ctx: FailureContext): CliError {
  if (err instanceof CliError) return err;
  if (err instanceof NetworkError) {
    const what = err.timedOut ? 'no answer in time from' : 'cannot reach';
    return new CliError(`${what} the server at ${ctx.url}: ${err.message}${unknownOutcome(ctx)}`, EXIT.network);
  }
  if (err instanceof OpenmartError) {
    const text = `${err.status} ${err.message}${apiDetail(err)}`;
    if (err instanceof AuthenticationError || err instanceof PermissionError) return new CliError(text, EXIT.auth);
    if (err instanceof ServerError) return new CliError(`${text}${unknownOutcome(ctx)}`, EXIT.server);
    if (err instanceof RateLimitError && err.retryAfter !== undefined) return new CliError(`${text}; retry after ${err.retryAfter} s`, EXIT.api);
    return new CliError(text, EXIT.api);
  }
  return new CliError(err instanceof Error ? err.message : String(err), EXIT.internal);
}
