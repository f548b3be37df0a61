/**
 * attachWsFeed(): the public websocket feed on an existing HTTP server.
 * Listens to the server's `upgrade` event on the configured paths (default
 * `/ws` and `/`), checks the per-IP connection rate, the per-IP cap on open
 * connections and the overall cap (refused upgrades get an HTTP status with
 * a JSON body), then hands the socket to `ws`. Upgrades on other paths are left to other listeners, or
 * answered 404 when the feed is the only one.
 *
 * The dependencies may be given as a function: it is called on the first
 * connection (the runtime builds the market data before the app, tests
 * after), and the feed listens to the market data only from then on.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { CLOSE_GOING_AWAY, FeedClient } from './client.js';
import { ConnectionLimiter } from './connection-limiter.js';
import { Hub } from './hub.js';
import { resolveOptions, type WsFeedOptions } from './options.js';
import type { WsFeedDeps } from './source.js';
import { clientIp, refuseUpgrade, upgradePath } from './upgrade.js';

export interface WsFeed {
  /** Open connections. */
  readonly connections: number;
  /** Topics with at least one subscriber. */
  readonly topics: number;
  /**
   * Stop accepting upgrades, close every connection with 1001 (cut after
   * closeGraceMs), stop listening to the market data. Idempotent.
   */
  close(): Promise<void>;
}

export function attachWsFeed(server: Server, deps: WsFeedDeps | (() => WsFeedDeps), options: WsFeedOptions = {}): WsFeed {
  const opts = resolveOptions(options);
  const paths = new Set(opts.paths);
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxMessageBytes, perMessageDeflate: false, clientTracking: false });
  // A malformed handshake (bad Sec-WebSocket-Key or -Version, a method other than GET) is answered in JSON like every refusal, not with ws's text/html page.
  wss.on('wsClientError', (err: Error, socket: Duplex, req: IncomingMessage) => {
    const version: Record<string, string> = /Sec-WebSocket-Version/.test(err.message) ? { 'Sec-WebSocket-Version': '13, 8' } : {};
    refuseUpgrade(socket, req.method === 'GET' ? 'BAD_REQUEST' : 'METHOD_NOT_ALLOWED', `Bad request: ${err.message}`, version);
  });
  const limiter = opts.rateLimit ? new ConnectionLimiter(opts.connectionIntervalMs, opts.connectionBurst) : undefined;
  const clients = new Set<FeedClient>();
  /** Open connections per client IP (an IP leaves the map with its last connection). */
  const perIp = new Map<string, number>();
  let state: { readonly deps: WsFeedDeps; readonly hub: Hub } | undefined;
  let closing: Promise<void> | undefined;

  const heartbeat = setInterval(() => {
    for (const c of clients) c.heartbeat();
  }, opts.heartbeatMs);
  heartbeat.unref();

  function ready(): { readonly deps: WsFeedDeps; readonly hub: Hub } {
    if (state === undefined) {
      const d = typeof deps === 'function' ? deps() : deps;
      state = { deps: d, hub: new Hub(d, opts) };
    }
    return state;
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!paths.has(upgradePath(req))) {
      if (server.listenerCount('upgrade') <= 1) refuseUpgrade(socket, 'ROUTE_NOT_FOUND');
      return;
    }
    if (closing !== undefined) {
      refuseUpgrade(socket, 'UNAVAILABLE');
      return;
    }
    const ip = clientIp(req, opts.trustProxy);
    // Checked before the rate limit: a refused upgrade does not spend the IP's next connection.
    if (opts.maxConnectionsPerIp > 0 && (perIp.get(ip) ?? 0) >= opts.maxConnectionsPerIp) {
      refuseUpgrade(socket, 'RATE_LIMITED', `Too many open connections: at most ${opts.maxConnectionsPerIp} per IP`);
      return;
    }
    const wait = limiter?.take(ip) ?? 0;
    if (wait > 0) {
      const retryAfter = Math.ceil(wait / 1000);
      refuseUpgrade(socket, 'RATE_LIMITED', `Too many connections: at most ${opts.connectionBurst} per ${opts.connectionIntervalMs} ms per IP, retry after ${retryAfter} s`, {
        'Retry-After': String(retryAfter),
      });
      return;
    }
    if (clients.size >= opts.maxConnections) {
      refuseUpgrade(socket, 'UNAVAILABLE', 'Service unavailable: too many connections');
      return;
    }
    let s: { readonly deps: WsFeedDeps; readonly hub: Hub };
    try {
      s = ready();
    } catch (err) {
      opts.onError(err, 'starting the feed');
      refuseUpgrade(socket, 'INTERNAL');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (closing !== undefined) {
        ws.close(CLOSE_GOING_AWAY, 'server shutting down');
        return;
      }
      // ws calls back synchronously, so the counts checked above are the counts here.
      const client = new FeedClient(ws, ip, s.hub, s.deps.marketData, opts);
      clients.add(client);
      perIp.set(ip, (perIp.get(ip) ?? 0) + 1);
      void client.closed.then(() => {
        clients.delete(client);
        const n = (perIp.get(ip) ?? 1) - 1;
        if (n > 0) perIp.set(ip, n);
        else perIp.delete(ip);
      });
    });
  }

  server.on('upgrade', onUpgrade);

  return {
    get connections() {
      return clients.size;
    },
    get topics() {
      return state?.hub.size ?? 0;
    },
    close() {
      closing ??= (async () => {
        server.off('upgrade', onUpgrade);
        clearInterval(heartbeat);
        limiter?.close();
        const all = [...clients];
        for (const c of all) c.close(CLOSE_GOING_AWAY, 'server shutting down');
        await Promise.all(all.map((c) => c.closed));
        state?.hub.close();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
      })();
      return closing;
    },
  };
}
