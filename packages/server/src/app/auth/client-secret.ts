/**
 * The later-revision token credential: lowercase hex HMAC-SHA256, keyed by
 * the API secret, of `apiKey:apiSecret:memo`. The seed revision sends the
 * secret itself; POST /v2/authentication accepts either.
 */
import { hmacSha256Hex } from './digest.js';

export function tokenClientSecret(apiKey: string, apiSecret: string, memo: string): string {
  return hmacSha256Hex(apiSecret, `${apiKey}:${apiSecret}:${memo}`);
}
