/**
 * What is durable when: the tail is synced before recovery replays it, a
 * failed append is cut back off the segment, a failed snapshot leaves no
 * temporary file, and new directories are created durably.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { openExchange } from '../../src/app/recovery.js';
import { SequencerFailedError, type Submitted } from '../../src/app/sequencer.js';
import { ManualClock } from '../../src/app/clock.js';
import type { CommittedCommand } from '../../src/domain/index.js';
import {
  journalDir,
  JournalWriter,
  listSegments,
  mkdirDurable,
  nodeIo,
  writeSnapshot,
  type JournalIo,
} from '../../src/journal/index.js';
import { RecordingProjection, tempDir, workloadDrafts } from './helpers.js';

const clock = (): ManualClock => new ManualClock(1_700_000_000_000);

/** An io that logs syncs and can fail the next write (after writing part of it) or the next sync, once. */
class FaultyIo implements JournalIo {
  readonly log: string[] = [];
  failNextSync = false;
  failNextWrite = false;

  async write(fh: FileHandle, buf: Buffer, len: number, position: number): Promise<void> {
    if (this.failNextWrite) {
      this.failNextWrite = false;
      await nodeIo.write(fh, buf, Math.floor(len / 2), position);
      throw new Error('ENOSPC: simulated, after a partial write');
    }
    await nodeIo.write(fh, buf, len, position);
  }

  async sync(fh: FileHandle): Promise<void> {
    if (this.failNextSync) {
      this.failNextSync = false;
      this.log.push('sync failed');
      throw new Error('EIO: simulated fdatasync failure');
    }
    await nodeIo.sync(fh);
    this.log.push('sync');
  }
}

/** The only segment's size. */
function segmentSize(dataDir: string): number {
  const segments = listSegments(journalDir(dataDir));
  assert.equal(segments.length, 1);
  return statSync(segments[0].path).size;
}

for (const fault of ['sync', 'write'] as const) {
  test(`a failed ${fault} cuts the batch back off the segment; nothing of it is acknowledged or recovered`, async (t) => {
    const dataDir = tempDir(t);
    const io = new FaultyIo();
    const fatal: Error[] = [];
    const ex = await openExchange({ dataDir, clock: clock(), io, onFatal: (e) => fatal.push(e) });
    const drafts = workloadDrafts(7, 60);
    const acked = await Promise.all(drafts.slice(0, 40).map((d) => ex.sequencer.submit(d)));
    const durableSeq = Math.max(...acked.map((s) => s.seq));
    const before = segmentSize(dataDir);
    assert.ok(before > 0);

    if (fault === 'sync') io.failNextSync = true;
    else io.failNextWrite = true;
    const rest = await Promise.allSettled(drafts.slice(40).map((d) => ex.sequencer.submit(d)));
    assert.ok(rest.every((r) => r.status === 'rejected' && r.reason instanceof SequencerFailedError), 'no command of the failed batch is acknowledged');
    assert.equal(fatal.length, 1, 'fail-stop');
    assert.equal(segmentSize(dataDir), before, 'the segment is back at its size before the batch');
    await ex.close().catch(() => undefined);

    const again = await openExchange({ dataDir, clock: clock(), fsync: false });
    t.after(() => again.close());
    assert.equal(again.journalInfo.lastSeq, durableSeq);
    assert.equal(again.journalInfo.torn, null, 'nothing of the failed batch is left to look like a torn tail');
  });
}

test('recovery syncs the last segment before it replays anything from it', async (t) => {
  const dataDir = tempDir(t);
  // Written without fsync: as if the process died between write and fdatasync.
  const first = await openExchange({ dataDir, clock: clock(), fsync: false });
  const results: Submitted[] = await Promise.all(workloadDrafts(3, 50).map((d) => first.sequencer.submit(d)));
  await first.close();

  const io = new FaultyIo();
  class LoggingProjection extends RecordingProjection {
    override applyBatch(batch: readonly CommittedCommand[]): void {
      io.log.push(`apply ${batch[0].seq}`);
      super.applyBatch(batch);
    }
  }
  const projection = new LoggingProjection('logging');
  const ex = await openExchange({ dataDir, clock: clock(), io, projections: [projection] });
  t.after(() => ex.close());
  assert.equal(ex.journalInfo.lastSeq, Math.max(...results.map((s) => s.seq)));
  assert.equal(io.log[0], 'sync', `log: ${io.log.join(', ')}`);
  assert.ok(io.log.includes('apply 1'), 'the projection was fed by the replay');
  assert.ok(io.log.indexOf('sync') < io.log.indexOf('apply 1'));
});

test('a writer opened on an existing tail syncs it before appending after it', async (t) => {
  const dir = journalDir(tempDir(t));
  mkdirDurable(dir);
  const setup = await JournalWriter.open({ dir, tail: null, nextSeq: 1, fsync: false });
  await setup.append(Buffer.from('not synced'), 10, 1);
  await setup.close();

  const io = new FaultyIo();
  const w = await JournalWriter.open({ dir, tail: { path: setup.file, validBytes: 10 }, nextSeq: 2, io });
  assert.deepEqual(io.log, ['sync']);
  await w.close();
  const off = await JournalWriter.open({ dir, tail: { path: setup.file, validBytes: 10 }, nextSeq: 2, io, fsync: false });
  assert.deepEqual(io.log, ['sync'], 'fsync: false syncs nothing');
  await off.close();
});

test('a snapshot that cannot be written leaves no temporary file', async (t) => {
  const dir = tempDir(t);
  // The final name is taken by a non-empty directory, so the rename fails after the tmp file was written.
  const target = join(dir, `${String(5).padStart(20, '0')}.snap`);
  mkdirSync(target);
  writeFileSync(join(target, 'x'), 'x');
  await assert.rejects(writeSnapshot(dir, 5, Buffer.alloc(1 << 20, 1)));
  assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);
});

test('journal and snapshot directories are created on demand, nested, idempotently', (t) => {
  const root = tempDir(t);
  const nested = join(root, 'a', 'b', 'journal');
  mkdirDurable(nested);
  mkdirDurable(nested);
  assert.ok(statSync(nested).isDirectory());
  assert.deepEqual(listSegments(join(root, 'c', 'journal')), []);
  assert.ok(statSync(join(root, 'c', 'journal')).isDirectory());
});
