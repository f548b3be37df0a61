/**
 * Environment -> typed configuration. Every variable the server reads is
 * listed in ENV_VARS (the README's configuration table is written from it);
 * loadConfig() validates all of them and reports every bad value at once
 * through a ConfigError, which `openmart serve` turns into exit code 1.
 */
import { resolve } from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface Config {
  readonly host: string;
  readonly port: number;
  /** Absolute path of the data directory. */
  readonly dataDir: string;
  readonly seedDemo: boolean;
  readonly rateLimits: boolean;
  readonly logLevel: LogLevel;
  /** Base URL of this server as clients see it (ticker `url`); no trailing slash. Null: http://HOST:<listening port>. */
  readonly publicUrl: string | null;
  /** 32-byte key that encrypts API secrets at rest; null: use (or create) DATA_DIR/server-key. */
  readonly serverKey: Buffer | null;
  /** Fixed admin token; null: use (or create) DATA_DIR/admin-token. */
  readonly adminToken: string | null;
  readonly tokenTtlSeconds: number;
  /** Write an engine snapshot every this many journaled commands (0: only on demand and at shutdown). */
  readonly snapshotEvery: number;
  /** Snapshots kept in DATA_DIR/snapshots; older ones are deleted after each new one (0: keep all). */
  readonly snapshotKeep: number;
  /** fsync the journal once per batch before any reply (false: faster, loses the last batches on power loss). */
  readonly fsync: boolean;
  /** Default price band of new markets, in percent of the best opposite price (500 = 5x; 0 = off). */
  readonly priceBandPercent: number;
  /** Default maker / taker fee rates of new markets, parts per 10^8. */
  readonly makerFeeE8: number;
  readonly takerFeeE8: number;
  /** How long a graceful shutdown may take before the process exits anyway. */
  readonly shutdownTimeoutMs: number;
  /** Take the client IP from X-Forwarded-For (behind a reverse proxy). */
  readonly trustProxy: boolean;
  /** Lifetime of web log-in sessions. */
  readonly sessionTtlSeconds: number;
  /** Set the Secure flag on the session cookie (serve behind HTTPS). */
  readonly secureCookies: boolean;
  /** Requests per minute per endpoint class, where set (RATE_LIMIT_<CLASS>); the rest keep their defaults. */
  readonly rateLimitPerMinute: Readonly<Partial<Record<RateLimitClass, number>>>;
  /** Open websocket feed connections per client IP at most (0: no per-IP cap; independent of rateLimits). */
  readonly wsMaxConnectionsPerIp: number;
}

/** Endpoint classes of the rate limits (http/deps.ts RateClass) and their variables. */
export const RATE_LIMIT_VARS = {
  token: 'RATE_LIMIT_TOKEN',
  public: 'RATE_LIMIT_PUBLIC',
  privateRead: 'RATE_LIMIT_PRIVATE_READ',
  order: 'RATE_LIMIT_ORDER',
  account: 'RATE_LIMIT_ACCOUNT',
  login: 'RATE_LIMIT_LOGIN',
} as const;
export type RateLimitClass = keyof typeof RATE_LIMIT_VARS;

export interface EnvVar {
  readonly name: string;
  readonly default: string;
  readonly description: string;
}

