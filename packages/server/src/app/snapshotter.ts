/**
 * Snapshots for the sequencer: the engine state is captured synchronously
 * (engine.snapshot() + stateHash, serialized at once), then written
 * atomically off the hot path once every command it covers is durable, so a
 * snapshot never covers a seq the journal does not have. One at a time;
 * after each, all but the newest `keep` snapshots are deleted.
 */
import type { ExchangeEngine } from '../engine/types.js';
import { encodeSnapshot, pruneSnapshots, writeSnapshot } from '../journal/index.js';

export interface SnapshotInfo {
  /** The snapshot covers every command up to and including this seq. */
  readonly seq: number;
  readonly path: string;
  readonly bytes: number;
  readonly stateHash: string;
  /** Time the writer was blocked capturing and serializing the state. */
  readonly captureMs: number;
  /** Time from capture to the file being durable. */
  readonly writeMs: number;
}

/** What the snapshotter reads from its sequencer. */
export interface SnapshotSource {
  readonly engine: ExchangeEngine;
  /** The seq the engine state includes, and the last stamped time. */
  position(): { readonly seq: number; readonly lastNow: number };
  /** Resolves when everything applied so far is durable. */
  durable(): Promise<void>;
}

export interface SnapshotterOptions {
  readonly dir: string;
  readonly source: SnapshotSource;
  /** Accepted commands between automatic snapshots (0: never). */
  readonly every: number;
  /** Seq of the newest snapshot on disk. */
  readonly lastSeq: number;
  /** After each snapshot written, delete all but the newest this many (0: keep all). */
  readonly keep: number;
  readonly fsync: boolean;
  readonly onSnapshot: ((info: SnapshotInfo) => void) | undefined;
  readonly onError: ((err: Error) => void) | undefined;
}

export class Snapshotter {
  private lastSeq: number;
  private pending: Promise<SnapshotInfo> | null = null;

  constructor(private readonly opts: SnapshotterOptions) {
    this.lastSeq = opts.lastSeq;
  }

  /** Whether an automatic snapshot is due at `durableSeq`. */
  due(durableSeq: number): boolean {
    return this.opts.every > 0 && this.pending === null && durableSeq - this.lastSeq >= this.opts.every;
  }

  /** Capture now (or, while one is being written, right after it) and write. */
  take(): Promise<SnapshotInfo> {
    if (this.pending !== null) {
      const again = (): Promise<SnapshotInfo> => this.take();
      return this.pending.then(again, again);
    }
    const p = this.capture();
    this.pending = p;
    const clear = (): void => {
      if (this.pending === p) this.pending = null;
    };
    p.then(clear, clear);
    return p;
  }

  private async capture(): Promise<SnapshotInfo> {
    const { engine, durable } = this.opts.source;
    const { seq, lastNow } = this.opts.source.position();
    const t0 = performance.now();
    const stateHash = engine.stateHash();
    const bytes = encodeSnapshot(seq, stateHash, lastNow, engine.snapshot());
    const t1 = performance.now();
    try {
      await durable();
      const path = await writeSnapshot(this.opts.dir, seq, bytes, this.opts.fsync);
      if (seq > this.lastSeq) this.lastSeq = seq;
      if (this.opts.keep > 0) pruneSnapshots(this.opts.dir, this.opts.keep);
      const info: SnapshotInfo = { seq, path, bytes: bytes.length, stateHash, captureMs: t1 - t0, writeMs: performance.now() - t1 };
      this.opts.onSnapshot?.(info);
      return info;
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      if (this.opts.onError) this.opts.onError(e);
      else process.stderr.write(`openmart: snapshot at seq ${seq} failed (the journal still has everything): ${e.message}\n`);
      throw e;
    }
  }

  /** Resolves when no snapshot is being written. */
  async idle(): Promise<void> {
    while (this.pending !== null) await this.pending.catch(() => undefined);
  }
}
