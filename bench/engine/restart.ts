/**
 * Restart time: a data dir holding a snapshot (taken after the setup) and a
 * journal tail of the whole flow; we time openExchange() on it.
 */
import { rmSync } from 'node:fs';
import { openExchange } from '../../packages/server/src/app/recovery.js';
import type { Command } from '../../packages/server/src/domain/index.js';
import { submitAll, tempDataDir } from './journaled.js';

export interface RestartRun {
  readonly seconds: number;
  readonly replayed: number;
  readonly sameHash: boolean;
}

export async function runRestart(setup: readonly Command[], flow: readonly Command[]): Promise<RestartRun> {
  const dir = tempDataDir('restart');
  try {
    const first = await openExchange({ dataDir: dir, fsync: false, snapshotEvery: 0 });
    await submitAll(first, setup);
    await first.sequencer.snapshot();
    await submitAll(first, flow);
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
