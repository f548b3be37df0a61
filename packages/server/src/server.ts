/**
 * The runtime: configuration -> a listening server, and back down.
 *
 *   1. lock DATA_DIR, load (or create) the server key and the admin token;
 *   2. open the query store (DATA_DIR/query.db, written by its own thread)
 *      and the exchange: latest snapshot + journal replay, the store
 *      catching up on the way;
 *   3. once the store has caught up: rebuild the in-memory market data from
 *      it and seed the book and the durable balances from the engine (see
 *      app/live-views.ts);
 *   4. on a fresh data directory with SEED_DEMO=1: create the demo data
 *      through the sequencer and print the demo credentials once;
 *   5. build the HTTP app (Open API v2 + ops + admin) and listen.
 *
 * close() is the graceful shutdown: /healthz turns 503, the listener stops,
 * in-flight requests finish (their commands become durable), the sequencer
 * drains and closes the journal, the store closes, the lock is released.
 */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import pino, { type Logger } from 'pino';
import { loadAdminToken } from './app/admin-token.js';
import { encryptSecret, hashPassword, mintApiKey } from './app/auth/index.js';
import { systemClock, type Clock } from './app/clock.js';
import { ConfigError, loadConfig, type Config } from './app/config.js';
import { dataDirWarning, restrictNewFiles, tightenDataDir } from './app/data-dir-modes.js';
import { lockDataDir } from './app/data-lock.js';
import { DurableBalances } from './app/durable-balances.js';
import { attachLiveViews } from './app/live-views.js';
import { MarketData } from './app/market-data/index.js';
import { countingSink, Metrics } from './app/metrics.js';
import { openExchange, type Exchange } from './app/recovery.js';
import { demoBanner } from './app/demo-banner.js';
import { isFreshExchange, seedDemo, type DemoCredentials } from './app/seed.js';
import { describeSnapshotFailure, SnapshotFailedError } from './app/snapshotter.js';
import { beginSeeding, endSeeding, resetInterruptedSeeding } from './app/seed-marker.js';
import { journalDir, snapshotDir } from './journal/index.js';
import { writeSecretFile } from './app/secret-file.js';
import { loadServerKey } from './app/server-key.js';
import { SqliteStore } from './store/sqlite/index.js';
import { adminRoutes } from './http/admin/index.js';
import { buildApp } from './http/app.js';
import { DEFAULT_RATE_LIMITS, defaultAppConfig, type CommandSink } from './http/deps.js';
import { httpLoggerOptions } from './http/logging.js';
import { opsPlugin } from './http/ops/index.js';
import { wsFeedPlugin } from './ws/index.js';

import { VERSION } from './version.js';
export { VERSION };
export const QUERY_DB_FILE = 'query.db';
export const DEMO_CREDENTIALS_FILE = 'demo-credentials.json';

export interface StartOptions {
  readonly config: Config;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Where the one-time demo credentials banner goes (default: stdout, never the logger). */
  readonly console?: (text: string) => void;
  /** Extra plugins after ops and admin (e.g. the websocket feed), or a function making them from the runtime's parts. */
  readonly plugins?: readonly FastifyPluginAsync[] | ((parts: RuntimeParts) => readonly FastifyPluginAsync[]);
}

/** What extra plugins may read, available before the server listens. */
export interface RuntimeParts {
  readonly marketData: MarketData;
  readonly clock: Clock;
  readonly config: Config;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly exchange: Exchange;
  readonly store: SqliteStore;
  readonly marketData: MarketData;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** The URL the server listens on (actual port when PORT=0). */
  readonly url: string;
  readonly port: number;
  /** Demo credentials when this start seeded them (printed once), else null. */
  readonly demo: DemoCredentials | null;
  /** Graceful shutdown; idempotent. */
  close(): Promise<void>;
}

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino(httpLoggerOptions({ level: config.logLevel, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }));
}

