/**
 * The `tokenStore` option: a stored token that is still good is used without
 * a token request, a stale or malformed one is replaced, a rejected one is
 * cleared and replaced once, a failing store is ignored; and placing an order
 * is re-sent after a rejected token only when the answer was an HTTP 401.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERRORS } from '@openmart/protocol';
import { AuthenticationError, OpenmartClient, type ClientEvent, type StoredToken, type TokenStore } from '../src/index.js';
import { routes, startScriptedServer, timeRoute, tokenIssuer, type Handler } from './helpers/scripted-server.js';

const creds = { apiKey: 'key-1', apiSecret: 'secret-123456' };
const WALLET = [{ id: 'ETH', name: 'Ethereum', available: '1', frozen: '0' }];
const T0 = 1_700_000_000_000;
const INVALID_TOKEN = { status: 401, json: { message: ERRORS.INVALID_TOKEN.message, code: ERRORS.INVALID_TOKEN.code } };

/** A store over one variable that records what the client did with it. */
function memoryStore(initial?: StoredToken): TokenStore & { entry: StoredToken | undefined; calls: string[] } {
  const store = {
    entry: initial,
    calls: [] as string[],
    get() {
      store.calls.push('get');
      return store.entry;
    },
    set(t: StoredToken) {
      store.calls.push(`set ${t.accessToken} ${t.expiresAt}`);
      store.entry = t;
    },
    async clear(accessToken: string) {
      store.calls.push(`clear ${accessToken}`);
      if (store.entry?.accessToken === accessToken) store.entry = undefined;
    },
  };
  return store;
}

/** The wallet answers only tokens in `valid`; 401 INVALID_TOKEN otherwise. */
function walletFor(valid: ReadonlySet<string>): Handler {
  return (req) => (valid.has(String(req.headers['x-bm-authorization']).replace(/^Bearer /, '')) ? { json: WALLET } : INVALID_TOKEN);
}

async function serve(t: { after: (fn: () => unknown) => void }, table: Record<string, Handler>) {
  const srv = await startScriptedServer(routes({ 'GET /v2/time': timeRoute(() => T0), ...table }));
  t.after(() => srv.close());
  return srv;
}

test('a stored token with time left is used: no token request', async (t) => {
  const issue = tokenIssuer();
  const srv = await serve(t, { 'POST /v2/authentication': issue, 'GET /v2/wallet': walletFor(new Set(['stored-1'])) });
  const store = memoryStore({ accessToken: 'stored-1', expiresAt: T0 + 300_000 });
  const events: ClientEvent[] = [];
  const om = new OpenmartClient({ baseUrl: srv.url, ...creds, clock: () => T0, tokenStore: store, logger: (e) => events.push(e) });
  assert.deepEqual(await om.wallet(), WALLET);
  assert.deepEqual(await om.wallet(), WALLET);
  assert.equal(issue.issued(), 0);
  assert.deepEqual(store.calls, ['get'], 'read once, then held');
  assert.ok(events.some((e) => e.type === 'token' && e.action === 'loaded' && e.expiresIn === 300));
  // Never in an event.
  assert.ok(!JSON.stringify(events).includes('stored-1'));
});

test('a stored token with less than the margin left, or a malformed entry, is replaced and the new token stored', async (t) => {
  const cases: Array<[string, unknown]> = [
    ['59 s left', { accessToken: 'old', expiresAt: T0 + 59_000 }],
    ['expired', { accessToken: 'old', expiresAt: T0 - 1 }],
    ['no token', { expiresAt: T0 + 300_000 }],
    ['empty token', { accessToken: '', expiresAt: T0 + 300_000 }],
    ['expiry not a number', { accessToken: 'old', expiresAt: String(T0 + 300_000) }],
    ['expiry NaN', { accessToken: 'old', expiresAt: Number.NaN }],
    ['not an object', 'old'],
  ];
  for (const [name, entry] of cases) {
    const issue = tokenIssuer(900);
    const srv = await serve(t, { 'POST /v2/authentication': issue, 'GET /v2/wallet': walletFor(new Set(['tok-1'])) });
    const store = memoryStore(entry as StoredToken);
    const om = new OpenmartClient({ baseUrl: srv.url, ...creds, clock: () => T0, tokenStore: store });
    assert.deepEqual(await om.wallet(), WALLET, name);
    assert.equal(issue.issued(), 1, name);
    assert.deepEqual(store.calls, ['get', `set tok-1 ${T0 + 900_000}`], name);
    assert.deepEqual(store.entry, { accessToken: 'tok-1', expiresAt: T0 + 900_000 }, name);
  }
});

test('a stored token the server rejects is cleared, replaced once and the call re-sent once', async (t) => {
  const issue = tokenIssuer();
  const srv = await serve(t, { 'POST /v2/authentication': issue, 'GET /v2/wallet': walletFor(new Set(['tok-1'])) });
  const store = memoryStore({ accessToken: 'revoked', expiresAt: T0 + 600_000 });
  const om = new OpenmartClient({ baseUrl: srv.url, ...creds, clock: () => T0, tokenStore: store });
  assert.deepEqual(await om.wallet(), WALLET);
  assert.equal(issue.issued(), 1);
  assert.equal(srv.count('GET', '/v2/wallet'), 2);
  assert.deepEqual(store.calls, ['get', 'clear revoked', 'get', `set tok-1 ${T0 + 900_000}`]);
  assert.equal(store.entry?.accessToken, 'tok-1');
});

