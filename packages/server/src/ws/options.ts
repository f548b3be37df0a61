/** Configuration of the websocket feed, with the defaults documented in docs/websocket.md. */

export interface WsFeedOptions {
  /** Upgrade paths served (query strings ignored). Default `['/ws', '/']`. */
  readonly paths?: readonly string[];
  /** A connection without any subscription for this long is closed (1008). Default 5000 ms. */
  readonly subscribeTimeoutMs?: number;
  /** Per-IP connection rate limit on (default true; the runtime passes RATE_LIMITS). */
  readonly rateLimit?: boolean;
  /** One new connection per IP per this many ms (default 4000: the public figure). */
  readonly connectionIntervalMs?: number;
  /** Connections an IP may open back to back before the interval applies (default 1). */
  readonly connectionBurst?: number;
  /** Take the client IP from the leftmost X-Forwarded-For entry (default false). */
  readonly trustProxy?: boolean;
  /** Open connections at most, all IPs together; more are refused with 503 (default 10000). */
  readonly maxConnections?: number;
  /**
   * Open connections at most from one IP (0: no per-IP cap); more are
   * refused with 429 (default 50). A resource bound, applied with the rate
   * limit off too; behind a reverse proxy it needs trustProxy.
   */
  readonly maxConnectionsPerIp?: number;
  /** Subscriptions per connection at most (default 50). */
  readonly maxSubscriptions?: number;
  /** Largest client message in bytes; a larger one closes the connection with 1009 (default 4096). */
  readonly maxMessageBytes?: number;
  /** Client messages per second at most; more close the connection with 1008 (default 50). */
  readonly maxMessagesPerSecond?: number;
  /** A client whose unsent data exceeds this many bytes is closed as a slow consumer (default 1 MiB). */
  readonly maxBufferedBytes?: number;
  /** Protocol-level ping interval; a peer that missed the previous pong is dropped (default 30000 ms). */
  readonly heartbeatMs?: number;
  /**
   * Price topics are re-checked without trades when the oldest minute of a
   * subscribed symbol's 24 h window leaves it (changed figures are pushed);
   * this is the longest wait between two re-checks while a price topic is
   * subscribed, a safety net for wall-clock jumps (default 60000 ms).
   */
  readonly priceRefreshMs?: number;
  /** Trades in the snapshot of a trade subscription (default 50). */
  readonly snapshotTrades?: number;
  /** Trades in one push at most (default 100); more go out in several pushes, oldest trades first. */
  readonly maxTradesPerPush?: number;
  /** On close, how long clients get to answer the close frame before they are cut (default 1000 ms). */
  readonly closeGraceMs?: number;
  /** Where unexpected errors go (default console.error). */
  readonly onError?: (err: unknown, context: string) => void;
}

export type ResolvedWsFeedOptions = Required<WsFeedOptions>;

export function resolveOptions(o: WsFeedOptions = {}): ResolvedWsFeedOptions {
  return {
    paths: o.paths ?? ['/ws', '/'],
    subscribeTimeoutMs: o.subscribeTimeoutMs ?? 5000,
    rateLimit: o.rateLimit ?? true,
    connectionIntervalMs: o.connectionIntervalMs ?? 4000,
    connectionBurst: o.connectionBurst ?? 1,
    trustProxy: o.trustProxy ?? false,
    maxConnections: o.maxConnections ?? 10_000,
    maxConnectionsPerIp: o.maxConnectionsPerIp ?? 50,
    maxSubscriptions: o.maxSubscriptions ?? 50,
    maxMessageBytes: o.maxMessageBytes ?? 4096,
    maxMessagesPerSecond: o.maxMessagesPerSecond ?? 50,
    maxBufferedBytes: o.maxBufferedBytes ?? 1 << 20,
    heartbeatMs: o.heartbeatMs ?? 30_000,
    priceRefreshMs: o.priceRefreshMs ?? 60_000,
    snapshotTrades: o.snapshotTrades ?? 50,
    maxTradesPerPush: o.maxTradesPerPush ?? 100,
    closeGraceMs: o.closeGraceMs ?? 1000,
    onError: o.onError ?? ((err, context) => console.error(`ws feed: ${context}`, err)),
  };
}
