/** Retries, timeouts and network errors against a scripted local server, with an injected sleep. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERRORS } from '@openmart/protocol';
import { BadRequestError, NetworkError, OpenmartClient, RateLimitError, ServerError, backoffDelay, type ClientEvent } from '../src/index.js';
import { routes, startScriptedServer, timeRoute, tokenIssuer, type Reply } from './helpers/scripted-server.js';

const creds = { apiKey: 'key-1', apiSecret: 'secret-123456' };
const TICKER = { symbol_id: 'BMX_ETH', current_price: '0.0005' };

/** A sleep that records the waits and returns at once. */
function recordingSleep() {
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
  };
  return { waits, sleep };
}

/** Answers from `script` in turn, then `last` for ever. */
function sequence(script: Reply[], last: Reply): () => Reply {
  let i = 0;
  return () => script[i++] ?? last;
}

test('429 is retried after exactly Retry-After seconds', async (t) => {
  const srv = await startScriptedServer(
    routes({
      'GET /v2/ticker': sequence([{ status: 429, headers: { 'retry-after': '2' }, json: { message: 'Too many requests', code: 4000 } }], { json: TICKER }),
    }),
  );
  t.after(() => srv.close());
  const { waits, sleep } = recordingSleep();
  const events: ClientEvent[] = [];
  const om = new OpenmartClient({ baseUrl: srv.url, sleep, logger: (e) => events.push(e) });
  assert.deepEqual(await om.ticker('BMX_ETH'), TICKER);
  assert.deepEqual(waits, [2000]);
  assert.equal(srv.count('GET', '/v2/ticker'), 2);
  assert.ok(events.some((e) => e.type === 'retry' && e.reason === '429' && e.delayMs === 2000));
});

test('persistent 429 gives up after `retries` retries with a RateLimitError', async (t) => {
  const srv = await startScriptedServer(
    routes({ 'GET /v2/symbols': () => ({ status: 429, headers: { 'retry-after': '1' }, json: { message: 'Too many requests', code: 4000 } }) }),
  );
  t.after(() => srv.close());
  const { waits, sleep } = recordingSleep();
  const err = await new OpenmartClient({ baseUrl: srv.url, sleep, retries: 3 }).symbols().catch((e: unknown) => e);
  assert.ok(err instanceof RateLimitError);
  assert.equal(err.retryAfter, 1);
  assert.equal(err.attempts, 4);
  assert.deepEqual(waits, [1000, 1000, 1000]);
  assert.equal(srv.count('GET', '/v2/symbols'), 4);
});

test('a Retry-After longer than maxRetryAfterMs is thrown, not waited for', async (t) => {
  const srv = await startScriptedServer(routes({ 'GET /v2/symbols': () => ({ status: 429, headers: { 'retry-after': '3600' }, json: { message: 'Too many requests' } }) }));
  t.after(() => srv.close());
  const { waits, sleep } = recordingSleep();
  await assert.rejects(new OpenmartClient({ baseUrl: srv.url, sleep }).symbols(), (e: unknown) => e instanceof RateLimitError && e.retryAfter === 3600);
  assert.deepEqual(waits, []);
});

test('5xx on a read is retried with exponential backoff and jitter', async (t) => {
  const srv = await startScriptedServer(
    routes({
      'GET /v2/currencies': sequence(
        [
          { status: 503, json: { message: ERRORS.UNAVAILABLE.message, code: ERRORS.UNAVAILABLE.code } },
          { status: 500, json: { message: 'Internal server error', code: 5000 } },
        ],
        { json: [] },
      ),
    }),
  );
  t.after(() => srv.close());
  const { waits, sleep } = recordingSleep();
  const om = new OpenmartClient({ baseUrl: srv.url, sleep, random: () => 0.5, retryBaseDelayMs: 100 });
  assert.deepEqual(await om.currencies(), []);
  assert.deepEqual(waits, [75, 150]);
});

test('backoff doubles, is capped, and jitters between half and all of the step', () => {
  assert.equal(backoffDelay(1, 100, 1000, () => 0), 50);
  assert.equal(backoffDelay(1, 100, 1000, () => 0.999999), 100);
  assert.equal(backoffDelay(3, 100, 1000, () => 0), 200);
  assert.equal(backoffDelay(10, 100, 1000, () => 0.999999), 1000);
});

test('a 400 is never retried', async (t) => {
  const srv = await startScriptedServer(routes({ 'GET /v2/symbols/X': () => ({ status: 400, json: { message: 'Unknown symbol', code: 3000 } }) }));
  t.after(() => srv.close());
  const { waits, sleep } = recordingSleep();
  await assert.rejects(new OpenmartClient({ baseUrl: srv.url, sleep }).symbolDetails('X'), BadRequestError);
  assert.equal(srv.count('GET', '/v2/symbols/X'), 1);
  assert.deepEqual(waits, []);
});

test('a failed order POST is sent once: 500 rejects with ServerError', async (t) => {
  const srv = await startScriptedServer(
    routes({
      'GET /v2/time': timeRoute(),
      'POST /v2/authentication': tokenIssuer(),
      'POST /v2/orders': () => ({ status: 500, json: { message: 'Internal server error', code: 5000 } }),
    }),
  );
  t.after(() => srv.close());
  const { waits, sleep } = recordingSleep();
  const om = new OpenmartClient({ baseUrl: srv.url, ...creds, sleep });
  await assert.rejects(om.placeOrder({ symbol: 'BMX_ETH', side: 'buy', amount: '1', price: '1' }), (e: unknown) => e instanceof ServerError && e.status === 500);
  assert.equal(srv.count('POST', '/v2/orders'), 1);
  assert.deepEqual(waits, []);
});