test('a store whose clear fails does not hand the rejected token back', async (t) => {
  const issue = tokenIssuer();
  const srv = await serve(t, { 'POST /v2/authentication': issue, 'GET /v2/wallet': walletFor(new Set(['tok-1'])) });
  const stuck: TokenStore = {
    get: () => ({ accessToken: 'revoked', expiresAt: T0 + 600_000 }),
    set: () => undefined,
    clear: () => {
      throw new Error('read-only');
    },
  };
  const om = new OpenmartClient({ baseUrl: srv.url, ...creds, clock: () => T0, tokenStore: stuck });
  assert.deepEqual(await om.wallet(), WALLET);
  assert.equal(issue.issued(), 1);
  assert.equal(srv.count('GET', '/v2/wallet'), 2);
});

test('a failing store is ignored: tokens are requested as without one', async (t) => {
  const issue = tokenIssuer();
  const srv = await serve(t, { 'POST /v2/authentication': issue, 'GET /v2/wallet': walletFor(new Set(['tok-1'])) });
  const broken: TokenStore = {
    get: () => Promise.reject(new Error('disk on fire')),
    set: () => {
      throw new Error('disk on fire');
    },
    clear: () => undefined,
  };
  const events: ClientEvent[] = [];
  const om = new OpenmartClient({ baseUrl: srv.url, ...creds, clock: () => T0, tokenStore: broken, logger: (e) => events.push(e) });
  assert.deepEqual(await om.wallet(), WALLET);
  assert.deepEqual(await om.wallet(), WALLET);
  assert.equal(issue.issued(), 1);
  assert.equal(events.filter((e) => e.type === 'token' && e.action === 'store-failed').length, 2);
});

test('authenticate() asks for a new token even with a stored one, and stores it', async (t) => {
  const issue = tokenIssuer();
  const srv = await serve(t, { 'POST /v2/authentication': issue });
  const store = memoryStore({ accessToken: 'stored-1', expiresAt: T0 + 600_000 });
  const om = new OpenmartClient({ baseUrl: srv.url, ...creds, clock: () => T0, tokenStore: store });
  assert.equal((await om.authenticate()).access_token, 'tok-1');
  assert.deepEqual(store.calls, [`set tok-1 ${T0 + 900_000}`]);
});

test('concurrent calls with an empty store share one token request', async (t) => {
  const issue = tokenIssuer();
  const srv = await serve(t, {
    'POST /v2/authentication': (req) => ({ ...issue(req), delayMs: 30 }),
    'GET /v2/wallet': walletFor(new Set(['tok-1'])),
  });
  const store = memoryStore();
  const om = new OpenmartClient({ baseUrl: srv.url, ...creds, clock: () => T0, tokenStore: store });
  await Promise.all(Array.from({ length: 6 }, () => om.wallet()));
  assert.equal(issue.issued(), 1);
  assert.deepEqual(store.calls, ['get', `set tok-1 ${T0 + 900_000}`]);
});

test('placing an order with a rejected stored token: re-sent once after an HTTP 401', async (t) => {
  const issue = tokenIssuer();
  const srv = await serve(t, {
    'POST /v2/authentication': issue,
    'POST /v2/orders': (req) => (req.headers['x-bm-authorization'] === 'Bearer tok-1' ? { json: { entrust_id: 7 } } : INVALID_TOKEN),
  });
  const store = memoryStore({ accessToken: 'revoked', expiresAt: T0 + 600_000 });
  const om = new OpenmartClient({ baseUrl: srv.url, ...creds, clock: () => T0, tokenStore: store });
  assert.deepEqual(await om.placeOrder({ symbol: 'BMX_ETH', side: 'buy', amount: '1', price: '0.1' }), { entrust_id: 7 });
  assert.equal(srv.count('POST', '/v2/orders'), 2);
  assert.equal(issue.issued(), 1);
});

test('placing an order is not re-sent when "unauthorized" comes without an HTTP 401', async (t) => {
  // A 200 (or any status but 401) proves nothing about whether the order was
  // placed, even with a token-problem code: the error is thrown as it is.
  for (const status of [200, 500, 403]) {
    const issue = tokenIssuer();
    const srv = await serve(t, {
      'POST /v2/authentication': issue,
      'POST /v2/orders': () => ({ status, json: { message: ERRORS.INVALID_TOKEN.message, code: ERRORS.INVALID_TOKEN.code } }),
      'GET /v2/wallet': () => ({ status, json: { message: ERRORS.INVALID_TOKEN.message, code: ERRORS.INVALID_TOKEN.code } }),
    });
    const om = new OpenmartClient({ baseUrl: srv.url, ...creds, clock: () => T0, retries: 0 });
    const err = await om.placeOrder({ symbol: 'BMX_ETH', side: 'buy', amount: '1', price: '0.1' }).catch((e: unknown) => e);
    assert.ok(err instanceof AuthenticationError, `status ${status}: ${String(err)}`);
    assert.equal(err.status, status);
    assert.equal(srv.count('POST', '/v2/orders'), 1, `status ${status}: not re-sent`);
    assert.equal(issue.issued(), 1, `status ${status}: no second token`);
  }
});
