/**
 * The feed registered in the real runtime (startServer's `plugins`): the
 * demo exchange's book arrives over the socket, and the graceful shutdown
 * closes the feed's connections (1001) before the HTTP server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../src/app/clock.js';
import { loadConfig } from '../../src/app/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { wsFeedPlugin } from '../../src/ws/index.js';
import { TestSocket } from './helpers.js';

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
      plugins: [wsFeedPlugin(deps, { rateLimit: config.rateLimits, trustProxy: config.trustProxy })],
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
