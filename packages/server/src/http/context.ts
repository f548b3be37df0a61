/** What every route plugin of the HTTP layer shares: the deps, the rate limiter, derived keys. */
import { deriveKey } from '../app/auth/index.js';
import type { AppDeps } from './deps.js';
import { SecretCache } from './auth/secret-cache.js';
import { RateLimiter } from './rate-limit.js';

export interface HttpContext {
  readonly deps: AppDeps;
  readonly limiter: RateLimiter;
  /** HMAC key of CSRF tokens, derived from the server key. */
  readonly csrfKey: Buffer;
  /** API secrets opened with the server key, for signature checks. */
  readonly secrets: SecretCache;
}

export function createContext(deps: AppDeps): HttpContext {
  return {
    deps,
    limiter: new RateLimiter(deps.config.rateLimits, deps.clock),
    csrfKey: deriveKey(deps.config.serverKey, 'csrf'),
    secrets: new SecretCache(deps.config.serverKey),
  };
}
