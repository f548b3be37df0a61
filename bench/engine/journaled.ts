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
import type { Command, CommandDraft } from '../../packages/server/src/domain/index.js';
import type { Submitted } from '../../packages/server/src/app/sequencer.js';
import { toDraft } from './drafts.js';

/** Commands submitted per event-loop turn, and chunks awaiting durability at once: at most 1,000 in flight, like a server with that many concurrent requests. */
const CHUNK = Number(process.env.BENCH_CHUNK ?? 500);
const IN_FLIGHT_CHUNKS = Number(process.env.BENCH_INFLIGHT ?? 2);

export function tempDataDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `openmart-bench-${tag}-`));
}

/** Drafts are made before any timing, as the peer's ops are. */
export function draftsOf(commands: readonly Command[]): CommandDraft[] {
  return commands.map(toDraft);
}

/**
 * Submit drafts in order; stops early once the journal reaches `untilSeq`
 * (default: never). Returns how many drafts were submitted.
 */
export async function submitAll(exchange: Exchange, drafts: readonly CommandDraft[], untilSeq = Infinity): Promise<number> {
  const inFlight: Promise<Submitted>[] = [];
  let i = 0;
  for (; i < drafts.length && exchange.sequencer.lastSeq < untilSeq; i += CHUNK) {
    const end = Math.min(drafts.length, i + CHUNK);
    let last: Promise<Submitted> | undefined;
    for (let j = i; j < end && exchange.sequencer.lastSeq < untilSeq; j++) last = exchange.sequencer.submit(drafts[j] as CommandDraft);
    if (last !== undefined) inFlight.push(last);
    if (inFlight.length >= IN_FLIGHT_CHUNKS) await inFlight.shift();
    else await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await Promise.all(inFlight);
  return Math.min(i, drafts.length);
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
    await submitAll(exchange, draftsOf(setup));
    const drafts = draftsOf(flow);
    batches = 0;
    const start = process.hrtime.bigint();
    await submitAll(exchange, drafts);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    await exchange.close();
    return { seconds, batches };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
