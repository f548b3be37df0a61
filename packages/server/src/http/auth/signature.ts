/**
 * X-BM-SIGNATURE: lowercase hex HMAC-SHA256, keyed by the API secret, of
 * the request parameters sorted by name and joined `k=v&k=v`. Because
 * clients render JSON numbers differently, every combination of plausible
 * renderings is tried (bounded), compared in constant time.
 */
import { digestEquals, hmacSha256 } from '../../app/auth/index.js';
import type { ParamValue, Params } from '../params.js';
import { renderingsOf } from './renderings.js';

/** Upper bound on the signed strings tried for one request. */
const MAX_CANDIDATES = 256;

/** An HMAC-SHA256 as a client sends it: 64 hex digits (after trimming and lowercasing). */
const SIGNATURE_FORM = /^[0-9a-f]{64}$/;

/** `name=text&…` with each parameter's rendering `pick(i)`. */
function joined(names: readonly string[], options: readonly (readonly string[])[], pick: (i: number) => number): string {
  let out = '';
  for (let i = 0; i < names.length; i++) {
    const o = options[i] as readonly string[];
    out += `${i === 0 ? '' : '&'}${names[i] as string}=${o[Math.min(pick(i), o.length - 1)] as string}`;
  }
  return out;
}

/**
 * The signed strings a client could have meant for these parameters:
 * first every parameter in the same style (the likely case: one client,
 * one way of printing numbers), then mixed styles; each string once, at
 * most MAX_CANDIDATES. Lazy, so verification stops at the first match; a
 * request without numbers (every value has one rendering) has exactly one
 * candidate, and its body is not scanned for number texts.
 */
export function* candidateStrings(params: Params): Generator<string> {
  const names = [...params.values.keys()].sort();
  const options: string[][] = [];
  let styles = 1;
  for (const name of names) {
    const value = params.values.get(name) as ParamValue;
    const o = renderingsOf(value, typeof value === 'number' ? params.rawNumber(name) : undefined);
    options.push(o);
    if (o.length > styles) styles = o.length;
  }
  const first = joined(names, options, () => 0);
  yield first;
  if (styles === 1) return;
  const seen = new Set<string>([first]);
  for (let s = 1; s < styles; s++) {
    const text = joined(names, options, () => s);
    if (!seen.has(text)) {
      seen.add(text);
      yield text;
    }
  }
  const index = options.map(() => 0);
  while (seen.size < MAX_CANDIDATES) {
    const text = joined(names, options, (i) => index[i] as number);
    if (!seen.has(text)) {
      seen.add(text);
      yield text;
    }
    let k = index.length - 1;
    while (k >= 0) {
      index[k] = (index[k] as number) + 1;
      if ((index[k] as number) < (options[k] as string[]).length) break;
      index[k] = 0;
      k--;
    }
    if (k < 0) return;
  }
}

/** Every candidate string (tests, diagnostics). */
export function canonicalStrings(params: Params): string[] {
  return [...candidateStrings(params)];
}

/**
 * True when `signature` is the HMAC of a candidate string of one of the
 * parameter sets. A signature that is not 64 hex digits matches nothing and
 * is refused before any HMAC (its form is public: nothing secret decides
 * it). Otherwise its 32 bytes are compared with each candidate's digest in
 * constant time; stopping at the first match reveals only which public
 * rendering matched.
 */
export function verifySignature(secret: string, paramSets: readonly Params[], signature: string): boolean {
  const given = signature.trim().toLowerCase();
  if (!SIGNATURE_FORM.test(given)) return false;
  const want = Buffer.from(given, 'hex');
  for (const params of paramSets) {
    for (const text of candidateStrings(params)) {
      if (digestEquals(hmacSha256(secret, text), want)) return true;
    }
  }
  return false;
}
