/**
 * Access-token cache: one token reused until shortly before it expires,
 * never two token requests at once (concurrent callers share one promise);
 * optionally backed by a caller's {@link TokenStore} (kept across processes).
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

/**
 * An access token as a {@link TokenStore} keeps it: the bearer token and when
 * it expires, nothing else.
 */
export interface StoredToken {
  /** The bearer token (`access_token` of `POST /v2/authentication`). */
  readonly accessToken: string;
  /**
   * When it expires, in ms since the epoch on the client's clock (the
   * `clock` option): the time the token request was sent plus `expires_in`.
   */
  readonly expiresAt: number;
}

/**
 * Keeps a client's access token outside the client (`tokenStore` option), so
 * that short-lived processes (a command line, a page reload) reuse a token
 * that is still valid instead of asking for one each time. No storage is
 * built in (the SDK has no file system); a store is a few lines over a file,
 * `sessionStorage` or a map.
 *
 * One store serves one server (`baseUrl`) and one API key: give each
 * client a store of its own (or key a shared one by both). The token is a
 * bearer credential: keep it where only its owner can read it.
 *
 * Methods may be synchronous or return promises. Whatever they throw or
 * reject with is ignored (reported to the logger as a `token` event
 * `store-failed`): the client then behaves as if the store were empty.
 * What `get` answers is not trusted blindly: an entry with less than
 * `tokenRefreshMarginMs` left is ignored (and replaced through `set` once a
 * new token arrives), and a token the server rejects with a 401 is passed to
 * `clear` and never used again by this client.
 */
export interface TokenStore {
  /** The stored token, or undefined. Called when the client holds no token that is still good. */
  get(): StoredToken | undefined | Promise<StoredToken | undefined>;
  /** A new token arrived: keep it, replacing what the store held. */
  set(token: StoredToken): void | Promise<void>;
  /** The server rejected `accessToken` (401): forget it if it is still the stored one. */
  clear(accessToken: string): void | Promise<void>;
}

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
  readonly #store: TokenStore | undefined;
  /** Tokens a 401 rejected: never taken from the store again. */
  readonly #rejected = new Set<string>();
  #held: HeldToken | undefined;
  /** The token request (fresh) or store lookup (then maybe a request) in flight. */
  #inflight: { readonly promise: Promise<HeldToken>; readonly fresh: boolean } | undefined;

  /**
   * @param marginMs refresh this long before `expires_in` runs out (at most
   *   half the token's lifetime, so short-lived tokens still get reused).
   * @param store where tokens are also kept between clients (optional).
   */
  constructor(fetchToken: () => Promise<Token>, now: () => number, marginMs: number, log: Logger, store?: TokenStore) {
    this.#fetchToken = fetchToken;
    this.#now = now;
    this.#marginMs = marginMs;
    this.#log = log;
    this.#store = store;
  }

  /** A token that is valid for at least the margin: held, else from the store, else fetched. */
  async get(): Promise<string> {
    const held = this.#held;
    if (held !== undefined && this.#now() < held.refreshAt) return held.value;
    if (this.#inflight !== undefined) return (await this.#inflight.promise).value;
    return (await this.#track(this.#loadOrFetch(), false)).value;
  }

  /** Fetches a new token (never the store's), or joins the request already in flight. */
  refresh(): Promise<HeldToken> {
    const inflight = this.#inflight;
    if (inflight?.fresh === true) return inflight.promise;
    if (inflight !== undefined) {
      // A store lookup is in flight: let it settle, then ask for a new token.
      const after = inflight.promise.then(
        () => undefined,
        () => undefined,
      );
      return this.#track(after.then(() => this.#fetch()), true);
    }
    return this.#track(this.#fetch(), true);
  }

  /**
   * Forget `value` (a 401 said it is no good): no longer held, cleared from
   * the store, and never taken from the store again.
   */
  async invalidate(value: string): Promise<void> {
    this.#rejected.add(value);
    if (this.#held?.value === value) {
      this.#held = undefined;
      this.#log({ type: 'token', action: 'invalidated' });
    }
    if (this.#store !== undefined) await this.#storeCall(() => this.#store?.clear(value));
  }

  #track(promise: Promise<HeldToken>, fresh: boolean): Promise<HeldToken> {
    const entry = { promise, fresh };
    this.#inflight = entry;
    const clear = () => {
      if (this.#inflight === entry) this.#inflight = undefined;
    };
    promise.then(clear, clear);
    return promise;
  }

  async #loadOrFetch(): Promise<HeldToken> {
    return (await this.#load()) ?? (await this.#fetch());
  }

  /** The store's token if it is usable: well formed, not rejected, valid for more than the margin. */
  async #load(): Promise<HeldToken | undefined> {
    if (this.#store === undefined) return undefined;
    const entry = await this.#storeCall(() => this.#store?.get());
    if (entry === undefined || entry === null || typeof entry !== 'object') return undefined;
    const { accessToken, expiresAt } = entry;
    if (typeof accessToken !== 'string' || accessToken === '' || typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return undefined;
    if (this.#rejected.has(accessToken)) return undefined;
    const now = this.#now();
    const refreshAt = expiresAt - this.#marginMs;
    if (now >= refreshAt) return undefined;
    const expiresIn = Math.floor((expiresAt - now) / 1000);
    const held: HeldToken = { token: { access_token: accessToken, expires_in: expiresIn }, value: accessToken, refreshAt };
    this.#held = held;
    this.#log({ type: 'token', action: 'loaded', expiresIn });
    return held;
  }

  async #fetch(): Promise<HeldToken> {
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
    if (this.#store !== undefined) {
      const stored: StoredToken = { accessToken: token.access_token, expiresAt: started + ttlMs };
      await this.#storeCall(() => this.#store?.set(stored));
    }
    return held;
  }

  /** Runs a store method; a throw or a rejection is logged and read as "nothing". */
  async #storeCall<T>(call: () => T | Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch {
      this.#log({ type: 'token', action: 'store-failed' });
      return undefined;
    }
  }
}
