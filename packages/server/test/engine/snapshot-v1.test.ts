/**
 * Snapshot format 2 has no per-id owner list; format 1 (with `orderOwners`)
 * is still restored, to the same state hash, after its list is checked.
 * Restore refuses order ids that cannot be right in either format.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineSnapshot } from '../../src/engine/types.js';
import { Engine } from '../../src/engine/engine.js';
import { makeWorkload } from '../support/workload.js';

type OrderTuple = [number, number, ...unknown[]];
interface Snap extends EngineSnapshot {
  lastOrderId: number;
  books: Array<{ symbol: string; orders: OrderTuple[] }>;
}

/** An engine after part of the workload, and the owner of every order id it accepted. */
function engineWithOwners(): { engine: Engine; owners: number[]; rest: ReturnType<typeof makeWorkload>['flow'] } {
  const w = makeWorkload({ seed: 11, count: 8_000, accounts: 40 });
  const engine = new Engine();
  const owners: number[] = [];
  for (const c of w.setup) assert.ok(engine.apply(c).ok);
  for (const c of w.flow.slice(0, 5_000)) {
    const out = engine.apply(c);
    if (out.ok && c.type === 'placeOrder') owners.push(c.accountId);
  }
  assert.equal(owners.length, engine.nextIds().order - 1);
  return { engine, owners, rest: w.flow.slice(5_000) };
}

/** The state as the engine before format 2 wrote it: the same fields, version 1, orderOwners last. */
function asV1(snap: EngineSnapshot, owners: readonly number[]): EngineSnapshot {
  return JSON.parse(JSON.stringify({ ...snap, version: 1, orderOwners: owners })) as EngineSnapshot;
}

function copy(snap: EngineSnapshot): Snap {
  return JSON.parse(JSON.stringify(snap)) as Snap;
}

test('snapshots are format 2, without a per-id owner list', () => {
  const { engine } = engineWithOwners();
  const snap = engine.snapshot();
  assert.equal(snap.version, 2);
  assert.equal('orderOwners' in snap, false);
});

test('a format-1 snapshot restores to the state hash of the engine that wrote it, and goes on identically', () => {
  const { engine, owners, rest } = engineWithOwners();
  const v1 = asV1(engine.snapshot(), owners);
  for (const book of ['fast', 'naive'] as const) {
    const restored = Engine.restore(v1, { book });
    assert.equal(restored.stateHash(), engine.stateHash(), `${book}: hash after restore`);
    assert.deepEqual(restored.snapshot(), engine.snapshot());
    assert.deepEqual(restored.nextIds(), engine.nextIds());
  }
  const restored = Engine.restore(v1);
  for (const c of rest) assert.deepEqual(restored.apply(c), engine.apply(c));
  assert.equal(restored.stateHash(), engine.stateHash());
  restored.validate();
});

test('a format-1 snapshot whose owner list cannot be right is refused', () => {
  const { engine, owners } = engineWithOwners();
  const snap = copy(engine.snapshot());
  const open = snap.books.flatMap((b) => b.orders)[0] as OrderTuple;
  const [id, accountId] = open;
  const wrongOwner = owners.map((o, i) => (i === id - 1 ? (accountId === 1 ? 2 : 1) : o));
  assert.throws(() => Engine.restore(asV1(snap, wrongOwner)), new RegExp(`order ${id} owner disagrees`));
  assert.throws(() => Engine.restore(asV1(snap, owners.slice(1))), /order owners for last order id/);
  assert.throws(() => Engine.restore(asV1(snap, [...owners, 1])), /order owners for last order id/);
  assert.throws(() => Engine.restore(asV1(snap, owners.map((o, i) => (i === 0 ? 0 : o)))), /order 1 has owner 0/);
  assert.throws(() => Engine.restore(asV1(snap, owners.map((o, i) => (i === 0 ? 9_999 : o)))), /order 1 has owner 9999/);
  const { orderOwners: _, ...noOwners } = asV1(snap, owners) as EngineSnapshot & { orderOwners: unknown };
  assert.throws(() => Engine.restore(noOwners), /version 1 without orderOwners/);
});

test('restore refuses order ids outside 1..lastOrderId and ids that appear twice', () => {
  const { engine, owners } = engineWithOwners();
  const good = copy(engine.snapshot());
  const first = (): OrderTuple => (good.books[0]?.orders[0] ?? assert.fail('no open order')) as OrderTuple;
  const withFirstId = (id: number): Snap => {
    const s = copy(good);
    (s.books[0]?.orders[0] as OrderTuple)[0] = id;
    return s;
  };
  for (const id of [good.lastOrderId + 1, 0, -3, 1.5]) {
    assert.throws(() => Engine.restore(withFirstId(id)), /is not in 1\.\./, `id ${id}`);
    assert.throws(() => Engine.restore(asV1(withFirstId(id), owners)), /is not in 1\.\./, `v1, id ${id}`);
  }
  const twice = copy(good);
  const book = twice.books[0] as Snap['books'][number];
  book.orders.push([...first()] as OrderTuple);
  assert.throws(() => Engine.restore(twice), new RegExp(`order id ${first()[0]} appears twice`));
  assert.throws(() => Engine.restore({ ...copy(good), lastOrderId: -1 }), /last order id -1/);
  assert.throws(() => Engine.restore({ ...copy(good), lastOrderId: 2.5 }), /last order id 2\.5/);
  assert.doesNotThrow(() => Engine.restore(good));
});
