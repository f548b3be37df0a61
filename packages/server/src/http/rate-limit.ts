/**
 * Per-class request limits, counted in fixed one-minute windows per key
 * (`ip:<addr>` or `key:<api key>` / `acct:<id>` / `email:<addr>`). O(1) per
 * request; memory is bounded by a sweep of expired windows every minute
 * (unref'd timer) and a hard cap on tracked keys. Written by hand rather
 * than with @fastify/rate-limit because one request is counted under
 * several keys that are known at different stages (IP before parsing, API
 * key only after the token is checked, inside the synchronous order path).
 */
import type { Clock, RateClass, RateLimitConfig } from './deps.js';
import { ApiError } from './api-error.js';

const WINDOW_MS = 60_000;
const MAX_KEYS = 200_000;

interface Window {
  start: number;
  count: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: RateLimitConfig,
    private readonly clock: Clock,
  ) {
    if (config.enabled) {
      this.timer = setInterval(() => this.sweep(), WINDOW_MS);
      this.timer.unref();
    }
  }

  /** Count one request of `cls` for `key`; throws 429 RATE_LIMITED when over the limit. */
  hit(cls: RateClass, key: string): void {
    this.take(cls, key, true, true);
  }

  /**
   * Throws 429 when `key` has used up its budget of `cls` this minute,
   * without counting this request: for budgets that only some outcomes
   * spend (tokens issued per API key, failed log-ins per email), checked
   * before the outcome is known and spent with `record` after.
   */
  check(cls: RateClass, key: string): void {
    this.take(cls, key, false, true);
  }

  /** Spend one of `key`'s budget of `cls` without refusing anything (see `check`). */
  record(cls: RateClass, key: string): void {
    this.take(cls, key, true, false);
  }

  private take(cls: RateClass, key: string, count: boolean, refuse: boolean): void {
    if (!this.config.enabled) return;
    const limit = this.config.perMinute[cls];
    const now = this.clock.now();
    const id = `${cls}|${key}`;
    let w = this.windows.get(id);
    if (w === undefined || now - w.start >= WINDOW_MS || now < w.start) {
      if (!count) return; // nothing spent in this window yet
      if (w === undefined && this.windows.size >= MAX_KEYS) this.sweep();
      if (w === undefined && this.windows.size >= MAX_KEYS) this.evictOldest();
      w = { start: now, count: 0 };
      this.windows.set(id, w);
    }
    const used = w.count + 1;
    if (count) w.count = used;
    if (refuse && used > limit) {
      const retryAfter = Math.max(1, Math.ceil((w.start + WINDOW_MS - now) / 1000));
      throw new ApiError('RATE_LIMITED', `Too many requests: at most ${limit} per minute, retry after ${retryAfter} s`, {
        'retry-after': String(retryAfter),
      });
    }
  }

  /** Drop windows that have ended. */
  sweep(): void {
    const now = this.clock.now();
    for (const [id, w] of this.windows) if (now - w.start >= WINDOW_MS || now < w.start) this.windows.delete(id);
  }

  private evictOldest(): void {
    let n = Math.ceil(MAX_KEYS / 10);
    for (const id of this.windows.keys()) {
      if (n-- <= 0) break;
      this.windows.delete(id);
    }
  }

  /** Number of tracked windows (for tests). */
  size(): number {
    return this.windows.size;
  }

  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
  }
}
