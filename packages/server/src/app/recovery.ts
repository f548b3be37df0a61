/**
 * Start-up: open a data directory and return a running exchange.
 *
 *   1. Pick the base state: the newest snapshot that verifies (checksum,
 *      restore, stateHash) and is not newer than what every projection has
 *      applied; else an empty engine (seq 0).
 *   2. Sync the journal's last segment and directory (a batch the previous
 *      process wrote but did not sync becomes durable before it is replayed
 *      and served), then replay the journal above the base into the engine,
 *      feeding the projections that are behind; a newer snapshot passed on
 *      the way is checked against the replayed state hash.
 *   3. Truncate a torn tail (only unacknowledged work can be there); refuse
 *      to start on corruption before the tail.
 *   4. Hand engine and journal position to a new Sequencer.
 */
import type { Projection } from '../domain/index.js';
import { Engine, type EngineOptions } from '../engine/engine.js';
import {
  journalDir as journalDirOf,
  JournalWriter,
  listSnapshots,
  loadSnapshot,
  readSnapshotHeader,
  snapshotDir as snapshotDirOf,
  syncJournalTail,
  type JournalIo,
  type TornTail,
} from '../journal/index.js';
import type { Clock } from './clock.js';
import { replayJournal } from './replay.js';
import { Sequencer, type BatchMetrics, type SnapshotInfo } from './sequencer.js';

export interface OpenExchangeOptions {
  readonly dataDir: string;
  readonly clock?: Clock;
  readonly projections?: readonly Projection[];
  /** Accepted commands between automatic snapshots; default 100 000, 0 turns them off. */
  readonly snapshotEvery?: number;
  /** Snapshots kept on disk (older ones deleted after each new one); default 0: keep all. */
  readonly snapshotKeep?: number;
  /** Default true; false only for tests and benchmarks that say so. */
  readonly fsync?: boolean;
  readonly engineOptions?: EngineOptions;
  /** Journal segment size before rolling to a new file; default 256 MiB. */
  readonly segmentBytes?: number;
  /** File operations of the journal writer (tests inject failures here). */
  readonly io?: JournalIo;
  readonly onBatch?: (m: BatchMetrics) => void;
  readonly onSnapshot?: (info: SnapshotInfo) => void;
  readonly onSnapshotError?: (err: Error) => void;
  readonly onFatal?: (err: Error) => void;
  /** One line per notable recovery step (torn tail, skipped snapshot, timing). */
  readonly log?: (line: string) => void;
}

export interface JournalInfo {
  readonly dataDir: string;
  readonly journalDir: string;
  readonly snapshotDir: string;
  /** The snapshot recovery started from (null: from seq 0). */
  readonly baseSnapshot: { readonly seq: number; readonly path: string } | null;
  readonly skippedSnapshots: ReadonlyArray<{ readonly path: string; readonly reason: string }>;
  /** Last seq in the journal = seq the engine state includes. */
  readonly lastSeq: number;
  /** Commands replayed into the engine on top of the base. */
  readonly replayed: number;
  /**
   * When a projection forced a base older than the newest snapshot: the
   * replayed state hash at that snapshot's seq against the one it recorded.
   * A mismatch is logged, not fatal: it means non-determinism, or a snapshot
   * written by an engine version that hashed differently.
   */
  readonly hashCheck: { readonly seq: number; readonly expected: string; readonly got: string; readonly what: string } | null;
  readonly torn: TornTail | null;
  readonly projections: ReadonlyArray<{ readonly name: string; readonly from: number; readonly to: number }>;
  readonly timings: { readonly snapshotMs: number; readonly replayMs: number; readonly openMs: number; readonly totalMs: number };
}

export interface Exchange {
  readonly engine: Engine;
  readonly sequencer: Sequencer;
  readonly journalInfo: JournalInfo;
  /** Drain in-flight commands and snapshots, close the journal. */
  close(): Promise<void>;
}

interface Base {
  engine: Engine;
  seq: number;
  lastNow: number;
  path: string | null;
}

