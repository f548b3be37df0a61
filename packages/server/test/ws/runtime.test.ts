/**
 * The feed registered in the real runtime (startServer's `plugins`): the
 * demo exchange's book arrives over the socket, and the graceful shutdown
 * closes the feed's connections (1001) before the HTTP server.
 * WS_MAX_CONNECTIONS_PER_IP reaches the feed of `openmart serve`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../src/app/clock.js';
import { ConfigError, loadConfig } from '../../src/app/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { wsFeedPlugin } from '../../src/ws/index.js';
import { startServerProcess } from '../e2e/support.js';
import { refusedUpgrade, TestSocket } from './helpers.js';

test('the feed runs in the runtime and shuts down with it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'openmart-ws-runtime-'));
  let running: RunningServer | undefined;
  try {
    const config = loadConfig({ DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'silent', FSYNC: '0', RATE_LIMITS: 'off', SNAPSHOT_EVERY: '0' });
    const deps = () => {
      if (running === undefined) throw new Error('not started');
      return { marketData: running.marketData, clock: systemClock };
    };
    running = await startServer({
      config,
      console: () => undefined,
      plugins: [wsFeedPlugin(deps, { rateLimit: config.rateLimits, trustProxy: config.trustProxy, maxConnectionsPerIp: config.wsMaxConnectionsPerIp })],
    });
    const sock = await TestSocket.open(`${running.url.replace(/^http/, 'ws')}/`);
    sock.send({ subscribe: 'order', symbol: 'BMX_ETH' });
    const depth = await sock.next();
    assert.equal(depth.subscribe, 'depth');
    assert.equal(depth.precision, 8);
    const rest = await (await fetch(`${running.url}/v2/symbols/BMX_ETH/orders`)).json();
    assert.deepEqual(depth.data, rest);
    await running.close();
    assert.deepEqual(await sock.closed, { code: 1001, reason: 'server shutting down' });
  } finally {
    await running?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('WS_MAX_CONNECTIONS_PER_IP: default 50, 0 turns the cap off, anything else than an integer is refused', () => {
  assert.equal(loadConfig({}).wsMaxConnectionsPerIp, 50);
  assert.equal(loadConfig({ WS_MAX_CONNECTIONS_PER_IP: '7' }).wsMaxConnectionsPerIp, 7);
  assert.equal(loadConfig({ WS_MAX_CONNECTIONS_PER_IP: '0' }).wsMaxConnectionsPerIp, 0);
  for (const bad of ['-1', 'many', '2.5']) assert.throws(() => loadConfig({ WS_MAX_CONNECTIONS_PER_IP: bad }), (err: unknown) => err instanceof ConfigError && /WS_MAX_CONNECTIONS_PER_IP/.test(err.message));
});

test('openmart serve caps the feed connections per IP at WS_MAX_CONNECTIONS_PER_IP, with RATE_LIMITS=off too', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'openmart-ws-serve-'));
  const srv = await startServerProcess({ dataDir: dir, env: { WS_MAX_CONNECTIONS_PER_IP: '2', RATE_LIMITS: 'off', SEED_DEMO: '0', FSYNC: '0', LOG_LEVEL: 'warn' } });
  try {
    const url = `${srv.url.replace(/^http/, 'ws')}/ws`;
    const open = [await TestSocket.open(url), await TestSocket.open(url)];
    const r = await refusedUpgrade(url);
    assert.equal(r.status, 429);
    assert.deepEqual(JSON.parse(r.body), { message: 'Too many open connections: at most 2 per IP', code: 4000 });
    for (const s of open) s.close();
    assert.equal(await srv.stop('SIGTERM'), 0);
  } finally {
    await srv.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
