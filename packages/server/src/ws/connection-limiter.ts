/**
 * Per-IP rate of new connections: a token bucket of `burst` tokens, one
 * token back every `intervalMs` (public figure: 1 per 4 s). Memory is
 * bounded: full buckets are forgotten by a sweep (unref'd timer) and the
 * map is capped.
 */
const MAX_KEYS = 100_000;

interface Bucket {
  tokens: number;
  at: number;
}

export class ConnectionLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly intervalMs: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.timer = setInterval(() => this.sweep(), Math.max(60_000, intervalMs * burst));
    this.timer.unref();
  }

  /** Take a token for `ip`: 0 when allowed, else the ms to wait before the next connection. */
  take(ip: string): number {
    const now = this.now();
    let b = this.buckets.get(ip);
    if (b === undefined) {
      if (this.buckets.size >= MAX_KEYS) this.sweep();
      if (this.buckets.size >= MAX_KEYS) this.buckets.clear();
      b = { tokens: this.burst, at: now };
      this.buckets.set(ip, b);
    } else {
      this.refill(b, now);
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) * this.intervalMs));
  }

  /** Forget buckets that are full again. */
  sweep(): void {
    const now = this.now();
    for (const [ip, b] of this.buckets) {
      this.refill(b, now);
      if (b.tokens >= this.burst) this.buckets.delete(ip);
    }
  }

  get size(): number {
    return this.buckets.size;
  }

  close(): void {
    clearInterval(this.timer);
  }

  private refill(b: Bucket, now: number): void {
    const elapsed = Math.max(0, now - b.at);
    b.tokens = Math.min(this.burst, b.tokens + elapsed / this.intervalMs);
    b.at = now;
  }
}
