/**
 * Snapshots for the sequencer: the engine state is captured synchronously
 * (engine.snapshot() + stateHash, serialized at once), then written
 * atomically off the hot path once every command it covers is durable, so a
 * snapshot never covers a seq the journal does not have. One at a time;
 * after each, all but the newest `keep` snapshots are deleted.
 *
 * A snapshot is never needed for correctness (the journal has everything),
 * so a failing one must not cost more than the snapshots it replaces:
 * - after a failure the next automatic attempt waits another `every`
 *   accepted commands (capturing blocks the writer, so retrying after each
 *   batch would capture the whole state after each batch);
 * - before writing, the free space of the snapshot directory is checked: a
 *   snapshot that would leave less than a reserve free is not written (a
 *   half-written `.tmp` would take the space the journal and the query
 *   store need, and a full disk stops the server);
 * - failures are reported rate-limited: the first one of a run with its
 *   reason, then at most one report per `reportEveryMs` with the count.
 */
import { statfs } from 'node:fs/promises';
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

/** Free bytes (for an unprivileged process) on the file system holding `dir`. */
export type FreeSpace = (dir: string) => Promise<number>;

export const statfsFreeSpace: FreeSpace = async (dir) => {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
};

/** Free space kept beyond a snapshot's own size: max(MIN_SNAPSHOT_RESERVE_BYTES, the snapshot's size). */
export const MIN_SNAPSHOT_RESERVE_BYTES = 64 * 1024 * 1024;

/** Bytes that must be free before a snapshot of `bytes` is written: the snapshot plus the reserve. */
export function snapshotSpaceNeeded(bytes: number): number {
  return bytes + Math.max(MIN_SNAPSHOT_RESERVE_BYTES, bytes);
}

/** Default minimum time between two reports of a run of failures. */
export const DEFAULT_SNAPSHOT_REPORT_MS = 60_000;

/**
 * A snapshot that was not written. `message` is the reason
 * ("snapshot at seq N failed: …"); the other fields say how often it has
 * failed, so a rate-limited report still tells the whole story.
 */
export class SnapshotFailedError extends Error {
  override name = 'SnapshotFailedError';
  constructor(
    /** The seq the snapshot would have covered. */
    readonly seq: number,
    /** The reason alone: the error's message, with its errno code when it has one. */
    readonly reason: string,
    /** Failures in a row, this one included (reset by a snapshot written). */
    readonly consecutive: number,
    /** Failures since the previous report that were not reported. */
    readonly suppressed: number,
    /** The next automatic attempt waits for this durable seq (0: automatic snapshots are off). */
    readonly nextAttemptSeq: number,
    options?: { cause?: unknown },
  ) {
    super(`snapshot at seq ${seq} failed: ${reason}`, options);
  }
}

export interface SnapshotterOptions {
  readonly dir: string;
  readonly source: SnapshotSource;
  /** Accepted commands between automatic snapshots (0: never); also the wait after a failed one. */
  readonly every: number;
  /** Seq of the newest snapshot on disk. */
  readonly lastSeq: number;
  /** After each snapshot written, delete all but the newest this many (0: keep all). */
  readonly keep: number;
  readonly fsync: boolean;
  readonly onSnapshot: ((info: SnapshotInfo) => void) | undefined;
  /** Rate-limited: the first failure of a run, then at most one per `reportEveryMs`. */
  readonly onError: ((err: SnapshotFailedError) => void) | undefined;
  /** Free space of the snapshot directory; default statfs. */
  readonly freeSpace?: FreeSpace;
  /** Default DEFAULT_SNAPSHOT_REPORT_MS. */
  readonly reportEveryMs?: number;
  /** Milliseconds, for rate-limiting reports; default Date.now. */
  readonly now?: () => number;
}

/** The reason of a failure in one line: the message, plus the errno code when the message does not start with it. */
function reasonOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  return typeof code === 'string' && !err.message.startsWith(code) ? `${err.message} (${code})` : err.message;
}

