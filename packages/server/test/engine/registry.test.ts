import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/engine/engine.js';
import { FEE_ACCOUNT_ID } from '../../src/engine/types.js';
import { given } from './fixtures.js';

test('a fresh engine hands out account 1 and order 1', () => {
  assert.deepEqual(new Engine().nextIds(), { order: 1, account: 1 });
});

test('createUser stores the user under the fresh account id and reports it', () => {
  const g = given();
  const now = g.now();
  const events = g.ok({ type: 'createUser', now, accountId: 1, email: 'a@example.com', passwordHash: 'scrypt$x' });
  assert.deepEqual(events, [{ type: 'userCreated', accountId: 1, email: 'a@example.com', time: now }]);
  assert.deepEqual(g.engine.user(1), { accountId: 1, email: 'a@example.com', passwordHash: 'scrypt$x', createdAt: now });
  assert.equal(g.engine.userByEmail('a@example.com')?.accountId, 1);
  assert.deepEqual(g.engine.nextIds().account, 2);
  assert.deepEqual(g.engine.balancesOf(1), []);
});

test('currencies are listed in creation order and balancesOf follows it', () => {
  const g = given();
  const u = g.user({ USDT: 5n, BTC: 7n });
  assert.deepEqual(g.engine.currencies().map((c) => c.id), ['BTC', 'USDT']);
  assert.deepEqual(g.engine.balancesOf(u), [{ currency: 'BTC', available: 7n, frozen: 0n }, { currency: 'USDT', available: 5n, frozen: 0n }]);
  assert.deepEqual(g.engine.balance(u, 'NONE'), { available: 0n, frozen: 0n });
  assert.equal(g.engine.currency('BTC')?.scale, 8);
});

test('deposit and withdraw report balanceChanged with their reason', () => {
  const g = given();
  const u = g.user({});
  const now = g.now();
  assert.deepEqual(g.ok({ type: 'deposit', now, accountId: u, currency: 'BTC', amount: 10n }), [{
    type: 'balanceChanged', accountId: u, currency: 'BTC', availableDelta: 10n, frozenDelta: 0n, available: 10n, frozen: 0n, reason: 'deposit', orderId: 0, tradeId: 0, time: now,
  }]);
  const [w] = g.ok({ type: 'withdraw', now, accountId: u, currency: 'BTC', amount: 4n });
  assert.equal(w?.type === 'balanceChanged' && w.reason === 'withdraw' && w.available === 6n, true);
  assert.equal(g.engine.balance(FEE_ACCOUNT_ID, 'BTC').available, 0n);
});

test('API keys: created, listed per account, revoked with their tokens', () => {
  const g = given();
  const u = g.user();
  const v = g.user();
  const now = g.now();
  assert.deepEqual(g.ok({ type: 'createApiKey', now, accountId: u, apiKey: 'k1', secretEnc: 'enc', memo: 'bot', requireSignature: false }), [
    { type: 'apiKeyCreated', accountId: u, apiKey: 'k1', memo: 'bot', time: now },
  ]);
  g.ok({ type: 'createApiKey', now, accountId: u, apiKey: 'k2', secretEnc: 'enc', memo: 'two', requireSignature: true });
  g.ok({ type: 'createApiKey', now, accountId: v, apiKey: 'k3', secretEnc: 'enc', memo: 'v', requireSignature: true });
  assert.deepEqual(g.engine.apiKeysOf(u).map((k) => k.apiKey), ['k1', 'k2']);
  assert.equal(g.engine.apiKey('k2')?.requireSignature, true);
  g.ok({ type: 'issueToken', now, apiKey: 'k1', tokenHash: 't1', expiresAt: now + 1000 });
  g.ok({ type: 'issueToken', now, apiKey: 'k2', tokenHash: 't2', expiresAt: now + 1000 });
  assert.deepEqual(g.engine.token('t1'), { apiKey: 'k1', expiresAt: now + 1000 });
  assert.deepEqual(g.ok({ type: 'revokeApiKey', now, accountId: u, apiKey: 'k1' }), [{ type: 'apiKeyRevoked', accountId: u, apiKey: 'k1', time: now }]);
  assert.equal(g.engine.apiKey('k1'), undefined);
  assert.equal(g.engine.token('t1'), undefined);
  assert.ok(g.engine.token('t2'));
});

