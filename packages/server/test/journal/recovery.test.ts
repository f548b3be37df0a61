import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { PlaceOrder } from '../../src/domain/index.js';
import { Engine } from '../../src/engine/engine.js';
import { hashValue } from '../../src/engine/hash.js';
import type { EngineSnapshot } from '../../src/engine/types.js';
import { encodeSnapshot, JournalCorruptError, journalDir, listSegments, listSnapshots, readCommands, snapshotDir, writeSnapshot } from '../../src/journal/index.js';
import { ManualClock } from '../../src/app/clock.js';
import { openExchange, type OpenExchangeOptions } from '../../src/app/recovery.js';
import type { Submitted } from '../../src/app/sequencer.js';
import { RecordingProjection, tempDir, workloadDrafts } from './helpers.js';

const clock = (): ManualClock => new ManualClock(1_700_000_000_000);

/** Submit a seeded workload in chunks of 50; `snapshotEach`: also take a snapshot on demand every that many commands. */
async function run(
  opts: OpenExchangeOptions,
  seed: number,
  count: number,
  snapshotEach = 0,
): Promise<{ hash: string; lastSeq: number; results: Submitted[] }> {
  const ex = await openExchange({ clock: clock(), fsync: false, ...opts });
  const drafts = workloadDrafts(seed, count);
  const results: Submitted[] = [];
  // In chunks, so that there are many batches (and automatic snapshots between them).
  for (let i = 0; i < drafts.length; i += 50) {
    results.push(...(await Promise.all(drafts.slice(i, i + 50).map((d) => ex.sequencer.submit(d)))));
    if (snapshotEach > 0 && (i + 50) % snapshotEach === 0) await ex.sequencer.snapshot();
  }
  const hash = ex.engine.stateHash();
  const lastSeq = ex.sequencer.lastSeq;
  await ex.close();
  return { hash, lastSeq, results };
}

function freshReplayHash(dataDir: string): string {
  const engine = new Engine();
  readCommands(journalDir(dataDir), 0, (_s, c) => {
    const out = engine.apply(c);
    assert.ok(out.ok);
  });
  return engine.stateHash();
}

test('restart without snapshots replays the whole journal to the same state', async (t) => {
  const dataDir = tempDir(t, 'rec');
  const live = await run({ dataDir, snapshotEvery: 0 }, 11, 1500);
  const ex = await openExchange({ dataDir, clock: clock(), fsync: false });
  assert.equal(ex.journalInfo.baseSnapshot, null);
  assert.equal(ex.journalInfo.lastSeq, live.lastSeq);
  assert.equal(ex.journalInfo.replayed, live.lastSeq);
  assert.equal(ex.engine.stateHash(), live.hash);
  ex.engine.validate();
  // It carries on: the next command gets the next seq.
  const next = await ex.sequencer.submit({ type: 'deposit', accountId: 1, currency: 'BASE', amount: 5n });
  assert.equal(next.seq, live.lastSeq + 1);
  await ex.close();
});

test('snapshot + journal tail restores the live state hash, equal to a full replay', async (t) => {
  const dataDir = tempDir(t, 'rec');
  const snaps: number[] = [];
  const live = await run({ dataDir, snapshotEvery: 400, onSnapshot: (i) => snaps.push(i.seq) }, 12, 2000);
  // Automatic: after a batch that passes the threshold, unless one is still being written.
  assert.ok(snaps.length >= 1, `snapshots at ${snaps.join(', ')}`);
  const ex = await openExchange({ dataDir, clock: clock(), fsync: false });
  const base = ex.journalInfo.baseSnapshot;
  assert.ok(base !== null && base.seq === listSnapshots(`${dataDir}/snapshots`)[0].seq);
  assert.equal(ex.journalInfo.replayed, live.lastSeq - base.seq);
  assert.equal(ex.engine.stateHash(), live.hash);
  assert.equal(freshReplayHash(dataDir), live.hash);
  ex.engine.validate();
  await ex.close();
});

test('an explicit snapshot at close makes the next start replay nothing', async (t) => {
  const dataDir = tempDir(t, 'rec');
  const ex = await openExchange({ dataDir, clock: clock(), fsync: false, snapshotEvery: 0 });
  await Promise.all(workloadDrafts(13, 300).map((d) => ex.sequencer.submit(d)));
  const info = await ex.sequencer.snapshot();
  assert.equal(info.seq, ex.sequencer.lastSeq);
  const hash = ex.engine.stateHash();
  await ex.close();
  const again = await openExchange({ dataDir, clock: clock(), fsync: false });
  assert.equal(again.journalInfo.replayed, 0);
  assert.equal(again.engine.stateHash(), hash);
  await again.close();
});

