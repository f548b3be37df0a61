/**
 * What the HTTP layer needs from the rest of the server. buildApp() takes
 * these already wired (see app/ for the real ones), so tests can build the
 * app on a temp data dir and drive it with inject() or a real listen().
 */
import type { Command, CommandDraft, Outcome } from '../domain/index.js';
import type { Balance, ExchangeEngine } from '../engine/types.js';
import type { QueryStore } from '../store/port.js';
import type { Clock } from '../app/clock.js';
import type { MarketData } from '../app/market-data/index.js';

/** What the sequencer answers once the command is durable (or was rejected). */
export interface Submitted {
  /** Journal sequence number; 0 when the command was rejected. */
  readonly seq: number;
  /** The command as stamped by the sequencer (now, created ids). */
  readonly command: Command;
  readonly outcome: Outcome;
}

export interface CommandSink {
  submit(draft: CommandDraft): Promise<Submitted>;
  /**
   * The read barrier of the registry (currencies, markets, users, API keys),
   * which routes read from the engine, where a change can be applied before
   * it is durable: null when every registry change accepted so far is
   * durable, else a promise that settles once it is (rejected if the
   * sequencer fails). Registry-reading routes await it before reading.
   */
  registryDurable(): Promise<void> | null;
}

export type { Clock } from '../app/clock.js';

/** Public market data in wire shape (app/market-data's MarketData). */
export type MarketDataReader = Pick<MarketData, 'ticker' | 'tickers' | 'book' | 'trades' | 'klines'>;

/** Balances as of the last durable batch (app/durable-balances.ts). */
export interface BalanceReader {
  /** Zero for a currency the account never held. */
  balance(accountId: number, currency: string): Balance;
  /** Whether the account ever held the currency. */
  held(accountId: number, currency: string): boolean;
}

export type RateClass = 'token' | 'public' | 'privateRead' | 'order' | 'account' | 'login';

export interface RateLimitConfig {
  /** false turns every limit off (RATE_LIMITS=off). */
  readonly enabled: boolean;
  /** Requests per minute per class, counted separately per IP and per API key / account. */
  readonly perMinute: Readonly<Record<RateClass, number>>;
}

export interface AppConfig {
  /**
   * The server key (32 bytes, app/server-key.ts) from which the keys sealing
   * API secrets and signing CSRF tokens are derived (HKDF-SHA256).
   */
  readonly serverKey: Buffer;
  /** Public base URL of this server, e.g. http://localhost:8080 (no trailing slash). */
  readonly publicBaseUrl: string;
  /** Lifetime of access tokens (default 900). */
  readonly tokenTtlSeconds: number;
  /** Allowed distance of X-BM-TIMESTAMP from server time (default 60000). */
  readonly timestampWindowMs: number;
  /** Lifetime of web sessions (default 12 h). */
  readonly sessionTtlSeconds: number;
  /** Set the Secure flag on the session cookie (behind HTTPS). */
  readonly secureCookies: boolean;
  /** Largest accepted request body (default 64 KiB). */
  readonly bodyLimitBytes: number;
  /** Trust X-Forwarded-For for the client IP (behind a reverse proxy). */
  readonly trustProxy: boolean;
  /** Most candles one k-line request returns (default 1000). */
  readonly maxCandles: number;
  readonly rateLimits: RateLimitConfig;
}

export const DEFAULT_RATE_LIMITS: Readonly<Record<RateClass, number>> = {
  token: 5,
  public: 90,
  privateRead: 60,
  order: 90,
  account: 90,
  login: 10,
};

export function defaultAppConfig(overrides: Partial<AppConfig> & Pick<AppConfig, 'serverKey'>): AppConfig {
  return {
    publicBaseUrl: 'http://localhost:8080',
    tokenTtlSeconds: 900,
    timestampWindowMs: 60_000,
    sessionTtlSeconds: 12 * 3600,
    secureCookies: false,
    bodyLimitBytes: 64 * 1024,
    trustProxy: false,
    maxCandles: 1000,
    rateLimits: { enabled: true, perMinute: DEFAULT_RATE_LIMITS },
    ...overrides,
  };
}

export interface AppDeps {
  /**
   * Synchronous reads of the live state (accounts, keys, tokens, open orders, markets),
   * which can be one batch ahead of the journal: registry reads first await
   * `sequencer.registryDurable()`.
   */
  readonly engine: ExchangeEngine;
  /** The one writer: every state change goes through it; and the registry's read barrier. */
  readonly sequencer: CommandSink;
  /**
   * Orders, fills, candles. Its writer may lag the sequencer by a few
   * batches: await `store.settled()` before a read so that it reflects
   * every reply already sent (read-your-writes).
   */
  readonly store: QueryStore;
  readonly marketData: MarketDataReader;
  /** Balances as of the last durable batch (never the engine's, which can be ahead). */
  readonly balances: BalanceReader;
  readonly clock: Clock;
  readonly config: AppConfig;
}
