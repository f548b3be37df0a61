/** Clock skew against a scripted local server whose clock differs from ours. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERRORS, TIMESTAMP_WINDOW_MS } from '@openmart/protocol';
import { AuthenticationError, OpenmartClient } from '../src/index.js';
import { routes, startScriptedServer, tokenIssuer, type Handler } from './helpers/scripted-server.js';

const creds = { apiKey: 'key-1', apiSecret: 'secret-123456' };

/** Like the contract: a timestamp more than 60 s from server time is an expired request. */
function checkTimestamp(serverNow: () => number, then: Handler): Handler {
  return (req) => {
    const ts = Number(req.headers['x-bm-timestamp']);
    if (!/^\d+$/.test(String(req.headers['x-bm-timestamp'])) || Math.abs(ts - serverNow()) > TIMESTAMP_WINDOW_MS) {
      return { status: 401, json: { message: ERRORS.EXPIRED_REQUEST.message, code: ERRORS.EXPIRED_REQUEST.code } };
    }
    return then(req);
  };
}

test('a local clock 90 s behind is corrected: the timestamp sent is within 1 s of the server', async (t) => {
  const seen: number[] = [];
  const srv = await startScriptedServer(
    routes({
      'GET /v2/time': () => ({ json: { server_time: Date.now() } }),
      'POST /v2/authentication': tokenIssuer(),
      'GET /v2/wallet': checkTimestamp(Date.now, (req) => {
        seen.push(Number(req.headers['x-bm-timestamp']) - Date.now());
        return { json: [] };
      }),
    }),
  );
  t.after(() => srv.close());
  const om = new OpenmartClient({ baseUrl: srv.url, ...creds, clock: () => Date.now() - 90_000 });
  await om.wallet();
  assert.equal(seen.length, 1);
  assert.ok(Math.abs(seen[0] as number) <= 1_000, `timestamp off by ${seen[0]} ms`);
  assert.ok(Math.abs(om.clockOffsetMs - 90_000) <= 1_000);
  assert.ok(Math.abs(om.serverTime() - Date.now()) <= 1_000);
  assert.equal(srv.count('GET', '/v2/time'), 1);
});

test('a clock ahead is corrected too, and the sync happens only once', async (t) => {
  const srv = await startScriptedServer(
    routes({
      'GET /v2/time': () => ({ json: { server_time: Date.now() } }),
      'POST /v2/authentication': tokenIssuer(),
      'GET /v2/wallet': checkTimestamp(Date.now, () => ({ json: [] })),
    }),
  );
  t.after(() => srv.close());
  const om = new OpenmartClient({ baseUrl: srv.url, ...creds, clock: () => Date.now() + 3_600_000 });
  await om.wallet();
  await om.wallet();
  assert.equal(srv.count('GET', '/v2/wallet'), 2);
  assert.equal(srv.count('GET', '/v2/time'), 1);
});

test('the offset is measured from the midpoint of the round trip', async (t) => {
  let now = 1_000_000;
  const srv = await startScriptedServer(
    routes({
      'GET /v2/time': () => {
        now += 100; // the request takes 100 ms to arrive...
        const reply = { json: { server_time: 5_000_000 } };
        now += 100; // ...and 100 ms to come back
        return reply;
      },
    }),
  );
  t.after(() => srv.close());
  const om = new OpenmartClient({ baseUrl: srv.url, clock: () => now });
  assert.equal(await om.syncClock(), 5_000_000 - 1_000_100);
});

test('"expired request" makes the client resync once and retry', async (t) => {
  let serverShift = 0;
  const serverNow = () => Date.now() + serverShift;
  const srv = await startScriptedServer(
    routes({
      'GET /v2/time': () => ({ json: { server_time: serverNow() } }),
      'POST /v2/authentication': tokenIssuer(),
      'GET /v2/wallet': checkTimestamp(serverNow, () => ({ json: [] })),
    }),
  );
  t.after(() => srv.close());
  const om = new OpenmartClient({ baseUrl: srv.url, ...creds });
  await om.wallet();
  serverShift = 120_000; // the server's clock jumps two minutes
  await om.wallet();
  assert.equal(srv.count('GET', '/v2/time'), 2);
  assert.equal(srv.count('GET', '/v2/wallet'), 3);
  assert.equal(srv.count('POST', '/v2/authentication'), 1, 'an expired request is not a token problem');
});

test('"expired request" twice is thrown after one resync', async (t) => {
  const srv = await startScriptedServer(
    routes({
      'GET /v2/time': () => ({ json: { server_time: Date.now() } }),
      'POST /v2/authentication': tokenIssuer(),
      'GET /v2/wallet': () => ({ status: 401, json: { message: 'Unauthorized: expired request' } }),
    }),
  );
  t.after(() => srv.close());
  const om = new OpenmartClient({ baseUrl: srv.url, ...creds });
  await assert.rejects(om.wallet(), (e: unknown) => e instanceof AuthenticationError && /expired request/.test(e.message));
  assert.equal(srv.count('GET', '/v2/time'), 2);
  assert.equal(srv.count('GET', '/v2/wallet'), 2);
});

test('syncClock: false never calls /v2/time by itself', async (t) => {
  const srv = await startScriptedServer(
    routes({ 'GET /v2/time': () => ({ json: { server_time: Date.now() } }), 'POST /v2/authentication': tokenIssuer(), 'GET /v2/wallet': () => ({ json: [] }) }),
  );
  t.after(() => srv.close());
  await new OpenmartClient({ baseUrl: srv.url, ...creds, syncClock: false }).wallet();
  assert.equal(srv.count('GET', '/v2/time'), 0);
});

test('opt-in background resync runs on its interval and stops on close()', async (t) => {
  const srv = await startScriptedServer(routes({ 'GET /v2/time': () => ({ json: { server_time: Date.now() + 5_000 } }) }));
  t.after(() => srv.close());
  const om = new OpenmartClient({ baseUrl: srv.url, clockResyncIntervalMs: 25 });
  t.after(() => om.close());
  const deadline = Date.now() + 5_000;
  while (srv.count('GET', '/v2/time') < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const syncs = srv.count('GET', '/v2/time');
  assert.ok(syncs >= 3, `only ${syncs} syncs`);
  assert.ok(Math.abs(om.clockOffsetMs - 5_000) < 1_000);
  om.close();
  await new Promise((r) => setTimeout(r, 250)); // let a sync already in flight land
  const after = srv.count('GET', '/v2/time');
  await new Promise((r) => setTimeout(r, 250));
  assert.equal(srv.count('GET', '/v2/time'), after);
});

test('the background resync timer does not keep the process alive', async () => {
  const { spawnSync } = await import('node:child_process');
  const script = `
    import { OpenmartClient } from ${JSON.stringify(new URL('../src/index.ts', import.meta.url).pathname)};
    new OpenmartClient({ baseUrl: 'http://127.0.0.1:9', clockResyncIntervalMs: 60_000 });
  `;
  const r = spawnSync(process.execPath, ['--conditions=openmart-source', '--import', 'tsx', '--input-type=module', '-e', script], { timeout: 20_000, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
