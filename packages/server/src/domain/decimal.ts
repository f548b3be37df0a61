/**
 * Exact decimal <-> integer units conversion, used only at the edges
 * (HTTP parsing, formatting of responses and messages). No floating point:
 * a JSON number is first turned into its shortest decimal text and then
 * parsed as text.
 */

const DECIMAL_RE = /^(\d+)(?:\.(\d+))?$/;
const NUMBER_TEXT_RE = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * `text` without its trailing '0's, by a scan from the end: the regex
 * `/0+$/` retries from every zero of a run that is not at the end, which is
 * quadratic in the run (a client's `0.000…0001` of 60k digits took seconds).
 */
export function withoutTrailingZeros(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 48) end--;
  return end === text.length ? text : text.slice(0, end);
}

/**
 * The plain decimal text of a number or numeric string, without exponent:
 * `2.02e-05` -> `0.0000202`, `1e21` -> `1000000000000000000000`.
 * Returns null for anything that is not a finite number.
 */
export function plainDecimal(value: number | string): string | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value);
  } else {
    text = value.trim();
  }
  const m = NUMBER_TEXT_RE.exec(text);
  if (!m) return null;
  const sign = m[1] ?? '';
  const intPart = m[2] ?? '0';
  const fracPart = m[3] ?? '';
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 400) return null;
  let digits = intPart + fracPart;
  let point = intPart.length + exp;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  } else if (point > digits.length) {
    digits = digits + '0'.repeat(point - digits.length);
  }
  let whole = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const frac = withoutTrailingZeros(digits.slice(point));
  if (whole === '') whole = '0';
  const out = frac === '' ? whole : `${whole}.${frac}`;
  return sign === '-' && out !== '0' ? `-${out}` : out;
}

/**
 * Parse a non-negative decimal text into integer units of 10^-decimals.
 * Returns null when the text is not a plain non-negative decimal or has
 * significant digits beyond `decimals` (never rounds silently; trailing
 * zeros are allowed).
 */
export function parseUnits(text: string, decimals: number): bigint | null {
  const m = DECIMAL_RE.exec(text);
  if (!m) return null;
  const whole = m[1] ?? '0';
  let frac = withoutTrailingZeros(m[2] ?? '');
  if (frac.length > decimals) return null;
  frac = frac.padEnd(decimals, '0');
  return BigInt(whole + frac);
}

/** Parse a JSON number or decimal string into units; null when invalid. */
export function parseAmount(value: unknown, decimals: number): bigint | null {
  if (typeof value !== 'number' && typeof value !== 'string') return null;
  const text = plainDecimal(value);
  if (text === null) return null;
  return parseUnits(text, decimals);
}

/**
 * Format integer units of 10^-decimals as decimal text.
 * `fixed` (default true) keeps all `decimals` fraction digits
 * (`formatUnits(500n, 6)` -> `0.000500`); otherwise trailing zeros are cut.
 */
export function formatUnits(units: bigint | number, decimals: number, fixed = true): string {
  const value = typeof units === 'bigint' ? units : BigInt(units);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  let frac = decimals > 0 ? digits.slice(digits.length - decimals) : '';
  if (!fixed) frac = withoutTrailingZeros(frac);
  const body = frac === '' ? whole : `${whole}.${frac}`;
  return negative ? `-${body}` : body;
}

/** Number of fraction digits of a plain decimal text (`"0.0100"` -> 2, trailing zeros ignored). */
export function fractionDigits(text: string): number {
  const dot = text.indexOf('.');
  if (dot < 0) return 0;
  return withoutTrailingZeros(text.slice(dot + 1)).length;
}

/** 10^n as bigint, cached. */
const POW10: bigint[] = [];
export function pow10(n: number): bigint {
  let p = POW10[n];
  if (p === undefined) {
    p = 10n ** BigInt(n);
    POW10[n] = p;
  }
  return p;
}
