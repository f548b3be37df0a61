/**
 * Restart time: a data dir holding a snapshot (taken after the setup) and a
 * journal tail of exactly `tail` accepted commands of the flow (rejected
 * commands are not journaled, so the flow must be longer); we time
 * openExchange() on it and check it ends in the same state hash.
 */
import { rmSync } from 'node:fs';
import { openExchange } from '../../packages/server/src/app/recovery.js';
import type { Command } from '../../packages/server/src/domain/index.js';
import { draftsOf, submitAll, tempDataDir } from './journaled.js';

export interface RestartRun {
  readonly seconds: number;
  readonly replayed: number;
  readonly sameHash: boolean;
}

export async function runRestart(setup: readonly Command[], flow: readonly Command[], tail: number): Promise<RestartRun> {
  const dir = tempDataDir('restart');
  try {
    const first = await openExchange({ dataDir: dir, fsync: false, snapshotEvery: 0 });
    await submitAll(first, draftsOf(setup));
    const snap = await first.sequencer.snapshot();
    await submitAll(first, draftsOf(flow), snap.seq + tail);
    if (first.sequencer.lastSeq < snap.seq + tail) throw new Error(`the flow gave only ${first.sequencer.lastSeq - snap.seq} journaled commands, ${tail} wanted`);
    const hashBefore = first.engine.stateHash();
    await first.close();

    const start = process.hrtime.bigint();
    const second = await openExchange({ dataDir: dir, fsync: false, snapshotEvery: 0 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const run = { seconds, replayed: second.journalInfo.replayed, sameHash: second.engine.stateHash() === hashBefore };
    await second.close();
    return run;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