test('issuing a token prunes tokens that expired by the command time', () => {
  const g = given();
  const u = g.user();
  g.ok({ type: 'createApiKey', now: 10, accountId: u, apiKey: 'k', secretEnc: 'e', memo: '', requireSignature: false });
  assert.deepEqual(g.ok({ type: 'issueToken', now: 100, apiKey: 'k', tokenHash: 'old', expiresAt: 200 }), [{ type: 'credentialChanged', kind: 'token' }]);
  g.ok({ type: 'issueToken', now: 150, apiKey: 'k', tokenHash: 'mid', expiresAt: 300 });
  g.ok({ type: 'issueToken', now: 200, apiKey: 'k', tokenHash: 'new', expiresAt: 400 });
  assert.equal(g.engine.token('old'), undefined);
  assert.ok(g.engine.token('mid'));
  assert.ok(g.engine.token('new'));
});

test('pruning stops at the first live token: an entry behind it waits, and is dropped once the ones before it expire', () => {
  const g = given();
  const u = g.user();
  g.ok({ type: 'createApiKey', now: 10, accountId: u, apiKey: 'k', secretEnc: 'e', memo: '', requireSignature: false });
  g.ok({ type: 'issueToken', now: 100, apiKey: 'k', tokenHash: 'a', expiresAt: 200 });
  g.ok({ type: 'issueToken', now: 110, apiKey: 'k', tokenHash: 'b', expiresAt: 400 });
  // Shorter-lived than the one before it (the lifetime was lowered): out of expiry order.
  g.ok({ type: 'issueToken', now: 120, apiKey: 'k', tokenHash: 'c', expiresAt: 250 });
  g.ok({ type: 'issueToken', now: 300, apiKey: 'k', tokenHash: 'd', expiresAt: 900 });
  assert.equal(g.engine.token('a'), undefined);
  assert.deepEqual(g.engine.token('c'), { apiKey: 'k', expiresAt: 250 }, 'expired but behind a live one: kept (never honoured: callers check expiresAt)');
  g.ok({ type: 'issueToken', now: 500, apiKey: 'k', tokenHash: 'e', expiresAt: 1100 });
  assert.equal(g.engine.token('b'), undefined);
  assert.equal(g.engine.token('c'), undefined);
  assert.ok(g.engine.token('d'));
  assert.ok(g.engine.token('e'));
});

test('sessions: created, pruned when expired, ended once', () => {
  const g = given();
  const u = g.user();
  assert.deepEqual(g.ok({ type: 'createSession', now: 100, accountId: u, sessionHash: 's1', expiresAt: 150 }), [{ type: 'credentialChanged', kind: 'sessionCreated' }]);
  g.ok({ type: 'createSession', now: 120, accountId: u, sessionHash: 's2', expiresAt: 500 });
  assert.deepEqual(g.engine.session('s2'), { accountId: u, expiresAt: 500 });
  g.ok({ type: 'createSession', now: 160, accountId: u, sessionHash: 's3', expiresAt: 500 });
  assert.equal(g.engine.session('s1'), undefined);
  assert.deepEqual(g.ok({ type: 'endSession', now: 170, sessionHash: 's2' }), [{ type: 'credentialChanged', kind: 'sessionEnded' }]);
  assert.equal(g.engine.session('s2'), undefined);
  const again = g.apply({ type: 'endSession', now: 171, sessionHash: 's2' });
  assert.equal(again.ok ? 'ok' : again.code, 'SESSION_NOT_FOUND');
});
