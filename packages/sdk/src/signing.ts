/**
 * HMAC-SHA256 signing of the Open API v2 with WebCrypto (`crypto.subtle`),
 * so the same code runs in browsers and in Node 20+.
 */

const encoder = new TextEncoder();

function subtle(): SubtleCrypto {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (c?.subtle === undefined) {
    throw new TypeError('WebCrypto (globalThis.crypto.subtle) is not available: use Node 20+ or a browser on a secure origin');
  }
  return c.subtle;
}

function toHex(buf: ArrayBuffer): string {
  let out = '';
  for (const b of new Uint8Array(buf)) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Signs messages with one secret; the imported key is made once and kept. */
export type HmacSigner = (message: string) => Promise<string>;

/**
 * A lowercase-hex HMAC-SHA256 signer keyed by `secret`. The secret stays in
 * the closure (as a non-extractable CryptoKey once imported).
 */
export function createHmacSigner(secret: string): HmacSigner {
  let key: Promise<CryptoKey> | undefined;
  return async (message) => {
    if (key === undefined) {
      key = subtle().importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      key.catch(() => { key = undefined; });
    }
    return toHex(await subtle().sign('HMAC', await key, encoder.encode(message)));
  };
}

/** Lowercase hex HMAC-SHA256 of `message`, keyed by `secret` (both UTF-8). */
export function hmacSha256Hex(secret: string, message: string): Promise<string> {
  return createHmacSigner(secret)(message);
}

/** A request parameter value as sent on the wire (the SDK sends strings). */
export type ParamValue = string | number | boolean;

/**
 * The string the Open API v2 signs: parameters sorted by name (code-unit
 * order), joined `k=v&k=v`, values exactly as sent (no URL encoding).
 * Undefined values are left out, like parameters that are not sent.
 */
export function canonicalString(params: Readonly<Record<string, ParamValue | undefined>>): string {
  return Object.keys(params)
    .filter((k) => params[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => `${k}=${String(params[k])}`)
    .join('&');
}

/** `X-BM-SIGNATURE` for a request's parameters. */
export function signParams(secret: string, params: Readonly<Record<string, ParamValue | undefined>>): Promise<string> {
  return hmacSha256Hex(secret, canonicalString(params));
}

/**
 * The later revision's `client_secret` of `POST /v2/authentication`:
 * hex HMAC-SHA256, keyed by the API secret, of `apiKey:apiSecret:memo`.
 */
export function hmacClientSecret(apiKey: string, apiSecret: string, memo: string): Promise<string> {
  return hmacSha256Hex(apiSecret, `${apiKey}:${apiSecret}:${memo}`);
}