/** A free TCP port on `host` (PORT=0: chosen up front so PUBLIC_URL's default can name it). */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function hostUrl(host: string, port: number): string {
  const h = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${h.includes(':') ? `[${h}]` : h}:${port}`;
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const { config } = opts;
  const listenPort = config.port === 0 ? await freePort(config.host) : config.port;
  const publicUrl = config.publicUrl ?? hostUrl(config.host, listenPort);
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? createLogger(config);
  const out = opts.console ?? ((text: string) => process.stdout.write(text));

  restrictNewFiles();
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const unlock = lockDataDir(config.dataDir);
  const tightened = tightenDataDir(config.dataDir, [journalDir(config.dataDir), snapshotDir(config.dataDir)]);
  if (tightened.length > 0) logger.warn({ paths: tightened }, 'removed group/other permissions from data files written by an earlier version');
  const dirWarning = dataDirWarning(config.dataDir);
  if (dirWarning !== null) logger.warn(dirWarning);
  let store: SqliteStore | undefined;
  let exchange: Exchange | undefined;
  try {
    const serverKey = loadServerKey(config.dataDir, config.serverKey);
    if (serverKey.created) logger.info({ file: serverKey.source }, 'created the server key (encrypts API secrets at rest; back it up)');
    const adminToken = loadAdminToken(config.dataDir, config.adminToken);
    if (adminToken.created) logger.info({ file: adminToken.source }, 'created the admin token file');

    const interrupted = resetInterruptedSeeding(config.dataDir, [
      journalDir(config.dataDir),
      snapshotDir(config.dataDir),
      ...['', '-wal', '-shm'].map((suffix) => join(config.dataDir, `${QUERY_DB_FILE}${suffix}`)),
      join(config.dataDir, DEMO_CREDENTIALS_FILE),
    ]);
    if (interrupted !== null) {
      logger.warn({ removed: interrupted }, 'the first start was interrupted while seeding the demo data: starting the exchange over');
    }

    const metrics = new Metrics();
    const fatal = (err: Error): void => {
      logger.fatal({ err }, 'the journal or a projection failed; exiting');
      process.exit(74);
    };
    const sqlite = new SqliteStore({
      path: join(config.dataDir, QUERY_DB_FILE),
      writer: 'worker',
      onWriterError: fatal,
      onCloseWarning: (message) => logger.warn(message),
    });
    store = sqlite;
    metrics.watchStore(() => sqlite.lastAppliedSeq());
    let lastSnapshotSeq = 0;
    exchange = await openExchange({
      dataDir: config.dataDir,
      clock,
      projections: [store],
      snapshotEvery: config.snapshotEvery,
      snapshotKeep: config.snapshotKeep,
      fsync: config.fsync,
      onBatch: (m) => metrics.batch(m),
      onSnapshot: (info) => {
        lastSnapshotSeq = Math.max(lastSnapshotSeq, info.seq);
        metrics.snapshot(info);
        logger.info({ seq: info.seq, file: info.path, bytes: info.bytes }, 'snapshot written');
      },
      // Rate-limited by the snapshotter (the first failure of a run, then at most one a minute); the metric counts each.
      onSnapshotError: (err) =>
        err instanceof SnapshotFailedError
          ? logger.warn({ seq: err.seq, reason: err.reason, consecutive: err.consecutive, nextAttemptSeq: err.nextAttemptSeq }, describeSnapshotFailure(err))
          : logger.warn({ err }, 'snapshot failed (the journal still has everything)'),
      onFatal: fatal,
      log: (line) => logger.info(line),
    });
    lastSnapshotSeq = Math.max(lastSnapshotSeq, exchange.journalInfo.baseSnapshot?.seq ?? 0);
    const seqr = exchange.sequencer;
    metrics.recovered(seqr.durableSeq);
    metrics.watchSnapshotFailures(() => seqr.snapshotFailures);
    metrics.watchDataDir(config.dataDir);
    const marketData = new MarketData({
      engine: exchange.engine,
      store,
      publicBaseUrl: publicUrl,
      onListenerError: (err) => logger.error({ err }, 'market data listener failed'),
    });
    const balances = new DurableBalances();
    await attachLiveViews(exchange, store, { marketData, balances }, clock.now());
    const ex = exchange;
    const counted = countingSink(ex.sequencer, metrics);
    // The HTTP layer's sink: submits counted into the metrics, and the registry's read barrier.
    const sink: CommandSink = { submit: counted.submit, registryDurable: () => ex.sequencer.registryDurable() };

    const credentials = {
      hashPassword,
      mintApiKey,
      encryptSecret: (secret: string) => encryptSecret(secret, serverKey.key),
    };
    const marketDefaults = {
      makerFeeE8: config.makerFeeE8,
      takerFeeE8: config.takerFeeE8,
      priceBandPercent: config.priceBandPercent,
    };

    let demo: DemoCredentials | null = null;
    if (config.seedDemo && isFreshExchange(ex.engine)) {
      beginSeeding(config.dataDir);
      demo = await seedDemo(sink, ex.engine, credentials, marketDefaults);
      writeSecretFile(join(config.dataDir, DEMO_CREDENTIALS_FILE), `${JSON.stringify(demo, null, 2)}\n`);
      endSeeding(config.dataDir);
      logger.info(
        { currencies: ex.engine.currencies().length, markets: ex.engine.markets().length, file: join(config.dataDir, DEMO_CREDENTIALS_FILE) },
        'seeded demo data',
      );
    }

    let shuttingDown = false;
    let ready = false;
    const app = await buildApp(
      {
        engine: ex.engine,
        sequencer: sink,
        store,
        marketData,
        balances,
        clock,
        config: defaultAppConfig({
          serverKey: serverKey.key,
          publicBaseUrl: publicUrl,
          tokenTtlSeconds: config.tokenTtlSeconds,
          trustProxy: config.trustProxy,
          sessionTtlSeconds: config.sessionTtlSeconds,
          secureCookies: config.secureCookies,
          rateLimits: { enabled: config.rateLimits, perMinute: { ...DEFAULT_RATE_LIMITS, ...config.rateLimitPerMinute } },
        }),
      },
      {
        loggerInstance: logger,
        // Before the routes: its @fastify/swagger collects every route's schema for /docs.
        preRoutes: [opsPlugin({ metrics, health: { ready: () => ready, shuttingDown: () => shuttingDown }, publicUrl, version: VERSION })],
        plugins: [
          adminRoutes({
            engine: ex.engine,
            sink,
            balances,
            verifyToken: adminToken.verify,
            credentials,
            snapshot: async () => {
              const info = await ex.sequencer.snapshot();
              return { seq: info.seq, path: info.path, bytes: info.bytes, state_hash: info.stateHash };
            },
            marketDefaults,
          }),
          ...(typeof opts.plugins === 'function' ? opts.plugins({ marketData, clock, config }) : (opts.plugins ?? [])),
        ],
      },
    );

    try {
      await app.listen({ host: config.host, port: listenPort });
    } catch (err) {
      // The demo data exists now and a restart will not seed again: show its one-time secret before failing (port taken, …).
      if (demo !== null) out(demoBanner(demo, publicUrl, join(config.dataDir, DEMO_CREDENTIALS_FILE)));
      throw err;
    }
    const port = (app.server.address() as AddressInfo).port;
    const url = hostUrl(config.host, port);
    ready = true;
    logger.info(
      { url, dataDir: config.dataDir, seq: ex.sequencer.lastSeq, recovery: ex.journalInfo.timings, fsync: config.fsync, rateLimits: config.rateLimits },
      'openmart listening',
    );
    if (demo !== null) out(demoBanner(demo, url, join(config.dataDir, DEMO_CREDENTIALS_FILE)));
    out(`openmart: listening on ${url} (data dir ${config.dataDir})\n`);

    let closing: Promise<void> | null = null;
    const close = (): Promise<void> => {
      closing ??= (async () => {
        shuttingDown = true;
        logger.info('shutting down: draining requests');
        try {
          // Keep-alive connections whose last request was in flight when the listener
          // closed become idle only later: close them as they do.
          const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
          try {
            await app.close();
          } finally {
            clearInterval(sweep);
          }
          if (ex.sequencer.lastSeq > lastSnapshotSeq) {
            // A snapshot at shutdown makes the next start replay nothing; the journal alone would do.
            await ex.sequencer.snapshot().catch((err: unknown) => logger.warn({ err }, 'shutdown snapshot failed'));
          }
          await ex.close();
          logger.info({ seq: ex.sequencer.durableSeq }, 'journal closed');
        } finally {
          await sqlite.close();
          unlock();
        }
      })();
      return closing;
    };
    return { app, exchange: ex, store, marketData, metrics, logger, url, port, demo, close };
  } catch (err) {
    try {
      await exchange?.close();
    } catch {
      /* reported by the original error */
    }
    await store?.close().catch(() => undefined);
    unlock();
    throw err;
  }
}

/**
 * `openmart serve`: run until SIGTERM/SIGINT, then shut down gracefully.
 * Resolves with the process exit code (0 after a clean shutdown; 1 for a
 * configuration or start-up error, or a shutdown that timed out).
 */
export async function serve(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`openmart: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const logger = createLogger(config);
  // The handlers are in place before anything starts: a signal that arrives while the server starts (or just after it
  // printed that it listens) stops it gracefully once it is up, instead of killing it with the default action.
  let server: RunningServer | undefined;
  let signalled = false;
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  const shutDown = (running: RunningServer): void => {
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'graceful shutdown timed out; exiting');
      finish(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    running.close().then(
      () => {
        clearTimeout(timer);
        logger.info('stopped');
        finish(0);
      },
      (err: unknown) => {
        clearTimeout(timer);
        logger.error({ err }, 'shutdown failed');
        finish(1);
      },
    );
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    signalled = true;
    logger.info({ signal }, server === undefined ? 'signal received during start-up: stopping once started' : 'signal received');
    if (server !== undefined) shutDown(server);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    server = await startServer({
      config,
      logger,
      plugins: ({ marketData, clock }) => [
        wsFeedPlugin(
          { marketData, clock },
          { rateLimit: config.rateLimits, trustProxy: config.trustProxy, maxConnectionsPerIp: config.wsMaxConnectionsPerIp },
        ),
      ],
    });
  } catch (err) {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    logger.fatal({ err }, 'start-up failed');
    process.stderr.write(`openmart: start-up failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  if (signalled) shutDown(server);
  return finished;
}