test('a torn tail is truncated at start-up and acknowledged commands survive', async (t) => {
  const dataDir = tempDir(t, 'rec');
  const live = await run({ dataDir }, 14, 500);
  const seg = listSegments(journalDir(dataDir)).at(-1)!.path;
  appendFileSync(seg, Buffer.from([50, 0, 0, 0, 1, 2, 3, 4, 5]));
  const lines: string[] = [];
  const ex = await openExchange({ dataDir, clock: clock(), fsync: false, log: (l) => lines.push(l) });
  assert.ok(ex.journalInfo.torn !== null);
  assert.ok(lines.some((l) => /torn tail/.test(l)));
  assert.equal(ex.engine.stateHash(), live.hash);
  await ex.sequencer.submit({ type: 'deposit', accountId: 1, currency: 'BASE', amount: 1n });
  await ex.close();
  const again = await openExchange({ dataDir, clock: clock(), fsync: false });
  assert.equal(again.journalInfo.torn, null);
  assert.equal(again.journalInfo.lastSeq, live.lastSeq + 1);
  await again.close();
});

test('corruption before the tail refuses to start', async (t) => {
  const dataDir = tempDir(t, 'rec');
  await run({ dataDir }, 15, 500);
  const seg = listSegments(journalDir(dataDir))[0].path;
  const b = readFileSync(seg);
  b[200] ^= 0xff;
  writeFileSync(seg, b);
  await assert.rejects(openExchange({ dataDir, fsync: false }), (err: unknown) => err instanceof JournalCorruptError && err.file === seg);
});

test('a damaged newest snapshot is skipped for an older one', async (t) => {
  const dataDir = tempDir(t, 'rec');
  const live = await run({ dataDir, snapshotEvery: 0 }, 16, 1200, 300);
  const [newest, older] = listSnapshots(`${dataDir}/snapshots`);
  const b = readFileSync(newest.path);
  b[b.length - 10] ^= 0x01;
  writeFileSync(newest.path, b);
  const ex = await openExchange({ dataDir, clock: clock(), fsync: false });
  assert.equal(ex.journalInfo.skippedSnapshots[0]?.path, newest.path);
  assert.match(ex.journalInfo.skippedSnapshots[0].reason, /checksum/);
  assert.equal(ex.journalInfo.baseSnapshot?.seq, older.seq);
  assert.equal(ex.engine.stateHash(), live.hash);
  await ex.close();
});

test('projections behind the snapshot are rebuilt from an older base and catch up with events', async (t) => {
  const dataDir = tempDir(t, 'rec');
  const liveProj = new RecordingProjection('live');
  const live = await run({ dataDir, snapshotEvery: 0, projections: [liveProj] }, 17, 1200, 300);
  const snaps = listSnapshots(`${dataDir}/snapshots`);
  assert.ok(snaps.length >= 3);
  const fromZero = new RecordingProjection('empty', 0);
  const mid = snaps[1].seq + 5;
  const fromMid = new RecordingProjection('mid', mid);
  const current = new RecordingProjection('current', live.lastSeq);
  const ex = await openExchange({ dataDir, clock: clock(), fsync: false, projections: [fromZero, fromMid, current] });
  assert.equal(ex.journalInfo.baseSnapshot, null, 'rebuilt from seq 0 for the empty projection');
  assert.equal(ex.engine.stateHash(), live.hash);
  const expected = liveProj.all;
  assert.deepStrictEqual(fromZero.all, expected);
  assert.deepStrictEqual(fromMid.all, expected.slice(mid));
  assert.equal(current.batches.length, 0);
  assert.deepEqual(ex.journalInfo.projections.map((p) => [p.name, p.from, p.to]), [
    ['empty', 1, live.lastSeq], ['mid', mid + 1, live.lastSeq], ['current', live.lastSeq + 1, live.lastSeq],
  ]);
  await ex.close();

  const fromMid2 = new RecordingProjection('mid2', mid);
  const ex2 = await openExchange({ dataDir, clock: clock(), fsync: false, projections: [fromMid2] });
  assert.ok(ex2.journalInfo.baseSnapshot !== null && ex2.journalInfo.baseSnapshot.seq <= mid);
  assert.deepStrictEqual(fromMid2.all, expected.slice(mid));
  await ex2.close();
});