export class Snapshotter {
  /** The next automatic snapshot is due once this seq is durable. */
  private nextDue: number;
  private pending: Promise<SnapshotInfo> | null = null;
  private failedTotal = 0;
  private consecutive = 0;
  private suppressed = 0;
  private lastReport = Number.NEGATIVE_INFINITY;

  constructor(private readonly opts: SnapshotterOptions) {
    this.nextDue = opts.lastSeq + opts.every;
  }

  /** Whether an automatic snapshot is due at `durableSeq`. */
  due(durableSeq: number): boolean {
    return this.opts.every > 0 && this.pending === null && durableSeq >= this.nextDue;
  }

  /** Snapshots that failed (or were skipped for lack of space) since this snapshotter started. */
  get failures(): number {
    return this.failedTotal;
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
    try {
      const stateHash = engine.stateHash();
      const bytes = encodeSnapshot(seq, stateHash, lastNow, engine.snapshot());
      const t1 = performance.now();
      await durable();
      await this.checkSpace(bytes.length);
      const path = await writeSnapshot(this.opts.dir, seq, bytes, this.opts.fsync);
      const next = seq + this.opts.every;
      if (next > this.nextDue) this.nextDue = next;
      this.consecutive = 0;
      this.suppressed = 0;
      this.lastReport = Number.NEGATIVE_INFINITY;
      if (this.opts.keep > 0) pruneSnapshots(this.opts.dir, this.opts.keep);
      const info: SnapshotInfo = { seq, path, bytes: bytes.length, stateHash, captureMs: t1 - t0, writeMs: performance.now() - t1 };
      this.opts.onSnapshot?.(info);
      return info;
    } catch (err) {
      throw this.failed(seq, err);
    }
  }

  /** Throws when writing `size` bytes would leave less than the reserve free. */
  private async checkSpace(size: number): Promise<void> {
    let free: number;
    try {
      free = await (this.opts.freeSpace ?? statfsFreeSpace)(this.opts.dir);
    } catch {
      // Cannot tell (e.g. the directory is missing): the write itself reports the real problem.
      return;
    }
    const needed = snapshotSpaceNeeded(size);
    if (free < needed) {
      const err: NodeJS.ErrnoException = new Error(
        `not enough free space in ${this.opts.dir}: ${free} bytes free, a snapshot of ${size} bytes needs ${needed} ` +
          `(its size plus a reserve of ${needed - size} bytes kept for the journal and the query store); not written`,
      );
      err.code = 'ENOSPC';
      throw err;
    }
  }

  /** Count a failure, push the next automatic attempt back by `every`, report it (rate-limited). */
  private failed(seq: number, err: unknown): SnapshotFailedError {
    this.failedTotal++;
    this.consecutive++;
    const next = seq + this.opts.every;
    if (next > this.nextDue) this.nextDue = next;
    const now = (this.opts.now ?? Date.now)();
    const report = this.consecutive === 1 || now - this.lastReport >= (this.opts.reportEveryMs ?? DEFAULT_SNAPSHOT_REPORT_MS);
    const e = new SnapshotFailedError(seq, reasonOf(err), this.consecutive, this.suppressed, this.opts.every > 0 ? this.nextDue : 0, {
      cause: err,
    });
    if (!report) {
      this.suppressed++;
      return e;
    }
    this.lastReport = now;
    this.suppressed = 0;
    if (this.opts.onError) this.opts.onError(e);
    else process.stderr.write(`openmart: ${describeSnapshotFailure(e)}\n`);
    return e;
  }

  /** Resolves when no snapshot is being written. */
  async idle(): Promise<void> {
    while (this.pending !== null) await this.pending.catch(() => undefined);
  }
}

/** One log line for a reported failure: the reason, and how many were not reported since the last line. */
export function describeSnapshotFailure(e: SnapshotFailedError): string {
  const more =
    e.consecutive === 1
      ? ''
      : ` (${e.consecutive} failures in a row, ${e.suppressed} of them not reported since the last report)`;
  const next = e.nextAttemptSeq > 0 ? `; next automatic attempt once seq ${e.nextAttemptSeq} is durable` : '';
  return `${e.message}${more}${next} (the journal still has everything)`;
}
