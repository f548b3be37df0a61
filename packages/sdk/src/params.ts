/** Validation of id and integer request parameters, before anything is sent. */

/** An order id as sent: digits only. */
export function idText(entrustId: number | string, field = 'entrustId'): string {
  const s = String(entrustId);
  if (!/^\d+$/.test(s)) throw new TypeError(`${field} must be a non-negative integer, got ${JSON.stringify(entrustId)}`);
  return s;
}

/** An integer query parameter as sent, or undefined. */
export function intText(v: number | undefined, field: string): string | undefined {
  if (v === undefined) return undefined;
  if (!Number.isSafeInteger(v)) throw new TypeError(`${field} must be an integer, got ${String(v)}`);
  return String(v);
}
