/**
 * Our engine behind the sequencer with its journal on a temp dir: real
 * writes and, unless told otherwise, a real fdatasync per batch. Commands are
 * submitted in chunks with a bounded number of chunks in flight, as a busy
 * server would, so batches form while a sync is under way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openExchange, type Exchange } from '../../packages/server/src/app/recovery.js';
import type { Command } from '../../packages/server/src/domain/index.js';
import type { Submitted } from '../../packages/server/src/app/sequencer.js';
import { toDraft } from './drafts.js';

const CHUNK = 2_000;
const IN_FLIGHT_CHUNKS = 4;

export function tempDataDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `openmart-bench-${tag}-`));
}

export async function submitAll(exchange: Exchange, commands: readonly Command[]): Promise<void> {
  const inFlight: Promise<Submitted>[] = [];
  for (let i = 0; i < commands.length; i += CHUNK) {
    const end = Math.min(commands.length, i + CHUNK);
    let last: Promise<Submitted> | undefined;
    for (let j = i; j < end; j++) last = exchange.sequencer.submit(toDraft(commands[j] as Command));
    if (last !== undefined) inFlight.push(last);
    if (inFlight.length >= IN_FLIGHT_CHUNKS) await inFlight.shift();
    else await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await Promise.all(inFlight);
}

export interface JournaledRun {
  readonly seconds: number;
  readonly batches: number;
}

export async function runJournaled(setup: readonly Command[], flow: readonly Command[], fsync: boolean): Promise<JournaledRun> {
  const dir = tempDataDir('journal');
  let batches = 0;
  try {
    const exchange = await openExchange({ dataDir: dir, fsync, snapshotEvery: 0, onBatch: () => { batches++; } });
    await submitAll(exchange, setup);
    batches = 0;
    const start = process.hrtime.bigint();
    await submitAll(exchange, flow);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    await exchange.close();
    return { seconds, batches };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
