/**
 * Fee withdrawals (a `withdraw` from the fee account 0) through the real
 * sequencer and journal: journaled like any accepted command, refused ones
 * not journaled at all, and a restart (snapshot + journal tail, or the whole
 * journal) reaches the live state hash.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/engine/engine.js';
import { FEE_ACCOUNT_ID } from '../../src/engine/types.js';
import { journalDir, readCommands } from '../../src/journal/index.js';
import { ManualClock } from '../../src/app/clock.js';
import { openExchange, type Exchange } from '../../src/app/recovery.js';
import { tempDir, workloadDrafts } from './helpers.js';

const clock = (): ManualClock => new ManualClock(1_700_000_000_000);

/** Withdraw half of what the fee account holds in each currency; answers the seqs. */
async function withdrawHalfTheFees(ex: Exchange): Promise<number[]> {
  const seqs: number[] = [];
  for (const { currency, available } of ex.engine.balancesOf(FEE_ACCOUNT_ID)) {
    const amount = available / 2n;
    assert.ok(amount > 0n, `the workload paid fees in ${currency}`);
    const r = await ex.sequencer.submit({ type: 'withdraw', accountId: FEE_ACCOUNT_ID, currency, amount });
    if (!r.outcome.ok) assert.fail(`fee withdrawal of ${amount} ${currency}: ${r.outcome.code} ${r.outcome.message}`);
    assert.deepEqual(ex.engine.balance(FEE_ACCOUNT_ID, currency), { available: available - amount, frozen: 0n });
    seqs.push(r.seq);
  }
  return seqs;
}

test('fee withdrawals are journaled; a refused one is not; snapshot + tail and a full replay reach the live hash', async (t) => {
  const dataDir = tempDir(t, 'fee');
  const ex = await openExchange({ dataDir, clock: clock(), fsync: false, snapshotEvery: 0 });
  const drafts = workloadDrafts(21, 1200);
  const submitAll = async (from: number, to: number): Promise<void> => {
    for (let i = from; i < to; i += 50) await Promise.all(drafts.slice(i, Math.min(i + 50, to)).map((d) => ex.sequencer.submit(d)));
  };
  await submitAll(0, 600);
  const first = await withdrawHalfTheFees(ex);
  assert.equal(first.length, 2);

  // Over the fee balance: refused as for a user, and nothing reaches the journal (no seq consumed).
  const lastSeq = ex.sequencer.lastSeq;
  const hash = ex.engine.stateHash();
  const [held] = ex.engine.balancesOf(FEE_ACCOUNT_ID);
  assert.ok(held !== undefined);
  const over = await ex.sequencer.submit({ type: 'withdraw', accountId: FEE_ACCOUNT_ID, currency: held.currency, amount: held.available + 1n });
  assert.ok(!over.outcome.ok);
  assert.equal(over.outcome.code, 'INSUFFICIENT_BALANCE');
  assert.equal(over.seq, 0);
  assert.equal(ex.sequencer.lastSeq, lastSeq);
  assert.equal(ex.engine.stateHash(), hash);
  // A deposit to the fee account is still refused (and not journaled either).
  const dep = await ex.sequencer.submit({ type: 'deposit', accountId: FEE_ACCOUNT_ID, currency: held.currency, amount: 1n });
  assert.ok(!dep.outcome.ok);
  assert.equal(dep.outcome.code, 'ACCOUNT_NOT_FOUND');
  assert.equal(ex.sequencer.lastSeq, lastSeq);

  const snap = await ex.sequencer.snapshot();
  assert.equal(snap.seq, lastSeq);
  await submitAll(600, drafts.length);
  const second = await withdrawHalfTheFees(ex);
  const liveHash = ex.engine.stateHash();
  const liveSeq = ex.sequencer.lastSeq;
  ex.engine.validate();
  await ex.close();

  // The journal holds exactly the accepted fee withdrawals.
  const journaled: number[] = [];
  readCommands(journalDir(dataDir), 0, (seq, c) => {
    if (c.type === 'withdraw' && c.accountId === FEE_ACCOUNT_ID) journaled.push(seq);
  });
  assert.deepEqual(journaled, [...first, ...second]);

  // Restart: the snapshot taken between them, then the tail with the second ones.
  const again = await openExchange({ dataDir, clock: clock(), fsync: false });
  assert.equal(again.journalInfo.baseSnapshot?.seq, snap.seq);
  assert.equal(again.journalInfo.replayed, liveSeq - snap.seq);
  assert.equal(again.engine.stateHash(), liveHash);
  again.engine.validate();
  await again.close();

  // A full replay into a fresh engine, with either book.
  for (const book of ['fast', 'naive'] as const) {
    const engine = new Engine({ book });
    readCommands(journalDir(dataDir), 0, (seq, c) => {
      const out = engine.apply(c);
      assert.ok(out.ok, `seq ${seq} (${c.type})`);
    });
    assert.equal(engine.stateHash(), liveHash, book);
  }
});
