/**
 * Command-line values of the trader commands, checked before anything is
 * sent; a bad one is a usage error (exit code 2). Amounts and prices stay
 * the strings the user typed.
 */
import type { OrderStatusFilter } from '@openmart/sdk';
import { CliError } from '../output.js';
import { EXIT } from '../exit-codes.js';

function usage(message: string): CliError {
  return new CliError(message, EXIT.usage);
}

/** A market id such as BMX_ETH (upper-cased: `bmx_eth` works too). */
export function parseSymbol(value: string | undefined, name = 'SYMBOL'): string {
  const s = (value ?? '').trim();
  if (!/^[A-Za-z0-9]+_[A-Za-z0-9]+$/.test(s)) throw usage(`${name} must look like BMX_ETH, got ${JSON.stringify(value ?? '')}`);
  return s.toUpperCase();
}

/** A plain positive decimal as typed (`1`, `0.0005`), returned verbatim. */
export function parseDecimal(name: string, value: string | undefined): string {
  const s = (value ?? '').trim();
  if (!/^\d+(\.\d+)?$/.test(s)) throw usage(`${name} must be a plain decimal number such as 1.5, got ${JSON.stringify(value ?? '')}`);
  if (!/[1-9]/.test(s)) throw usage(`${name} must be greater than zero`);
  return s;
}

/** A non-negative integer option, or undefined when not given. */
export function parseInteger(name: string, value: unknown, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const s = String(value).trim();
  if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s)) || Number(s) < min) {
    throw usage(`${name} must be an integer of at least ${min}, got ${JSON.stringify(String(value))}`);
  }
  return Number(s);
}

/** An order id (entrust_id): digits. */
export function parseOrderId(value: string | undefined, name = 'ID'): string {
  const s = (value ?? '').trim();
  if (!/^\d+$/.test(s)) throw usage(`${name} must be an order id (digits), got ${JSON.stringify(value ?? '')}`);
  return s;
}

export function parseSide(value: unknown): 'buy' | 'sell' | undefined {
  if (value === undefined) return undefined;
  const s = String(value).toLowerCase();
  if (s !== 'buy' && s !== 'sell') throw usage(`--side must be buy or sell, got ${JSON.stringify(String(value))}`);
  return s;
}

const STATUS_WORDS: Readonly<Record<string, OrderStatusFilter>> = {
  all: 0,
  pending: 1,
  partial: 2,
  filled: 3,
  cancelled: 4,
  canceled: 4,
  open: 5,
  closed: 6,
};

/** `--status`: 0…6 or all|pending|partial|filled|cancelled|open|closed. */
export function parseStatus(value: unknown): OrderStatusFilter | undefined {
  if (value === undefined) return undefined;
  const s = String(value).trim().toLowerCase();
  if (/^[0-6]$/.test(s)) return Number(s) as OrderStatusFilter;
  const named = STATUS_WORDS[s];
  if (named === undefined) throw usage(`--status must be 0-6 or one of ${Object.keys(STATUS_WORDS).join('|')}, got ${JSON.stringify(String(value))}`);
  return named;
}

/**
 * A time: milliseconds since the epoch (digits) or an ISO 8601 date or
 * date-time; a date-time without a zone is read as UTC, like the API's times.
 */
export function parseTime(name: string, value: unknown): number {
  const s = String(value ?? '').trim();
  if (/^\d+$/.test(s)) return Number(s);
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  if (m !== null) {
    const iso = m[2] === undefined ? `${m[1]}T00:00:00Z` : `${m[1]}T${m[2]}${m[3] ?? 'Z'}`;
    const ms = Date.parse(iso);
    if (!Number.isNaN(ms)) return ms;
  }
  throw usage(`${name} must be milliseconds since the epoch or an ISO 8601 time (2026-01-31T12:00:00Z), got ${JSON.stringify(s)}`);
}
