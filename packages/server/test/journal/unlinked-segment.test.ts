/**
 * A journal deleted while the server runs (`rm -rf DATA_DIR/journal`) still
 * takes writes and fdatasyncs through the open descriptor, and everything
 * acknowledged from then on would be gone after a restart. The writer checks
 * after each batch's sync that the segment still has a link, and the
 * sequencer fails stop before acknowledging the batch. Real files, fsync on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine.js';
import { JournalUnlinkedError, JournalWriter } from '../../src/journal/index.js';
import { ManualClock } from '../../src/app/clock.js';
import { Sequencer, SequencerFailedError } from '../../src/app/sequencer.js';
import { tempDir, workloadDrafts } from './helpers.js';

async function running(t: { after(fn: () => void): void }, fsync: boolean) {
  const root = tempDir(t, 'unlinked');
  const dir = join(root, 'journal');
  mkdirSync(dir);
  const writer = await JournalWriter.open({ dir, tail: null, nextSeq: 1, fsync });
  const fatal: Error[] = [];
  const sequencer = new Sequencer({
    engine: new Engine(),
    writer,
    lastSeq: 0,
    clock: new ManualClock(1_700_000_000_000),
    fsync,
    onFatal: (e) => fatal.push(e),
  });
  t.after(() => writer.close().catch(() => undefined));
  return { root, dir, writer, sequencer, fatal };
}

function assertUnlinkedFailure(err: unknown, segment: string): void {
  assert.ok(err instanceof SequencerFailedError, String(err));
  assert.match(err.message, /no command of that batch or later is acknowledged/);
  assert.ok(err.cause instanceof JournalUnlinkedError, String(err.cause));
  assert.equal(err.cause.path, segment);
  assert.match(err.cause.message, /the journal file .* was removed while the server was running/);
}

for (const fsync of [true, false]) {
  test(`a segment unlinked under a running sequencer: the next batch is not acknowledged and the sequencer fails stop (fsync ${fsync})`, async (t) => {
    const { writer, sequencer, fatal } = await running(t, fsync);
    const drafts = workloadDrafts(41, 60);
    for (const d of drafts.slice(0, 20)) await sequencer.submit(d);
    const acked = sequencer.durableSeq;
    assert.ok(acked > 0);
    const segment = writer.file;

    unlinkSync(segment);
    const after = await Promise.allSettled(drafts.slice(20, 30).map((d) => sequencer.submit(d)));
    assert.deepEqual(after.map((r) => r.status), Array(10).fill('rejected'), 'nothing acknowledged after the unlink');
    const first = after[0];
    assert.ok(first.status === 'rejected');
    assertUnlinkedFailure(first.reason, segment);

    assert.equal(fatal.length, 1);
    assertUnlinkedFailure(fatal[0], segment);
    assert.equal(sequencer.failed, fatal[0]);
    assert.equal(sequencer.durableSeq, acked);
    await assert.rejects(sequencer.submit(drafts[30]), SequencerFailedError);
  });
}

test('the whole journal directory removed (rm -rf) is caught the same way', async (t) => {
  const { dir, writer, sequencer, fatal } = await running(t, true);
  const drafts = workloadDrafts(42, 30);
  for (const d of drafts.slice(0, 10)) await sequencer.submit(d);
  const segment = writer.file;
  rmSync(dir, { recursive: true, force: true });
  await assert.rejects(sequencer.submit(drafts[10]), (err: unknown) => {
    assertUnlinkedFailure(err, segment);
    return true;
  });
  assert.equal(fatal.length, 1);
});

test('a journal directory renamed while running keeps its link: the sequencer goes on (moving it back recovers it)', async (t) => {
  const { root, dir, sequencer, fatal } = await running(t, true);
  const drafts = workloadDrafts(43, 30);
  for (const d of drafts.slice(0, 10)) await sequencer.submit(d);
  renameSync(dir, join(root, 'journal.moved'));
  for (const d of drafts.slice(10, 20)) await sequencer.submit(d);
  assert.equal(fatal.length, 0);
  assert.equal(sequencer.failed, null);
  await sequencer.close();
});
