import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandDraft } from '../../src/domain/index.js';
import { Engine } from '../../src/engine/engine.js';
import { JournalWriter, readCommands } from '../../src/journal/index.js';
import { ManualClock } from '../../src/app/clock.js';
import { Sequencer, SequencerFailedError, type BatchMetrics, type Submitted } from '../../src/app/sequencer.js';
import { GatedIo, RecordingProjection, tempDir, workloadDrafts } from './helpers.js';

async function setup(t: { after(fn: () => void): void }, extra: { projections?: RecordingProjection[]; onBatch?: (m: BatchMetrics) => void } = {}) {
  const dir = tempDir(t, 'seq');
  const io = new GatedIo();
  const writer = await JournalWriter.open({ dir, tail: null, nextSeq: 1, io });
  const engine = new Engine();
  const fatal: Error[] = [];
  const clock = new ManualClock(1_700_000_000_000);
  const sequencer = new Sequencer({
    engine, writer, lastSeq: 0, clock, projections: extra.projections, onBatch: extra.onBatch, onFatal: (e) => fatal.push(e),
    snapshotDir: `${dir}/snapshots`,
  });
  return { dir, io, engine, sequencer, fatal, clock };
}

const ticks = async (n = 5): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

test('many concurrent submits share few fsyncs and each resolves only after its batch is synced', async (t) => {
  const batches: BatchMetrics[] = [];
  const { io, sequencer, dir } = await setup(t, { onBatch: (m) => batches.push(m) });
  const drafts = workloadDrafts(1, 2000);
  let acked = 0;
  const track = (p: Promise<Submitted>) => p.then((s) => { acked++; io.log.push(`ack ${s.seq}`); return s; });

  io.hold();
  const first = drafts.slice(0, 500).map((d) => track(sequencer.submit(d)));
  await ticks();
  // The first batch is being synced; more commands are applied meanwhile and queue into the next batch.
  const second = drafts.slice(500).map((d) => track(sequencer.submit(d)));
  assert.equal(sequencer.lastSeq > 500, true, 'commands keep being applied while a sync is in flight');
  await ticks();
  assert.equal(acked, 0, 'nothing is acknowledged before its fsync');
  io.release();
  const results = await Promise.all([...first, ...second]);
  assert.equal(acked, drafts.length);
  assert.ok(io.syncs < drafts.length / 100, `${io.syncs} fsyncs for ${drafts.length} commands`);
  assert.equal(batches.length, io.syncs);
  assert.equal(batches[0].commands, 500);
  // Every ack comes after the sync of its batch.
  const firstAck = io.log.findIndex((l) => l.startsWith('ack'));
  assert.equal(io.log[firstAck - 1], 'synced 1');
  const secondBatchAck = io.log.indexOf(`ack ${results[500].seq}`);
  assert.ok(io.log.slice(0, secondBatchAck).includes('synced 2'));
  // Seqs: accepted commands numbered from 1 without gaps, rejected ones 0.
  const seqs = results.filter((r) => r.outcome.ok).map((r) => r.seq);
  assert.deepEqual(seqs, seqs.map((_, i) => i + 1));
  assert.ok(results.filter((r) => !r.outcome.ok).every((r) => r.seq === 0));
  // The journal holds exactly the accepted commands, as stamped.
  const journaled: unknown[] = [];
  readCommands(`${dir}`, 0, (_seq, c) => journaled.push(c));
  assert.deepStrictEqual(journaled, results.filter((r) => r.outcome.ok).map((r) => r.command));
  await sequencer.close();
});

