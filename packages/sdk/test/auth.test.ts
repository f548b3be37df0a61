/** Token lifecycle against a scripted local server: single flight, refresh on 401, refresh before expiry. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERRORS } from '@openmart/protocol';
import { AuthenticationError, OpenmartClient } from '../src/index.js';
import { routes, startScriptedServer, timeRoute, tokenIssuer } from './helpers/scripted-server.js';

const creds = { apiKey: 'key-1', apiSecret: 'secret-123456' };
const WALLET = [{ id: 'ETH', name: 'Ethereum', available: '1', frozen: '0' }];

test('concurrent calls share one token request and one clock sync', async (t) => {
  const issue = tokenIssuer();
  const srv = await startScriptedServer(
    routes({
      'GET /v2/time': () => ({ json: { server_time: Date.now() }, delayMs: 20 }),
      'POST /v2/authentication': (req) => ({ ...issue(req), delayMs: 50 }),
      'GET /v2/wallet': () => ({ json: WALLET }),
    }),
  );
  t.after(() => srv.close());
  const om = new OpenmartClient({ baseUrl: srv.url, ...creds });
  const results = await Promise.all(Array.from({ length: 8 }, () => om.wallet()));
  assert.equal(results.length, 8);
  assert.equal(srv.count('POST', '/v2/authentication'), 1);
  assert.equal(srv.count('GET', '/v2/time'), 1);
  assert.equal(srv.count('GET', '/v2/wallet'), 8);
  assert.ok(srv.requests.filter((r) => r.path === '/v2/wallet').every((r) => r.headers['x-bm-authorization'] === 'Bearer tok-1'));
  // And the token is reused afterwards.
  await om.wallet();
  assert.equal(srv.count('POST', '/v2/authentication'), 1);
});

test('authenticate() forces a new token; concurrent calls share it', async (t) => {
  const issue = tokenIssuer();
  const srv = await startScriptedServer(routes({ 'POST /v2/authentication': (req) => ({ ...issue(req), delayMs: 20 }) }));
  t.after(() => srv.close());
  const om = new OpenmartClient({ baseUrl: srv.url, ...creds });
  const [a, b] = await Promise.all([om.authenticate(), om.authenticate()]);
  assert.deepEqual(a, { access_token: 'tok-1', expires_in: 900 });
  assert.equal(b.access_token, 'tok-1');
  assert.equal((await om.authenticate()).access_token, 'tok-2');
});

test('a rejected token is refreshed once and the request retried', async (t) => {
  const issue = tokenIssuer();
  const srv = await startScriptedServer(
    routes({
      'GET /v2/time': timeRoute(),
      'POST /v2/authentication': issue,
      'GET /v2/wallet': (req) =>
        req.headers['x-bm-authorization'] === 'Bearer tok-1'
          ? { status: 401, json: { message: ERRORS.INVALID_TOKEN.message, code: ERRORS.INVALID_TOKEN.code } }
          : { json: WALLET },
    }),
  );
  t.after(() => srv.close());
  const om = new OpenmartClient({ baseUrl: srv.url, ...creds });
  assert.deepEqual(await om.wallet(), WALLET);
  assert.equal(issue.issued(), 2);
  assert.equal(srv.count('GET', '/v2/wallet'), 2);
});

test('concurrent 401s lead to a single refresh', async (t) => {
  const issue = tokenIssuer();
  const srv = await startScriptedServer(
    routes({
      'GET /v2/time': timeRoute(),
      'POST /v2/authentication': (req) => ({ ...issue(req), delayMs: 30 }),
      'GET /v2/wallet': (req) =>
        req.headers['x-bm-authorization'] === 'Bearer tok-1' ? { status: 401, json: { message: 'Unauthorized' } } : { json: WALLET },
    }),
  );
  t.after(() => srv.close());
  const om = new OpenmartClient({ baseUrl: srv.url, ...creds });
  await om.authenticate();
  await Promise.all(Array.from({ length: 5 }, () => om.wallet()));
  assert.equal(issue.issued(), 2);
});

test('a second 401 after the refresh is thrown, with no third token', async (t) => {
  const issue = tokenIssuer();
  const srv = await startScriptedServer(
    routes({
      'GET /v2/time': timeRoute(),
      'POST /v2/authentication': issue,
      'GET /v2/wallet': () => ({ status: 401, json: { message: ERRORS.UNAUTHORIZED.message, code: ERRORS.UNAUTHORIZED.code } }),
    }),
  );
  t.after(() => srv.close());
  const om = new OpenmartClient({ baseUrl: srv.url, ...creds });
  await assert.rejects(om.wallet(), (e: unknown) => e instanceof AuthenticationError && e.status === 401 && e.path === '/v2/wallet');
  assert.equal(issue.issued(), 2);
  assert.equal(srv.count('GET', '/v2/wallet'), 2);
});

test('a bad signature is not "fixed" by a new token', async (t) => {
  const issue = tokenIssuer();
  const srv = await startScriptedServer(
    routes({
      'GET /v2/time': timeRoute(),
      'POST /v2/authentication': issue,
      'DELETE /v2/orders/5': () => ({ status: 401, json: { message: ERRORS.INVALID_SIGNATURE.message, code: ERRORS.INVALID_SIGNATURE.code } }),
    }),
  );
  t.after(() => srv.close());
  await assert.rejects(new OpenmartClient({ baseUrl: srv.url, ...creds }).cancelOrder(5), AuthenticationError);
  assert.equal(issue.issued(), 1);
  assert.equal(srv.count('DELETE', '/v2/orders/5'), 1);
});

test('bad credentials reject with AuthenticationError after one token request', async (t) => {
  const srv = await startScriptedServer(
    routes({
      'GET /v2/time': timeRoute(),
      'POST /v2/authentication': () => ({ status: 401, json: { message: ERRORS.INVALID_CREDENTIALS.message, code: ERRORS.INVALID_CREDENTIALS.code } }),
    }),
  );
  t.after(() => srv.close());
  const err = await new OpenmartClient({ baseUrl: srv.url, ...creds }).wallet().catch((e: unknown) => e);
  assert.ok(err instanceof AuthenticationError);
  assert.equal(err.path, '/v2/authentication');
  assert.equal(err.errorName, 'INVALID_CREDENTIALS');
  assert.equal(srv.count('POST', '/v2/authentication'), 1);
});

test('the token is renewed shortly before expires_in runs out (fake clock)', async (t) => {
  let now = 1_700_000_000_000;
  const issue = tokenIssuer(900);
  const srv = await startScriptedServer(
    routes({
      'GET /v2/time': () => ({ json: { server_time: now } }),
      'POST /v2/authentication': issue,
      'GET /v2/wallet': () => ({ json: WALLET }),
    }),
  );
  t.after(() => srv.close());
  const om = new OpenmartClient({ baseUrl: srv.url, ...creds, clock: () => now, tokenRefreshMarginMs: 60_000 });
  await om.wallet();
  now += 839_000; // 61 s left: still good
  await om.wallet();
  assert.equal(issue.issued(), 1);
  now += 2_000; // 59 s left: inside the margin
  await om.wallet();
  assert.equal(issue.issued(), 2);
  const auths = srv.requests.filter((r) => r.path === '/v2/wallet').map((r) => r.headers['x-bm-authorization']);
  assert.deepEqual(auths, ['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2']);
});

test('a short-lived token is still reused for half its life', async (t) => {
  let now = 1_700_000_000_000;
  const issue = tokenIssuer(10);
  const srv = await startScriptedServer(
    routes({ 'GET /v2/time': () => ({ json: { server_time: now } }), 'POST /v2/authentication': issue, 'GET /v2/wallet': () => ({ json: [] }) }),
  );
  t.after(() => srv.close());
  const om = new OpenmartClient({ baseUrl: srv.url, ...creds, clock: () => now });
  await om.wallet();
  now += 4_000;
  await om.wallet();
  assert.equal(issue.issued(), 1);
  now += 2_000;
  await om.wallet();
  assert.equal(issue.issued(), 2);
});

test('an expired token that the server rejects is replaced transparently', async (t) => {
  let now = 1_700_000_000_000;
  const issuedAt = new Map<string, number>();
  let n = 0;
  const srv = await startScriptedServer(
    routes({
      'GET /v2/time': () => ({ json: { server_time: now } }),
      'POST /v2/authentication': () => {
        n += 1;
        issuedAt.set(`tok-${n}`, now);
        return { json: { access_token: `tok-${n}`, expires_in: 900 } };
      },
      'GET /v2/orders/9': (req) => {
        const tok = String(req.headers['x-bm-authorization']).replace('Bearer ', '');
        const at = issuedAt.get(tok);
        // The server's token lifetime is shorter than announced: 100 s.
        if (at === undefined || now - at > 100_000) return { status: 401, json: { message: ERRORS.INVALID_TOKEN.message, code: ERRORS.INVALID_TOKEN.code } };
        return { json: { entrust_id: 9, status: 1 } };
      },
    }),
  );
  t.after(() => srv.close());
  const om = new OpenmartClient({ baseUrl: srv.url, ...creds, clock: () => now });
  await om.order(9);
  now += 200_000;
  assert.equal((await om.order(9)).entrust_id, 9);
  assert.equal(n, 2);
});

test('placing an order is re-sent once after a 401 token rejection (refused before processing)', async (t) => {
  const issue = tokenIssuer();
  const srv = await startScriptedServer(
    routes({
      'GET /v2/time': timeRoute(),
      'POST /v2/authentication': issue,
      'POST /v2/orders': (req) =>
        req.headers['x-bm-authorization'] === 'Bearer tok-1'
          ? { status: 401, json: { message: ERRORS.INVALID_TOKEN.message, code: ERRORS.INVALID_TOKEN.code } }
          : { json: { entrust_id: 7 } },
    }),
  );
  t.after(() => srv.close());
  const om = new OpenmartClient({ baseUrl: srv.url, ...creds });
  assert.deepEqual(await om.placeOrder({ symbol: 'BMX_ETH', side: 'buy', amount: '1', price: '0.1' }), { entrust_id: 7 });
  assert.equal(srv.count('POST', '/v2/orders'), 2);
});
