/**
 * A failing snapshot must cost no more than the snapshots it replaces: the
 * next automatic attempt waits another `every` commands, failures are
 * reported rate-limited and counted, and a snapshot is not written when the
 * disk is nearly full. Real files throughout: a snapshot directory that is
 * a file, and an injected free-space reading.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine.js';
import { JournalWriter } from '../../src/journal/index.js';
import { ManualClock } from '../../src/app/clock.js';
import { Metrics } from '../../src/app/metrics.js';
import { Sequencer } from '../../src/app/sequencer.js';
import {
  MIN_SNAPSHOT_RESERVE_BYTES,
  SnapshotFailedError,
  Snapshotter,
  describeSnapshotFailure,
  snapshotSpaceNeeded,
  type FreeSpace,
} from '../../src/app/snapshotter.js';
import { tempDir, workloadDrafts } from '../journal/helpers.js';

/** A path where the snapshot directory cannot be created: a regular file. */
function fileInTheWay(dir: string): string {
  const path = join(dir, 'snapshots');
  writeFileSync(path, 'not a directory');
  return path;
}

test('after a failed snapshot the next automatic attempt waits another `every` commands; reports are rate-limited, failures counted', async (t) => {
  const dir = tempDir(t, 'snapfail');
  const engine = new Engine();
  let seq = 0;
  let now = 0;
  const reported: SnapshotFailedError[] = [];
  const snapshotter = new Snapshotter({
    dir: fileInTheWay(dir),
    source: { engine, position: () => ({ seq, lastNow: 0 }), durable: () => Promise.resolve() },
    every: 10,
    lastSeq: 0,
    keep: 0,
    fsync: false,
    onSnapshot: undefined,
    onError: (e) => reported.push(e),
    reportEveryMs: 60_000,
    now: () => now,
  });
  const metrics = new Metrics({ processMetrics: false });
  metrics.watchSnapshotFailures(() => snapshotter.failures);

  assert.equal(snapshotter.due(9), false);
  assert.equal(snapshotter.due(10), true);
  seq = 10;
  const first = await snapshotter.take().then(
    () => assert.fail('the snapshot cannot be written'),
    (err: unknown) => err,
  );
  assert.ok(first instanceof SnapshotFailedError);
  assert.match(first.message, /^snapshot at seq 10 failed: E(EXIST|NOTDIR)/);
  assert.equal(first.nextAttemptSeq, 20);
  // Not after the next batch: only once another `every` commands are durable.
  for (const s of [10, 11, 15, 19]) assert.equal(snapshotter.due(s), false, `due at ${s}`);
  assert.equal(snapshotter.due(20), true);

  // Three more failures within the minute: counted, not reported.
  for (const [s, t] of [[20, 1_000], [30, 2_000], [40, 3_000]] as const) {
    seq = s;
    now = t;
    await assert.rejects(snapshotter.take(), SnapshotFailedError);
    assert.equal(snapshotter.due(s + 9), false);
  }
  assert.equal(reported.length, 1);
  assert.equal(reported[0], first);
  assert.equal(reported[0].consecutive, 1);

  // A minute after the last report: one report with the count of the others.
  seq = 50;
  now = 61_000;
  await assert.rejects(snapshotter.take(), SnapshotFailedError);
  assert.equal(reported.length, 2);
  assert.equal(reported[1].consecutive, 5);
  assert.equal(reported[1].suppressed, 3);
  assert.match(describeSnapshotFailure(reported[1]), /5 failures in a row, 3 of them not reported.*next automatic attempt once seq 60 is durable/);

  assert.equal(snapshotter.failures, 5);
  assert.match(await metrics.registry.getSingleMetricAsString('openmart_snapshot_failures_total'), /^openmart_snapshot_failures_total 5$/m);
});