test('an order POST is not retried on 429 or on a dropped connection either', async (t) => {
  let n = 0;
  const srv = await startScriptedServer(
    routes({
      'GET /v2/time': timeRoute(),
      'POST /v2/authentication': tokenIssuer(),
      'POST /v2/orders': () => (++n === 1 ? { status: 429, headers: { 'retry-after': '1' }, json: { message: 'Too many requests', code: 4000 } } : { destroy: true }),
    }),
  );
  t.after(() => srv.close());
  const { sleep } = recordingSleep();
  const om = new OpenmartClient({ baseUrl: srv.url, ...creds, sleep });
  const order = { symbol: 'BMX_ETH', side: 'buy', amount: '1', price: '1' } as const;
  await assert.rejects(om.placeOrder(order), RateLimitError);
  await assert.rejects(om.placeOrder(order), NetworkError);
  assert.equal(srv.count('POST', '/v2/orders'), 2);
});

test('a cancel is retried on 503 by default and not with retryCancels: false', async (t) => {
  let n = 0;
  const srv = await startScriptedServer(
    routes({
      'GET /v2/time': timeRoute(),
      'POST /v2/authentication': tokenIssuer(),
      'DELETE /v2/orders/3': () => (++n % 2 === 1 ? { status: 503, json: { message: ERRORS.UNAVAILABLE.message, code: 5001 } } : { json: {} }),
    }),
  );
  t.after(() => srv.close());
  const { sleep } = recordingSleep();
  await new OpenmartClient({ baseUrl: srv.url, ...creds, sleep }).cancelOrder(3);
  assert.equal(srv.count('DELETE', '/v2/orders/3'), 2);
  await assert.rejects(new OpenmartClient({ baseUrl: srv.url, ...creds, sleep, retryCancels: false }).cancelOrder(3), ServerError);
  assert.equal(srv.count('DELETE', '/v2/orders/3'), 3);
});

test('a dropped connection on a read is retried', async (t) => {
  const srv = await startScriptedServer(routes({ 'GET /v2/steps': sequence([{ destroy: true }], { json: [1, 3, 5] }) }));
  t.after(() => srv.close());
  const { waits, sleep } = recordingSleep();
  assert.deepEqual(await new OpenmartClient({ baseUrl: srv.url, sleep }).steps(), [1, 3, 5]);
  assert.equal(waits.length, 1);
  assert.equal(srv.count('GET', '/v2/steps'), 2);
});

test('connection refused rejects with NetworkError after the retries', async () => {
  const srv = await startScriptedServer(() => ({ json: {} }));
  const url = srv.url;
  await srv.close();
  const { waits, sleep } = recordingSleep();
  const err = await new OpenmartClient({ baseUrl: url, sleep, retries: 2 }).ping().catch((e: unknown) => e);
  assert.ok(err instanceof NetworkError);
  assert.equal(err.status, 0);
  assert.equal(err.timedOut, false);
  assert.equal(err.attempts, 3);
  assert.equal(waits.length, 2);
  assert.match(err.message, /GET \/v2\/ping failed/);
});

test('a slow answer times out with NetworkError (timedOut)', async (t) => {
  const srv = await startScriptedServer(routes({ 'GET /v2/ping': () => ({ json: {}, delayMs: 1_000 }) }));
  t.after(() => srv.close());
  const started = Date.now();
  const err = await new OpenmartClient({ baseUrl: srv.url, timeoutMs: 50, retries: 0 }).ping().catch((e: unknown) => e);
  assert.ok(err instanceof NetworkError);
  assert.equal(err.timedOut, true);
  assert.match(err.message, /timed out after 50 ms/);
  assert.ok(Date.now() - started < 800);
});

test('a timed-out read is retried and can then succeed', async (t) => {
  const srv = await startScriptedServer(routes({ 'GET /v2/ping': sequence([{ json: {}, delayMs: 800 }], { json: {} }) }));
  t.after(() => srv.close());
  const { waits, sleep } = recordingSleep();
  await new OpenmartClient({ baseUrl: srv.url, timeoutMs: 300, sleep }).ping();
  assert.equal(waits.length, 1);
  assert.equal(srv.count('GET', '/v2/ping'), 2);
});

test('the token request is retried on 429 with Retry-After', async (t) => {
  const issue = tokenIssuer();
  const srv = await startScriptedServer(
    routes({
      'GET /v2/time': timeRoute(),
      'POST /v2/authentication': sequence([{ status: 429, headers: { 'retry-after': '12' }, json: { message: 'Too many requests', code: 4000 } }], issue()),
      'GET /v2/wallet': () => ({ json: [] }),
    }),
  );
  t.after(() => srv.close());
  const { waits, sleep } = recordingSleep();
  await new OpenmartClient({ baseUrl: srv.url, ...creds, sleep }).wallet();
  assert.deepEqual(waits, [12_000]);
  assert.equal(srv.count('POST', '/v2/authentication'), 2);
});
