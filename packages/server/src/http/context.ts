/** What every route plugin of the HTTP layer shares: the deps, the rate limiter, derived keys, the registry's read barrier. */
import type { preHandlerHookHandler } from 'fastify';
import { deriveKey } from '../app/auth/index.js';
import type { AppDeps, CommandSink } from './deps.js';
import { SecretCache } from './auth/secret-cache.js';
import { RateLimiter } from './rate-limit.js';

export interface HttpContext {
  readonly deps: AppDeps;
  readonly limiter: RateLimiter;
  /** HMAC key of CSRF tokens, derived from the server key. */
  readonly csrfKey: Buffer;
  /** API secrets opened with the server key, for signature checks. */
  readonly secrets: SecretCache;
  /** preHandler of the routes that read the registry from the engine: see registryBarrier. */
  readonly registryDurable: preHandlerHookHandler;
}

/**
 * A preHandler that holds the request until every registry change accepted
 * so far (currency, market, user, API key) is durable, so that a registry
 * read never shows what a crash could undo. Nothing in flight: it calls on
 * at once. A failed sequencer fails the request like a submit would.
 */
export function registryBarrier(sink: Pick<CommandSink, 'registryDurable'>): preHandlerHookHandler {
  return (_request, _reply, done) => {
    const pending = sink.registryDurable();
    if (pending === null) {
      done();
      return;
    }
    pending.then(
      () => done(),
      (err: unknown) => done(err instanceof Error ? err : new Error(String(err))),
    );
  };
}

export function createContext(deps: AppDeps): HttpContext {
  return {
    deps,
    limiter: new RateLimiter(deps.config.rateLimits, deps.clock),
    csrfKey: deriveKey(deps.config.serverKey, 'csrf'),
    secrets: new SecretCache(deps.config.serverKey),
    registryDurable: registryBarrier(deps.sequencer),
  };
}