test('a rejection is acknowledged only after the batch it arrived in is durable', async (t) => {
  const { io, sequencer } = await setup(t);
  const drafts = workloadDrafts(2, 10);
  io.hold();
  const accepted = drafts.map((d) => sequencer.submit(d));
  await ticks();
  let rejectedDone = false;
  const rejected = sequencer.submit({ type: 'cancelOrder', accountId: 1, orderId: 999_999 }).then((s) => { rejectedDone = true; return s; });
  await ticks();
  assert.equal(rejectedDone, false);
  io.release();
  const r = await rejected;
  assert.equal(r.seq, 0);
  assert.equal(r.outcome.ok, false);
  await Promise.all(accepted);
  await sequencer.close();
});

test('projections apply each durable batch, with events, before any reply of it', async (t) => {
  const p = new RecordingProjection('rec');
  const { sequencer } = await setup(t, { projections: [p] });
  const drafts = workloadDrafts(3, 300);
  const results = await Promise.all(
    drafts.map((d) => sequencer.submit(d).then((s) => {
      if (s.seq > 0) assert.ok(p.lastAppliedSeq() >= s.seq, 'projected before the reply');
      return s;
    })),
  );
  const accepted = results.filter((r) => r.outcome.ok);
  assert.equal(p.lastAppliedSeq(), accepted.length);
  const all = p.all;
  assert.deepStrictEqual(all.map((c) => c.command), accepted.map((r) => r.command));
  assert.deepStrictEqual(all.map((c) => c.events), accepted.map((r) => (r.outcome.ok ? r.outcome.events : [])));
  await sequencer.close();
});

test('a failed fsync rejects pending commands and stops the sequencer for good', async (t) => {
  const { io, sequencer, fatal } = await setup(t);
  const drafts = workloadDrafts(4, 50);
  await Promise.all(drafts.slice(0, 10).map((d) => sequencer.submit(d)));
  io.hold();
  io.failNext = new Error('EIO: simulated');
  const pending = drafts.slice(10, 30).map((d) => sequencer.submit(d));
  io.release();
  const settled = await Promise.allSettled(pending);
  assert.ok(settled.every((s) => s.status === 'rejected' && s.reason instanceof SequencerFailedError));
  assert.equal(fatal.length, 1);
  assert.match(String((fatal[0].cause as Error).message), /EIO/);
  await assert.rejects(sequencer.submit(drafts[30] as CommandDraft), SequencerFailedError);
  await assert.rejects(sequencer.flush(), SequencerFailedError);
});

test('stamping: time never goes backwards, ids come from the engine', async (t) => {
  const { sequencer, clock } = await setup(t);
  const drafts = workloadDrafts(5, 5, 2);
  for (const d of drafts) await sequencer.submit(d);
  clock.set(1_600_000_000_000);
  const r = await sequencer.submit({ type: 'placeOrder', accountId: 1, symbol: 'BASE_QUOTE', side: 'buy', price: 100, amount: 1 });
  assert.equal(r.command.now, 1_700_000_000_000);
  assert.ok(r.command.type === 'placeOrder' && r.command.orderId >= 1);
  const u = await sequencer.submit({ type: 'createUser', email: 'new@example.com', passwordHash: 'h' });
  assert.ok(u.command.type === 'createUser' && u.command.accountId === 3);
  await sequencer.close();
});

test('flush and close drain in-flight work; a closed sequencer refuses commands', async (t) => {
  const { sequencer, io } = await setup(t);
  const drafts = workloadDrafts(6, 200);
  io.hold();
  let done = 0;
  for (const d of drafts) void sequencer.submit(d).then(() => done++);
  const flushed = sequencer.flush();
  setTimeout(() => io.release(), 20);
  await flushed;
  assert.equal(done, drafts.length);
  await sequencer.close();
  await assert.rejects(sequencer.submit(drafts[0]), /closed/);
});

