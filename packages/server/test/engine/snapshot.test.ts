import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/engine/engine.js';
import { makeWorkload } from '../support/workload.js';

test('restore from a snapshot gives the same hash, and the same hashes after more commands', () => {
  const w = makeWorkload({ seed: 7, count: 6_000, accounts: 50 });
  const original = new Engine();
  for (const c of w.setup) original.apply(c);
  for (const c of w.flow.slice(0, 3_000)) original.apply(c);
  original.apply({ type: 'createApiKey', now: 1, accountId: 1, apiKey: 'k', secretEnc: 'e', memo: 'm', requireSignature: true });
  original.apply({ type: 'issueToken', now: 1, apiKey: 'k', tokenHash: 't', expiresAt: 10 ** 15 });
  original.apply({ type: 'createSession', now: 1, accountId: 2, sessionHash: 's', expiresAt: 10 ** 15 });
  const hash = original.stateHash();
  // Through JSON text, as the journal stores it.
  const snap = JSON.parse(JSON.stringify(original.snapshot())) as ReturnType<Engine['snapshot']>;
  for (const book of ['fast', 'naive'] as const) {
    const restored = Engine.restore(snap, { book });
    assert.equal(restored.stateHash(), hash, `${book}: hash after restore`);
    assert.deepEqual(restored.nextIds(), original.nextIds());
    assert.deepEqual(restored.depth(w.market.symbol, 'buy', 50), original.depth(w.market.symbol, 'buy', 50));
    assert.deepEqual(restored.openOrdersOf(3), original.openOrdersOf(3));
    assert.deepEqual(restored.token('t'), original.token('t'));
  }
  const restored = Engine.restore(snap);
  for (const c of w.flow.slice(3_000)) {
    assert.deepEqual(restored.apply(c), original.apply(c));
  }
  assert.equal(restored.stateHash(), original.stateHash());
  restored.validate();
});

test('restore refuses a snapshot of an unknown version', () => {
  assert.throws(() => Engine.restore({ version: 99 }), /version 99/);
});

test('equal states give equal hashes, different states different ones', () => {
  const a = new Engine();
  const b = new Engine({ book: 'naive' });
  assert.equal(a.stateHash(), b.stateHash());
  a.apply({ type: 'createCurrency', now: 1, currency: { id: 'X', name: 'x', scale: 0, depositEnabled: true, withdrawEnabled: true } });
  assert.notEqual(a.stateHash(), b.stateHash());
  assert.match(a.stateHash(), /^[0-9a-f]{16}$/);
});
