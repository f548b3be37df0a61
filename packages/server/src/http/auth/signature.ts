/**
 * X-BM-SIGNATURE: lowercase hex HMAC-SHA256, keyed by the API secret, of
 * the request parameters sorted by name and joined `k=v&k=v`. Because
 * clients render JSON numbers differently, every combination of plausible
 * renderings is tried (bounded), compared in constant time.
 */
import { hmacSha256Hex, safeEqual } from '../../app/auth/index.js';
import type { ParamValue, Params } from '../params.js';
import { renderingsOf } from './renderings.js';

/** Upper bound on the signed strings tried for one request. */
const MAX_CANDIDATES = 256;

/**
 * The signed strings a client could have meant for these parameters:
 * first every parameter in the same style (the likely case: one client,
 * one way of printing numbers), then mixed styles, at most MAX_CANDIDATES.
 */
export function canonicalStrings(params: Params): string[] {
  const names = [...params.values.keys()].sort();
  const options = names.map((name) => renderingsOf(params.values.get(name) as ParamValue, params.rawNumber(name)));
  const join = (pick: (o: string[], i: number) => string) => names.map((name, i) => `${name}=${pick(options[i] as string[], i)}`).join('&');
  const out = new Set<string>();
  const styles = Math.max(1, ...options.map((o) => o.length));
  for (let s = 0; s < styles; s++) out.add(join((o) => o[Math.min(s, o.length - 1)] as string));
  const index = options.map(() => 0);
  while (out.size < MAX_CANDIDATES) {
    out.add(join((o, i) => o[index[i] as number] as string));
    let k = index.length - 1;
    while (k >= 0) {
      const o = options[k] as string[];
      index[k] = (index[k] as number) + 1;
      if ((index[k] as number) < o.length) break;
      index[k] = 0;
      k--;
    }
    if (k < 0) break;
  }
  return [...out];
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
