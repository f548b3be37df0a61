/**
 * Access-token cache: one token reused until shortly before it expires,
 * never two token requests at once (concurrent callers share one promise).
 */
import type { Token } from '@openmart/protocol';

/**
 * Token lifetime assumed when a response has no `expires_in`: the protocol's
 * `TOKEN_TTL_SECONDS`, copied so that at run time the SDK loads only
 * `@openmart/protocol/errors` (the main entry also holds the TypeBox schemas).
 * test/packaging.test.ts checks the two agree.
 */
export const DEFAULT_TOKEN_TTL_SECONDS = 900;
import type { Logger } from './events.js';

export interface HeldToken {
  readonly token: Token;
  readonly value: string;
  /** Local-clock ms after which the token is not used any more. */
  readonly refreshAt: number;
}

export class TokenCache {
  readonly #fetchToken: () => Promise<Token>;
  readonly #now: () => number;
  readonly #marginMs: number;
  readonly #log: Logger;
  #held: HeldToken | undefined;
  #inflight: Promise<HeldToken> | undefined;

  /**
   * @param marginMs refresh this long before `expires_in` runs out (at most
   *   half the token's lifetime, so short-lived tokens still get reused).
   */
  constructor(fetchToken: () => Promise<Token>, now: () => number, marginMs: number, log: Logger) {
    this.#fetchToken = fetchToken;
    this.#now = now;
    this.#marginMs = marginMs;
    this.#log = log;
  }

  /** A token that is valid for at least the margin, fetching one if needed. */
  async get(): Promise<string> {
    const held = this.#held;
    if (held !== undefined && this.#now() < held.refreshAt) return held.value;
    return (await this.refresh()).value;
  }

  /** Fetches a new token, or joins the request already in flight. */
  refresh(): Promise<HeldToken> {
    if (this.#inflight !== undefined) return this.#inflight;
    const p = (async () => {
      const started = this.#now();
      this.#log({ type: 'token', action: 'requested' });
      const token = await this.#fetchToken();
      if (typeof token?.access_token !== 'string' || token.access_token === '') {
        throw new TypeError('the token response has no access_token');
      }
      const ttlMs = (typeof token.expires_in === 'number' && token.expires_in > 0 ? token.expires_in : DEFAULT_TOKEN_TTL_SECONDS) * 1000;
      const held: HeldToken = { token, value: token.access_token, refreshAt: started + ttlMs - Math.min(this.#marginMs, ttlMs / 2) };
      this.#held = held;
      this.#log({ type: 'token', action: 'obtained', expiresIn: ttlMs / 1000 });
      return held;
    })();
    this.#inflight = p;
    const clear = () => {
      if (this.#inflight === p) this.#inflight = undefined;
    };
    p.then(clear, clear);
    return p;
  }

  /** Forget `value` if it is still the current token (a 401 said it is no good). */
  invalidate(value: string): void {
    if (this.#held?.value === value) {
      this.#held = undefined;
      this.#log({ type: 'token', action: 'invalidated' });
    }
  }
}