test('a sequencer whose snapshot directory is unusable captures once per `every` commands, not after every batch; the journal keeps working', async (t) => {
  const dir = tempDir(t, 'snapfail-seq');
  const writer = await JournalWriter.open({ dir, tail: null, nextSeq: 1, fsync: false });
  const errors: SnapshotFailedError[] = [];
  const fatal: Error[] = [];
  const sequencer = new Sequencer({
    engine: new Engine(),
    writer,
    lastSeq: 0,
    clock: new ManualClock(1_700_000_000_000),
    snapshotDir: fileInTheWay(dir),
    snapshotEvery: 10,
    // Plenty of room, answered without a trip to the thread pool: each failing attempt then ends within its batch.
    snapshotFreeSpace: () => Promise.resolve(Number.MAX_SAFE_INTEGER),
    fsync: false,
    onSnapshotError: (e) => errors.push(e),
    onFatal: (e) => fatal.push(e),
  });
  // One command per batch: before the fix every batch after the first failure captured the state again.
  let accepted = 0;
  for (const d of workloadDrafts(31, 120)) {
    const r = await sequencer.submit(d);
    if (r.seq > 0) accepted++;
    if (accepted >= 100) break;
  }
  await sequencer.flush();
  assert.equal(accepted, 100);
  assert.equal(sequencer.durableSeq, 100);
  assert.equal(fatal.length, 0);
  // One attempt per 10 commands (each may start a batch late): before the fix, one after every batch from seq 10 on (91).
  const failures = sequencer.snapshotFailures;
  assert.ok(failures >= 8 && failures <= 10, `${failures} attempts for 100 commands with snapshotEvery 10`);
  assert.equal(errors.length, 1, 'one report within the minute');
  assert.match(errors[0].reason, /E(EXIST|NOTDIR)/);
  await sequencer.close();
});

test('a snapshot is not written when the free space would fall below its size plus the reserve; the journal keeps working', async (t) => {
  const dir = tempDir(t, 'snapspace');
  const snapDir = join(dir, 'snapshots');
  const writer = await JournalWriter.open({ dir, tail: null, nextSeq: 1, fsync: false });
  let free = 1024 * 1024;
  const asked: string[] = [];
  const freeSpace: FreeSpace = async (d) => {
    asked.push(d);
    return free;
  };
  const errors: SnapshotFailedError[] = [];
  const fatal: Error[] = [];
  const sequencer = new Sequencer({
    engine: new Engine(),
    writer,
    lastSeq: 0,
    clock: new ManualClock(1_700_000_000_000),
    snapshotDir: snapDir,
    snapshotEvery: 20,
    snapshotFreeSpace: freeSpace,
    fsync: false,
    onSnapshotError: (e) => errors.push(e),
    onFatal: (e) => fatal.push(e),
  });
  const drafts = workloadDrafts(32, 200);
  for (const d of drafts.slice(0, 100)) await sequencer.submit(d);
  await sequencer.flush();
  assert.ok(sequencer.snapshotFailures >= 1);
  assert.ok(asked.length >= 1 && asked.every((d) => d === snapDir));
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /not enough free space in .*snapshots: 1048576 bytes free, a snapshot of \d+ bytes needs \d+/);
  assert.match(errors[0].reason, /\(ENOSPC\)$/);
  // Nothing written, not even a partial .tmp.
  assert.deepEqual(existsSync(snapDir) ? readdirSync(snapDir) : [], []);

  // On demand too, with the reason.
  await assert.rejects(sequencer.snapshot(), (err: unknown) => err instanceof SnapshotFailedError && /not enough free space/.test(err.message));

  // The journal was never held up.
  for (const d of drafts.slice(100)) await sequencer.submit(d);
  assert.equal(fatal.length, 0);
  assert.equal(sequencer.failed, null);
  assert.equal(sequencer.durableSeq, sequencer.lastSeq);

  // With room for the snapshot and the reserve it is written.
  free = snapshotSpaceNeeded(10 * 1024 * 1024);
  const info = await sequencer.snapshot();
  assert.ok(snapshotSpaceNeeded(info.bytes) >= info.bytes + MIN_SNAPSHOT_RESERVE_BYTES);
  assert.deepEqual(readdirSync(snapDir), [`${String(info.seq).padStart(20, '0')}.snap`]);
  await sequencer.close();
});