test('a projection ahead of the journal refuses to start', async (t) => {
  const dataDir = tempDir(t, 'rec');
  const live = await run({ dataDir }, 18, 100);
  await assert.rejects(
    openExchange({ dataDir, fsync: false, projections: [new RecordingProjection('ahead', live.lastSeq + 10)] }),
    /projection ahead has applied up to seq/,
  );
});

test('replaying past a newer snapshot compares the state hash it recorded', async (t) => {
  const dataDir = tempDir(t, 'rec');
  const live = await run({ dataDir, snapshotEvery: 0 }, 19, 900, 300);
  const newest = listSnapshots(`${dataDir}/snapshots`)[0];
  const ex = await openExchange({ dataDir, clock: clock(), fsync: false, projections: [new RecordingProjection('p', 0)] });
  assert.equal(ex.journalInfo.hashCheck?.seq, newest.seq);
  assert.equal(ex.journalInfo.hashCheck?.got, ex.journalInfo.hashCheck?.expected);
  assert.equal(ex.engine.stateHash(), live.hash);
  await ex.close();
});

test('old snapshots are pruned to the newest snapshotKeep, and a store older than all of them is rebuilt from seq 1', async (t) => {
  const dataDir = tempDir(t, 'rec-prune');
  const snaps: number[] = [];
  const live = await run({ dataDir, snapshotEvery: 0, snapshotKeep: 2, onSnapshot: (i) => snaps.push(i.seq) }, 14, 2000, 200);
  assert.ok(snaps.length >= 5, `${snaps.length} snapshots written`);
  const kept = listSnapshots(`${dataDir}/snapshots`).map((s) => s.seq);
  assert.deepEqual(kept, [...snaps].sort((a, b) => b - a).slice(0, 2));
  // A projection that has applied nothing: no kept snapshot is old enough, so recovery replays every command into it.
  const fresh = new RecordingProjection('fresh');
  const ex = await openExchange({ dataDir, clock: clock(), fsync: false, projections: [fresh] });
  assert.equal(ex.journalInfo.baseSnapshot, null);
  assert.equal(fresh.all.length, live.lastSeq);
  assert.equal(ex.engine.stateHash(), live.hash);
  await ex.close();
});

test('a format-1 engine snapshot on disk (written before format 2) is still a base: its recorded hash is checked against its own body', async (t) => {
  const dataDir = tempDir(t, 'rec');
  const live = await run({ dataDir, snapshotEvery: 0 }, 12, 1200);
  // The state as the engine before format 2 would have written it: the owner of every order id, version 1.
  const owners = live.results
    .filter((r) => r.outcome.ok && r.command.type === 'placeOrder')
    .map((r) => r.command as PlaceOrder)
    .sort((a, b) => a.orderId - b.orderId)
    .map((c) => c.accountId);
  const ex0 = await openExchange({ dataDir, clock: clock(), fsync: false });
  const v1 = { ...ex0.engine.snapshot(), version: 1, orderOwners: owners } as EngineSnapshot;
  await ex0.close();
  const seq = live.lastSeq;
  await writeSnapshot(snapshotDir(dataDir), seq, encodeSnapshot(seq, hashValue(v1), 1_700_000_000_000, v1));

  const ex = await openExchange({ dataDir, clock: clock(), fsync: false });
  assert.deepEqual(ex.journalInfo.skippedSnapshots, []);
  assert.equal(ex.journalInfo.baseSnapshot?.seq, seq);
  assert.equal(ex.journalInfo.replayed, 0);
  assert.equal(ex.engine.stateHash(), live.hash);
  await ex.close();

  // A format-1 body whose recorded hash is not its own is skipped (then the journal alone rebuilds the state).
  rmSync(snapshotDir(dataDir), { recursive: true });
  await writeSnapshot(snapshotDir(dataDir), seq, encodeSnapshot(seq, hashValue({ ...v1, lastTradeId: 0 }), 1_700_000_000_000, v1));
  const ex2 = await openExchange({ dataDir, clock: clock(), fsync: false });
  assert.equal(ex2.journalInfo.skippedSnapshots.length, 1);
  assert.equal(ex2.journalInfo.baseSnapshot, null);
  assert.equal(ex2.engine.stateHash(), live.hash);
  await ex2.close();
});
