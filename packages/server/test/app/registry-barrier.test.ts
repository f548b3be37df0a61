/**
 * Sequencer.registryDurable(): the barrier of registry reads. Null while
 * every accepted registry change is durable; otherwise a promise that
 * settles with the batch holding the last one (not later batches), or
 * rejects when the sequencer fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/app/clock.js';
import { Sequencer, SequencerFailedError } from '../../src/app/sequencer.js';
import type { CommandDraft, CurrencyConfig } from '../../src/domain/index.js';
import { Engine } from '../../src/engine/engine.js';
import type { FileHandle } from 'node:fs/promises';
import { JournalWriter, nodeIo, type JournalIo } from '../../src/journal/index.js';
import { tempDir } from '../journal/helpers.js';

const ticks = async (n = 5): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

const currency = (id: string): CommandDraft => {
  const c: CurrencyConfig = { id, name: id, scale: 8, depositEnabled: true, withdrawEnabled: true };
  return { type: 'createCurrency', currency: c };
};

/** A journal io whose every fdatasync waits until the test lets it through (or fails it), until openAll(). */
class HeldSyncs implements JournalIo {
  private readonly waiting: Array<(err: Error | null) => void> = [];
  private held = true;

  write(fh: FileHandle, buf: Buffer, len: number, position: number): Promise<void> {
    return nodeIo.write(fh, buf, len, position);
  }

  async sync(fh: FileHandle): Promise<void> {
    if (!this.held) return nodeIo.sync(fh);
    const err = await new Promise<Error | null>((resolve) => this.waiting.push(resolve));
    if (err !== null) throw err;
    await nodeIo.sync(fh);
  }

  /** Let the oldest waiting sync through (or fail it), once one is waiting. */
  async next(err: Error | null = null): Promise<void> {
    for (let i = 0; i < 1000 && this.waiting.length === 0; i++) await new Promise((r) => setImmediate(r));
    const open = this.waiting.shift();
    if (open === undefined) throw new Error('no sync is waiting');
    open(err);
  }

  /** Every sync from now on (the writer's clean-up after a failure) passes at once. */
  openAll(): void {
    this.held = false;
    for (const open of this.waiting.splice(0)) open(null);
  }
}

async function setup(t: { after(fn: () => void): void }) {
  const io = new HeldSyncs();
  const writer = await JournalWriter.open({ dir: tempDir(t, 'registry-barrier'), tail: null, nextSeq: 1, io });
  const fatal: Error[] = [];
  const sequencer = new Sequencer({ engine: new Engine(), writer, lastSeq: 0, clock: new ManualClock(1_700_000_000_000), onFatal: (e) => fatal.push(e) });
  return { io, sequencer, fatal };
}

/** Whether `p` has settled after a few turns of the event loop. */
async function settledSoon(p: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void p.then(() => (settled = true), () => (settled = true));
  await ticks();
  return settled;
}

test('registryDurable is null at rest and while only non-registry commands are in flight', async (t) => {
  const { io, sequencer } = await setup(t);
  assert.equal(sequencer.registryDurable(), null);
  const eth = sequencer.submit(currency('ETH'));
  await io.next();
  await eth;
  const created = sequencer.submit({ type: 'createUser', email: 'a@example.com', passwordHash: 'x' });
  await io.next();
  const user = await created;
  assert.equal(sequencer.registryDurable(), null, 'everything durable');

  const accountId = user.command.type === 'createUser' ? user.command.accountId : 0;
  const deposit = sequencer.submit({ type: 'deposit', accountId, currency: 'ETH', amount: 5n });
  const duplicate = sequencer.submit(currency('ETH')); // rejected by the engine: changes nothing
  await ticks();
  assert.ok(sequencer.lastSeq > sequencer.durableSeq, 'the deposit is applied, not durable');
  assert.equal(sequencer.registryDurable(), null, 'a deposit or a rejected registry command in flight does not hold registry reads');
  await io.next();
  await deposit;
  assert.equal((await duplicate).outcome.ok, false);
  await sequencer.close();
});

test('a registry change in flight: the barrier settles once its batch is durable, not after batches submitted later', async (t) => {
  const { io, sequencer } = await setup(t);
  const created = sequencer.submit(currency('BTC'));
  await ticks(); // its batch is now in flight, its sync held
  const barrier = sequencer.registryDurable();
  assert.notEqual(barrier, null);
  const later = sequencer.submit(currency('ETH')); // queues into the next batch
  assert.equal(await settledSoon(barrier as Promise<void>), false, 'not before the fsync');

  await io.next(); // the first batch's sync only
  const bySeq = await created;
  await barrier;
  assert.ok(sequencer.durableSeq >= bySeq.seq, 'BTC is durable when the barrier opens');
  assert.ok(sequencer.durableSeq < sequencer.lastSeq, 'ETH was not needed: its batch is still held');
  assert.notEqual(sequencer.registryDurable(), null, 'now ETH is the registry change in flight');
  await io.next();
  await later;
  assert.equal(sequencer.registryDurable(), null);
  await sequencer.close();
});

test('the barrier rejects when the batch fails, and keeps rejecting: the engine holds a change that never became durable', async (t) => {
  const { io, sequencer, fatal } = await setup(t);
  const created = sequencer.submit(currency('BTC'));
  await ticks();
  const barrier = sequencer.registryDurable();
  assert.notEqual(barrier, null);
  await io.next(new Error('disk gone'));
  io.openAll();
  await assert.rejects(barrier as Promise<void>, SequencerFailedError);
  await assert.rejects(created, SequencerFailedError);
  assert.equal(fatal.length, 1);
  const again = sequencer.registryDurable();
  assert.notEqual(again, null);
  await assert.rejects(again as Promise<void>, SequencerFailedError);
});
