/**
 * `POST /admin/snapshot` when the snapshot cannot be written (a real server
 * whose snapshots directory was replaced by a file): the operator gets the
 * reason as a JSON error, the server keeps serving, and /metrics counts the
 * failure and shows the data directory's free space.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERRORS } from '@openmart/protocol';
import type { RunningServer } from '../../src/server.js';
import { startInProcessServer, type InProcessServer } from './in-process-server.js';
import { adminCall } from '../e2e/support.js';

let dir: string;
let server: RunningServer;
let token: string;

let running: InProcessServer;

before(async () => {
  running = await startInProcessServer('openmart-admin-snapfail-');
  ({ dir, server, token } = running);
});

after(() => running.close());

test('a failed snapshot answers 503 SNAPSHOT_FAILED with its reason; commands go on; the failure is counted', async () => {
  const call = (method: string, path: string, body?: unknown) => adminCall(server.url, token, method, path, body);
  assert.equal((await call('POST', '/admin/currencies', { id: 'BMX', name: 'BitMart Token', scale: 8 })).status, 200);
  const ok = await call('POST', '/admin/snapshot');
  assert.equal(ok.status, 200, JSON.stringify(ok.body));

  const snapshots = join(dir, 'snapshots');
  rmSync(snapshots, { recursive: true, force: true });
  writeFileSync(snapshots, 'in the way');

  assert.equal((await call('POST', '/admin/currencies', { id: 'ETH', name: 'Ethereum', scale: 18 })).status, 200);
  const r = await call('POST', '/admin/snapshot');
  assert.equal(r.status, 503, JSON.stringify(r.body));
  assert.equal(r.body.code, ERRORS.SNAPSHOT_FAILED.code);
  assert.match(r.body.message, /^snapshot at seq \d+ failed: E(EXIST|NOTDIR)\b/);

  // Not fatal: the journal takes commands as before.
  assert.equal((await call('POST', '/admin/currencies', { id: 'USDT', name: 'Tether', scale: 6 })).status, 200);
  assert.equal(server.exchange.sequencer.failed, null);

  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  assert.match(metrics, /^openmart_snapshot_failures_total 1$/m);
  assert.match(metrics, /^openmart_snapshots_total 1$/m);
  const free = /^openmart_data_dir_free_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)$/m.exec(metrics);
  assert.ok(free !== null && Number(free[1]) > 0, 'openmart_data_dir_free_bytes');
});
