/**
 * X-BM-SIGNATURE: lowercase hex HMAC-SHA256, keyed by the API secret, of
 * the request parameters sorted by name and joined `k=v&k=v`. Because
 * clients render JSON numbers differently, every combination of plausible
 * renderings is tried (bounded), compared in constant time.
 */
import { hmacSha256Hex, safeEqual } from '../../app/auth/index.js';
import type { Params } from '../params.js';
import { renderingsOf } from './renderings.js';

/** Upper bound on the signed strings tried for one request. */
const MAX_CANDIDATES = 256;

/** The signed strings a client could have meant for these parameters. */
export function canonicalStrings(params: Params): string[] {
  const names = [...params.values.keys()].sort();
  let acc: string[] = [''];
  names.forEach((name, index) => {
    const value = params.values.get(name);
    if (value === undefined) return;
    const options = renderingsOf(value, params.rawNumber(name));
    const next: string[] = [];
    for (const prefix of acc) {
      for (const text of options) {
        if (next.length >= MAX_CANDIDATES) break;
        next.push(`${prefix}${index === 0 ? '' : '&'}${name}=${text}`);
      }
    }
    acc = next;
  });
  return acc;
}

/** True when `signature` is the HMAC of one of the canonical strings of one of the parameter sets. */
export function verifySignature(secret: string, paramSets: readonly Params[], signature: string): boolean {
  const given = signature.trim().toLowerCase();
  let ok = false;
  for (const params of paramSets) {
    for (const text of canonicalStrings(params)) {
      if (safeEqual(hmacSha256Hex(secret, text), given)) ok = true;
    }
  }
  return ok;
}