test('snapshot on demand covers only durable commands and names its file', async (t) => {
  const { sequencer, io } = await setup(t);
  const drafts = workloadDrafts(7, 100);
  await Promise.all(drafts.map((d) => sequencer.submit(d)));
  io.hold();
  const more = workloadDrafts(8, 20).slice(-5).map((d) => sequencer.submit(d));
  const snap = sequencer.snapshot();
  const seqAtCapture = sequencer.lastSeq;
  setTimeout(() => io.release(), 10);
  const info = await snap;
  await Promise.allSettled(more);
  assert.equal(info.seq, seqAtCapture);
  assert.ok(sequencer.durableSeq >= info.seq);
  assert.match(info.path, /0+\d+\.snap$/);
  await sequencer.close();
});

test('a command the journal cannot hold is refused without touching the engine', async (t) => {
  const { sequencer, engine } = await setup(t);
  for (const d of workloadDrafts(9, 3, 2)) await sequencer.submit(d);
  const before = engine.stateHash();
  const huge = 'x'.repeat(17 * 1024 * 1024);
  await assert.rejects(sequencer.submit({ type: 'createUser', email: 'big@example.com', passwordHash: huge }), /exceeds the record limit/);
  assert.equal(engine.stateHash(), before);
  const next = await sequencer.submit({ type: 'createUser', email: 'small@example.com', passwordHash: 'h' });
  assert.ok(next.seq > 0 && next.outcome.ok);
  await sequencer.close();
});

test('a string with an unpaired surrogate is refused before the engine: UTF-8 would replay it as U+FFFD', async (t) => {
  const { sequencer, engine } = await setup(t);
  const before = engine.stateHash();
  await assert.rejects(sequencer.submit({ type: 'createUser', email: '\ud800x@a.bc', passwordHash: 'h' }), /lone UTF-16 surrogate/);
  await assert.rejects(sequencer.submit({ type: 'createUser', email: 'x\udfff@a.bc', passwordHash: 'h' }), /lone UTF-16 surrogate/);
  assert.equal(engine.stateHash(), before);
  assert.equal(engine.userByEmail('\ufffdx@a.bc'), undefined);
  const pair = await sequencer.submit({ type: 'createUser', email: '\ud83d\ude00x@a.bc', passwordHash: 'h' });
  assert.ok(pair.outcome.ok, 'a surrogate pair is ordinary text');
  await sequencer.close();
});

test('a projection that throws stops the sequencer: its batch is not acknowledged', async (t) => {
  const p = new RecordingProjection('flaky');
  const { sequencer, fatal } = await setup(t, { projections: [p] });
  const drafts = workloadDrafts(10, 20);
  await Promise.all(drafts.slice(0, 5).map((d) => sequencer.submit(d)));
  p.applyBatch = () => {
    throw new Error('disk full in the query store');
  };
  const settled = await Promise.allSettled(drafts.slice(5).map((d) => sequencer.submit(d)));
  assert.ok(settled.every((s) => s.status === 'rejected'));
  assert.equal(fatal.length, 1);
  assert.match((fatal[0].cause as Error).message, /disk full/);
  assert.match(fatal[0].message, /projection flaky failed/);
});

test('a projection attached at rest gets every later durable batch; attaching with commands in flight or at another seq is refused', async (t) => {
  const { io, sequencer } = await setup(t);
  const drafts = workloadDrafts(4, 30);
  for (const d of drafts.slice(0, 10)) await sequencer.submit(d);
  const at = sequencer.lastSeq;
  assert.throws(() => sequencer.attach(new RecordingProjection('behind', at - 1)), /at seq/);
  const late = new RecordingProjection('late', at);
  sequencer.attach(late);

  io.hold();
  const pending = drafts.slice(10, 20).map((d) => sequencer.submit(d));
  await ticks();
  assert.throws(() => sequencer.attach(new RecordingProjection('too-late', sequencer.lastSeq)), /in flight/);
  assert.equal(late.all.length, 0, 'nothing reaches the projection before it is durable');
  io.release();
  await Promise.all(pending);
  assert.deepEqual(late.all.map((c) => c.seq), Array.from({ length: sequencer.lastSeq - at }, (_, i) => at + 1 + i));
});

