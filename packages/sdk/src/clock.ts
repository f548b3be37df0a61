/**
 * Server clock: `X-BM-TIMESTAMP` must be within 60 s of the server's time,
 * so the client measures its offset with `GET /v2/time` and corrects every
 * timestamp it sends.
 */
import type { Logger } from './events.js';

export class ServerClock {
  readonly #fetchServerTime: () => Promise<number>;
  readonly #now: () => number;
  readonly #log: Logger;
  #offsetMs = 0;
  #synced = false;
  #inflight: Promise<number> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(fetchServerTime: () => Promise<number>, now: () => number, log: Logger) {
    this.#fetchServerTime = fetchServerTime;
    this.#now = now;
    this.#log = log;
  }

  /** Server time minus local time, in ms (0 until the first sync). */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  get synced(): boolean {
    return this.#synced;
  }

  /** The current server time estimate in integer ms. */
  now(): number {
    return Math.round(this.#now() + this.#offsetMs);
  }

  /**
   * Measures the offset: `server_time − local midpoint of the round trip`.
   * Concurrent calls share one request. Resolves with the offset in ms.
   */
  sync(): Promise<number> {
    if (this.#inflight !== undefined) return this.#inflight;
    const p = (async () => {
      const t0 = this.#now();
      const serverTime = await this.#fetchServerTime();
      const t1 = this.#now();
      if (!Number.isFinite(serverTime)) throw new TypeError('GET /v2/time returned no server_time');
      this.#offsetMs = Math.round(serverTime - (t0 + t1) / 2);
      this.#synced = true;
      this.#log({ type: 'clock-sync', offsetMs: this.#offsetMs, roundTripMs: t1 - t0 });
      return this.#offsetMs;
    })();
    this.#inflight = p;
    const clear = () => {
      if (this.#inflight === p) this.#inflight = undefined;
    };
    p.then(clear, clear);
    return p;
  }

  /** Syncs unless a sync has already succeeded. */
  async ensureSynced(): Promise<void> {
    if (!this.#synced) await this.sync();
  }

  /**
   * Resyncs every `intervalMs` in the background. The timer is `unref()`'d
   * where that exists (Node) so it never keeps a process alive.
   */
  startAutoSync(intervalMs: number): void {
    this.stopAutoSync();
    const timer = setInterval(() => {
      this.sync().catch((err: unknown) => {
        this.#log({ type: 'clock-sync-failed', message: err instanceof Error ? err.message : String(err) });
      });
    }, intervalMs);
    const maybe = timer as unknown as { unref?: () => void };
    if (typeof maybe.unref === 'function') maybe.unref();
    this.#timer = timer;
  }

  stopAutoSync(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