export async function openExchange(opts: OpenExchangeOptions): Promise<Exchange> {
  const t0 = performance.now();
  const log = opts.log ?? (() => undefined);
  const jDir = journalDirOf(opts.dataDir);
  const sDir = snapshotDirOf(opts.dataDir);
  const projections = opts.projections ?? [];
  const need = projections.length === 0 ? Infinity : Math.min(...projections.map((p) => p.lastAppliedSeq()));

  const snapshots = listSnapshots(sDir);
  const skipped: Array<{ path: string; reason: string }> = [];
  let base: Base | null = null;
  let check: { seq: number; stateHash: string; what: string } | undefined;
  for (const s of snapshots) {
    if (s.seq > need) {
      if (check === undefined) {
        const h = readSnapshotHeader(s.path);
        if (h !== null) check = { seq: h.seq, stateHash: h.stateHash, what: `snapshot ${s.path}` };
      }
      continue;
    }
    try {
      const loaded = loadSnapshot(s.path);
      const engine = Engine.restore(loaded.engine, opts.engineOptions);
      const hash = Engine.restoredHash(engine, loaded.engine);
      if (hash !== loaded.header.stateHash) throw new Error(`restored state hash ${hash} differs from the recorded ${loaded.header.stateHash}`);
      base = { engine, seq: loaded.header.seq, lastNow: loaded.header.lastNow, path: s.path };
      break;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      skipped.push({ path: s.path, reason });
      log(`recovery: skipping snapshot ${s.path}: ${reason}`);
    }
  }
  if (base === null) base = { engine: new Engine(opts.engineOptions), seq: 0, lastNow: 0, path: null };
  // The tail may still be only in the page cache (the last process died between a batch's
  // write and its fdatasync): make it durable before anything is built on it or served.
  if (opts.fsync ?? true) await syncJournalTail(jDir, opts.io);
  const t1 = performance.now();

  const r = replayJournal(base.engine, jDir, base.seq, { projections, check });
  if (r.scan.lastSeq < base.seq) {
    throw new Error(`snapshot ${base.path} covers seq ${base.seq} but the journal in ${jDir} ends at seq ${r.scan.lastSeq}: journal records are missing`);
  }
  if (r.checked !== null && r.checked.got !== r.checked.expected) {
    log(`recovery: WARNING state hash at seq ${r.checked.seq} is ${r.checked.got}, but ${r.checked.what} recorded ${r.checked.expected}`);
  }
  if (r.scan.torn !== null) {
    const t = r.scan.torn;
    log(`recovery: torn tail in ${t.file} at byte ${t.offset} (${t.bytes} bytes: ${t.reason}); truncating (no acknowledged command can be there)`);
  }
  const t2 = performance.now();

  const tail = r.scan.tail;
  const writer = await JournalWriter.open({
    dir: jDir,
    tail: tail === null ? null : { path: tail.segment.path, validBytes: tail.validBytes },
    nextSeq: r.scan.lastSeq + 1,
    segmentBytes: opts.segmentBytes,
    fsync: opts.fsync,
    io: opts.io,
  });
  const engine = base.engine;
  const sequencer = new Sequencer({
    engine,
    writer,
    lastSeq: r.scan.lastSeq,
    lastNow: r.applied > 0 ? r.lastNow : base.lastNow,
    clock: opts.clock,
    projections,
    snapshotDir: sDir,
    snapshotEvery: opts.snapshotEvery ?? 100_000,
    snapshotKeep: opts.snapshotKeep,
    lastSnapshotSeq: snapshots.length > 0 ? snapshots[0].seq : 0,
    fsync: opts.fsync,
    onBatch: opts.onBatch,
    onSnapshot: opts.onSnapshot,
    onSnapshotError: opts.onSnapshotError,
    onFatal: opts.onFatal,
  });
  const t3 = performance.now();
  const journalInfo: JournalInfo = {
    dataDir: opts.dataDir,
    journalDir: jDir,
    snapshotDir: sDir,
    baseSnapshot: base.path === null ? null : { seq: base.seq, path: base.path },
    skippedSnapshots: skipped,
    lastSeq: r.scan.lastSeq,
    replayed: r.applied,
    hashCheck: r.checked,
    torn: r.scan.torn,
    projections: r.projections,
    timings: { snapshotMs: t1 - t0, replayMs: t2 - t1, openMs: t3 - t2, totalMs: t3 - t0 },
  };
  log(
    `recovery: seq ${journalInfo.lastSeq} (snapshot ${base.seq} + ${r.applied} replayed) in ${journalInfo.timings.totalMs.toFixed(0)} ms ` +
      `(snapshot ${journalInfo.timings.snapshotMs.toFixed(0)}, replay ${journalInfo.timings.replayMs.toFixed(0)})`,
  );
  return { engine, sequencer, journalInfo, close: () => sequencer.close() };
}