/** Every environment variable of `openmart serve`, in README order. */
export const ENV_VARS: readonly EnvVar[] = [
  { name: 'HOST', default: '127.0.0.1', description: 'Interface to listen on (`0.0.0.0` for every interface).' },
  { name: 'PORT', default: '8080', description: 'TCP port (0: any free port; the chosen one is logged).' },
  { name: 'DATA_DIR', default: './data', description: 'Journal, snapshots, query store, key files.' },
  { name: 'SEED_DEMO', default: '1', description: 'On the first start (empty data dir) create demo currencies, markets, users, a demo API key and resting orders. `0` starts empty.' },
  { name: 'RATE_LIMITS', default: 'on', description: '`on` or `off`: per-endpoint-class rate limits.' },
  { name: 'LOG_LEVEL', default: 'info', description: 'pino level: fatal, error, warn, info, debug, trace, silent. info logs two lines per request; use warn under load.' },
  { name: 'PUBLIC_URL', default: 'http://HOST:PORT', description: 'Base URL clients use to reach the server (ticker `url`); 127.0.0.1 stands for a HOST of 0.0.0.0 or ::.' },
  { name: 'OPENMART_SERVER_KEY', default: '(file)', description: '32-byte key, 64 hex chars or base64, that encrypts API secrets at rest. Unset: DATA_DIR/server-key is created (mode 0600) and used.' },
  { name: 'OPENMART_ADMIN_TOKEN', default: '(file)', description: 'Admin API token (at least 24 chars). Unset: DATA_DIR/admin-token is created (mode 0600) and used. The CLI reads the same variable.' },
  { name: 'TOKEN_TTL_SECONDS', default: '900', description: 'Lifetime of access tokens from POST /v2/authentication.' },
  { name: 'SNAPSHOT_EVERY', default: '10000', description: 'Write an engine snapshot every N journaled commands (0: only on demand and at shutdown).' },
  { name: 'SNAPSHOT_KEEP', default: '3', description: 'Snapshots kept in DATA_DIR/snapshots: after each new one, older ones are deleted (`0`: keep all). The journal is never deleted.' },
  { name: 'FSYNC', default: '1', description: '`1`: fsync every journal batch before answering. `0`: no fsync (faster; a power loss may lose the last answered commands).' },
  { name: 'PRICE_BAND_PERCENT', default: '500', description: 'Default price band of new markets: a buy may not exceed this % of the best bid, a sell this % of the best ask (0: off).' },
  { name: 'MAKER_FEE', default: '0.001', description: 'Default maker fee rate of markets created without one.' },
  { name: 'TAKER_FEE', default: '0.001', description: 'Default taker fee rate of markets created without one.' },
  { name: 'TRUST_PROXY', default: '0', description: '`1`: take the client IP (rate limits, logs) from X-Forwarded-For; only behind a reverse proxy.' },
  { name: 'SESSION_TTL_SECONDS', default: '43200', description: 'Lifetime of a web UI log-in session.' },
  { name: 'SECURE_COOKIES', default: '1 if PUBLIC_URL is https, else 0', description: '`1`: mark the session cookie Secure (served over HTTPS, e.g. behind a TLS proxy).' },
  { name: 'RATE_LIMIT_TOKEN', default: '5', description: 'Per minute: `POST /v2/authentication` requests per IP, and tokens issued per API key.' },
  { name: 'RATE_LIMIT_PUBLIC', default: '90', description: 'Requests per minute per IP: public market data.' },
  { name: 'RATE_LIMIT_PRIVATE_READ', default: '60', description: 'Requests per minute per IP and per API key: wallet, order and trade queries.' },
  { name: 'RATE_LIMIT_ORDER', default: '90', description: 'Requests per minute per IP and per API key: placing and cancelling orders.' },
  { name: 'RATE_LIMIT_ACCOUNT', default: '90', description: 'Requests per minute per IP and per account: the web UI account endpoints.' },
  { name: 'RATE_LIMIT_LOGIN', default: '10', description: 'Per minute: sign-up and log-in requests per IP, and failed log-ins per email.' },
  { name: 'WS_MAX_CONNECTIONS_PER_IP', default: '50', description: 'Open websocket feed connections per client IP at most (`0`: no per-IP cap); more are refused with HTTP 429. Applies with `RATE_LIMITS=off` too.' },
  { name: 'SHUTDOWN_TIMEOUT_MS', default: '10000', description: 'Upper bound of a graceful shutdown (SIGTERM/SIGINT) before exiting anyway.' },
];

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Parse and validate the environment; throws ConfigError listing every bad value. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };

  const int = (name: string, def: number, min: number, max: number): number => {
    const raw = get(name);
    if (raw === undefined) return def;
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw)) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(raw)}`);
      return def;
    }
    return Number(raw);
  };

  const bool = (name: string, def: boolean): boolean => {
    const raw = get(name);
    if (raw === undefined) return def;
    const v = raw.toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    problems.push(`${name} must be 1/0 (or true/false, on/off, yes/no), got ${JSON.stringify(raw)}`);
    return def;
  };

  const rate = (name: string, def: string): number => {
    const raw = get(name) ?? def;
    const m = /^(0|1)(?:\.(\d{1,8}))?$/.exec(raw);
    const e8 = m ? Number(m[1]) * 1e8 + Number((m[2] ?? '').padEnd(8, '0')) : NaN;
    if (!m || !(e8 < 1e8)) {
      problems.push(`${name} must be a decimal fee rate in [0, 1) with at most 8 decimals (0.001 = 0.1%), got ${JSON.stringify(raw)}`);
      return 0;
    }
    return e8;
  };

  const host = get('HOST') ?? '127.0.0.1';
  if (/\s/.test(host)) problems.push(`HOST must be a host name or IP address, got ${JSON.stringify(host)}`);
  const port = int('PORT', 8080, 0, 65535);
  const dataDir = resolve(cwd, get('DATA_DIR') ?? './data');
  const seedDemo = bool('SEED_DEMO', true);

  let rateLimits = true;
  const rl = get('RATE_LIMITS');
  if (rl !== undefined) {
    const v = rl.toLowerCase();
    if (['on', '1', 'true'].includes(v)) rateLimits = true;
    else if (['off', '0', 'false'].includes(v)) rateLimits = false;
    else problems.push(`RATE_LIMITS must be 'on' or 'off', got ${JSON.stringify(rl)}`);
  }

  let logLevel: LogLevel = 'info';
  const ll = get('LOG_LEVEL');
  if (ll !== undefined) {
    if ((LOG_LEVELS as readonly string[]).includes(ll.toLowerCase())) logLevel = ll.toLowerCase() as LogLevel;
    else problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(ll)}`);
  }

  let publicUrl: string | null = null;
  const pu = get('PUBLIC_URL');
  if (pu !== undefined) {
    try {
      const u = new URL(pu);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
      publicUrl = pu.replace(/\/+$/, '');
    } catch {
      problems.push(`PUBLIC_URL must be an absolute http(s) URL, got ${JSON.stringify(pu)}`);
    }
  }

  let serverKey: Buffer | null = null;
  const sk = get('OPENMART_SERVER_KEY');
  if (sk !== undefined) {
    serverKey = parseServerKey(sk);
    if (serverKey === null) problems.push('OPENMART_SERVER_KEY must be 32 bytes as 64 hex characters or base64 (e.g. `openssl rand -hex 32`)');
  }

  const adminToken = get('OPENMART_ADMIN_TOKEN') ?? null;
  if (adminToken !== null && (adminToken.length < 24 || /\s/.test(adminToken))) {
    problems.push('OPENMART_ADMIN_TOKEN must be at least 24 characters without spaces');
  }

  const config: Config = {
    host,
    port,
    dataDir,
    seedDemo,
    rateLimits,
    logLevel,
    publicUrl,
    serverKey,
    adminToken,
    tokenTtlSeconds: int('TOKEN_TTL_SECONDS', 900, 1, 86_400 * 30),
    snapshotEvery: int('SNAPSHOT_EVERY', 10_000, 0, 1_000_000_000),
    snapshotKeep: int('SNAPSHOT_KEEP', 3, 0, 1_000_000),
    fsync: bool('FSYNC', true),
    priceBandPercent: int('PRICE_BAND_PERCENT', 500, 0, 1_000_000),
    makerFeeE8: rate('MAKER_FEE', '0.001'),
    takerFeeE8: rate('TAKER_FEE', '0.001'),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    trustProxy: bool('TRUST_PROXY', false),
    sessionTtlSeconds: int('SESSION_TTL_SECONDS', 43_200, 60, 86_400 * 365),
    secureCookies: bool('SECURE_COOKIES', publicUrl?.startsWith('https:') === true),
    rateLimitPerMinute: Object.fromEntries(
      Object.entries(RATE_LIMIT_VARS).flatMap(([cls, name]) =>
        get(name) === undefined ? [] : [[cls, int(name, 1, 1, 1_000_000_000)]],
      ),
    ),
    wsMaxConnectionsPerIp: int('WS_MAX_CONNECTIONS_PER_IP', 50, 0, 1_000_000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** 32 bytes from 64 hex chars or base64(url); null otherwise. */
export function parseServerKey(text: string): Buffer | null {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const b = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (b.length === 32) return b;
  }
  return null;
}
