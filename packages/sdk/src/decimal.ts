/**
 * Request decimals: callers may pass a JS number or a decimal string; the SDK
 * sends a plain decimal string and never computes with it.
 */

/** A price or amount as a caller may give it. */
export type DecimalInput = string | number;

const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

/**
 * Expand the exponent form JavaScript prints for very small or very large
 * numbers (`1e-7`, `2.02e-5`, `1.5e+21`) into a plain decimal by moving the
 * decimal point in the digit string: no arithmetic on the value.
 */
function expandExponent(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]?\d+)$/i.exec(text);
  if (m === null) return text;
  const sign = m[1] ?? '';
  const intPart = m[2] ?? '';
  const digits = intPart + (m[3] ?? '');
  const point = intPart.length + Number(m[4]);
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  out = out.replace(/^0+(?=\d)/, '');
  if (out.includes('.')) {
    // Trailing zeros cut by a scan (the regex /0+$/ is quadratic on a long inner run of zeros).
    let end = out.length;
    while (out.charCodeAt(end - 1) === 48) end--;
    if (out.charCodeAt(end - 1) === 46) end--;
    out = out.slice(0, end);
  }
  return sign + out;
}

/**
 * The wire form of a request decimal: a number is rendered the way JavaScript
 * prints it (`String(n)`, its shortest round-trip form), with any exponent
 * expanded (`1e-7` → `"0.0000001"`); a string must already be a plain
 * non-negative decimal (`"12"`, `"0.0005"`) and is sent verbatim.
 *
 * @throws TypeError for NaN, infinities, negative numbers and malformed strings.
 */
export function toDecimalString(value: DecimalInput, field = 'value'): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new TypeError(`${field} must be a finite non-negative number, got ${String(value)}`);
    return expandExponent(String(value));
  }
  if (typeof value === 'string' && PLAIN_DECIMAL.test(value)) return value;
  throw new TypeError(`${field} must be a plain decimal string like "0.0005" or a number, got ${JSON.stringify(value)}`);
}
