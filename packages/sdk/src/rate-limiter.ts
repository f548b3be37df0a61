/**
 * Client-side rate limiter: a sliding one-minute window that queues calls
 * instead of failing them, so a bot stays under the server's limits and
 * never sees a 429 it could have avoided.
 */

/** Endpoint classes, as the server limits them (spec: token, public, private read, order). */
export type EndpointClass = 'token' | 'public' | 'private' | 'order';

/** Client-side limits in requests per rolling minute. */
export interface RateLimitOptions {
  /** Limit over every request of this client. */
  readonly requestsPerMinute: number;
  /** Tighter limits for some endpoint classes (e.g. `{ token: 5 }`). */
  readonly perClass?: Partial<Record<EndpointClass, number>>;
}

type Sleep = (ms: number) => Promise<void>;

const WINDOW_MS = 60_000;

/** At most `limit` acquisitions in any `WINDOW_MS` window; waiters are served in order. */
export class SlidingWindowLimiter {
  readonly #limit: number;
  readonly #now: () => number;
  readonly #sleep: Sleep;
  readonly #sent: number[] = [];
  #tail: Promise<void> = Promise.resolve();

  constructor(limit: number, now: () => number, sleep: Sleep) {
    if (!Number.isInteger(limit) || limit < 1) throw new TypeError(`requestsPerMinute must be a positive integer, got ${limit}`);
    this.#limit = limit;
    this.#now = now;
    this.#sleep = sleep;
  }

  /**
   * Resolves when the request may go; the promise's value is how long it
   * waited (ms). Calls are granted one after another, in call order.
   */
  acquire(): Promise<number> {
    const turn = this.#tail.then(() => this.#take());
    this.#tail = turn.then(() => undefined, () => undefined);
    return turn;
  }

  async #take(): Promise<number> {
    let waited = 0;
    for (;;) {
      const now = this.#now();
      while (this.#sent.length > 0 && (this.#sent[0] as number) <= now - WINDOW_MS) this.#sent.shift();
      if (this.#sent.length < this.#limit) {
        this.#sent.push(now);
        return waited;
      }
      const wait = (this.#sent[0] as number) + WINDOW_MS - now;
      waited += wait;
      await this.#sleep(wait);
    }
  }
}

/** The limiters of one client: the global one, then the class's own. */
export class ClientRateLimiter {
  readonly #global: SlidingWindowLimiter;
  readonly #perClass = new Map<EndpointClass, SlidingWindowLimiter>();

  constructor(options: RateLimitOptions, now: () => number, sleep: Sleep) {
    this.#global = new SlidingWindowLimiter(options.requestsPerMinute, now, sleep);
    for (const [cls, limit] of Object.entries(options.perClass ?? {}) as [EndpointClass, number | undefined][]) {
      if (limit !== undefined) this.#perClass.set(cls, new SlidingWindowLimiter(limit, now, sleep));
    }
  }

  /** Waits for the class limiter, then the global one; resolves with the total wait in ms. */
  async acquire(cls: EndpointClass): Promise<number> {
    const own = this.#perClass.get(cls);
    const a = own === undefined ? 0 : await own.acquire();
    return a + (await this.#global.acquire());
  }
}
