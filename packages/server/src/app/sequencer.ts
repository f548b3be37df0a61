/**
 * The single writer. Every state change passes `submit`: the command is
 * stamped (time from the clock, ids from the engine), framed into the
 * current batch, applied to the engine synchronously in arrival order, and
 * its promise settles only after its batch is written, fdatasync'ed and
 * applied by every projection. While one batch is being synced, new
 * commands keep being applied and queue into the next batch (group commit:
 * one write + one fdatasync per batch). A failed write, sync or projection
 * makes the sequencer fail-stop: pending promises reject, later submits
 * reject, and `onFatal` runs (by default: log and exit the process).
 * Registry reads (currencies, markets, users, API keys), which read the
 * engine, wait first for `registryDurable()`.
 */
import type { Command, CommandDraft, Outcome, Projection } from '../domain/index.js';
import type { ExchangeEngine, NextIds } from '../engine/types.js';
import { appendRecord, type JournalWriter } from '../journal/index.js';
import { Batch, type Submitted } from './batch.js';
import { systemClock, type Clock } from './clock.js';
import { CHANGES_REGISTRY } from './registry-commands.js';
import { stampCommand } from './stamp.js';
import { Snapshotter, type FreeSpace, type SnapshotFailedError, type SnapshotInfo } from './snapshotter.js';

export interface BatchMetrics {
  /** Submits in the batch (accepted and rejected). */
  readonly commands: number;
  readonly accepted: number;
  readonly bytes: number;
  readonly writeMs: number;
  /** fdatasync duration (0 when fsync is off or nothing was written). */
  readonly syncMs: number;
  readonly projectMs: number;
  /** Highest seq durable after this batch. */
  readonly durableSeq: number;
}

export interface SequencerOptions {
  readonly engine: ExchangeEngine;
  readonly writer: JournalWriter;
  /** Seq of the last journal record, which the engine state already includes. */
  readonly lastSeq: number;
  /** `now` of the last journal command: stamped times never go below it. */
  readonly lastNow?: number;
  readonly clock?: Clock;
  readonly projections?: readonly Projection[];
  /** Where snapshots go; without it `snapshot()` rejects and none are taken automatically. */
  readonly snapshotDir?: string;
  /** Take a snapshot after this many accepted commands since the last one (0: never). */
  readonly snapshotEvery?: number;
  /** Seq of the newest snapshot on disk (counts towards snapshotEvery). */
  readonly lastSnapshotSeq?: number;
  /** Snapshots kept on disk: older ones are deleted after each new one (default 0: keep all). */
  readonly snapshotKeep?: number;
  /** false: snapshots are not fsync'ed (the journal writer has its own flag). */
  readonly fsync?: boolean;
  readonly onBatch?: (m: BatchMetrics) => void;
  readonly onSnapshot?: (info: SnapshotInfo) => void;
  /**
   * A snapshot could not be written (not fatal: the journal has everything).
   * Rate-limited: the first failure of a run, then at most one a minute
   * (the error counts the others); every failure is in `snapshotFailures`.
   */
  readonly onSnapshotError?: (err: SnapshotFailedError) => void;
  /** Free bytes where snapshots go (default: statfs); a snapshot is skipped when too little is free. */
  readonly snapshotFreeSpace?: FreeSpace;
  /** The journal or a projection failed; the default logs and exits with code 74. */
  readonly onFatal?: (err: Error) => void;
}

export class SequencerFailedError extends Error {
  override name = 'SequencerFailedError';
}

const noop = (): void => undefined;

function defaultFatal(err: Error): void {
  process.stderr.write(`openmart: FATAL, the journal can no longer be trusted; exiting: ${err.stack ?? err.message}\n`);
  process.exit(74);
}

export class Sequencer {
  private readonly engine: ExchangeEngine;
  private readonly writer: JournalWriter;
  private readonly clock: Clock;
  private readonly projections: Projection[];
  private project: boolean;
  private readonly onBatch: ((m: BatchMetrics) => void) | undefined;
  private readonly onFatal: (err: Error) => void;
  private readonly snapshotter: Snapshotter | null;
  private current = new Batch();
  private spare = new Batch();
  private inflight: Batch | null = null;
  private active = false;
  private seq: number;
  private durable: number;
  /** Seq of the last accepted command that changed the registry (app/registry-commands.ts). */
  private registrySeq = 0;
  private lastNow: number;
  private closed = false;
  private failure: SequencerFailedError | null = null;

  constructor(opts: SequencerOptions) {
    this.engine = opts.engine;
    this.writer = opts.writer;
    this.clock = opts.clock ?? systemClock;
    this.projections = [...(opts.projections ?? [])];
    this.project = this.projections.length > 0;
    this.onBatch = opts.onBatch;
    this.onFatal = opts.onFatal ?? defaultFatal;
    this.seq = opts.lastSeq;
    this.durable = opts.lastSeq;
    this.lastNow = opts.lastNow ?? 0;
    this.snapshotter =
      opts.snapshotDir === undefined
        ? null
        : new Snapshotter({
            dir: opts.snapshotDir,
            source: {
              engine: opts.engine,
              position: () => ({ seq: this.seq, lastNow: this.lastNow }),
              durable: () => this.flush(),
            },
            every: opts.snapshotEvery ?? 0,
            lastSeq: opts.lastSnapshotSeq ?? 0,
            keep: opts.snapshotKeep ?? 0,
            fsync: opts.fsync ?? true,
            onSnapshot: opts.onSnapshot,
            onError: opts.onSnapshotError,
            freeSpace: opts.snapshotFreeSpace,
          });
  }

  /** Seq of the last accepted command (applied, maybe not yet durable). */
  get lastSeq(): number {
    return this.seq;
  }

  /** Highest seq that is durable and projected. */
  get durableSeq(): number {
    return this.durable;
  }

  /** Snapshots that failed or were skipped for lack of space since start (0 without a snapshot directory). */
  get snapshotFailures(): number {
    return this.snapshotter?.failures ?? 0;
  }

  /** The error that stopped the sequencer, or null while it runs. */
  get failed(): Error | null {
    return this.failure;
  }

  /**
   * Feed `projection` every durable batch from now on. Only at rest (nothing
   * submitted that is not yet durable), so a projection seeded from the
   * engine just before holds exactly the durable state; throws otherwise.
   */
  attach(projection: Projection): void {
    if (this.failure !== null) throw this.failure;
    if (this.current.count > 0 || this.inflight !== null || this.seq !== this.durable) {
      throw new Error(`cannot attach projection ${projection.name}: commands are in flight (applied up to seq ${this.seq}, durable ${this.durable})`);
    }
    if (projection.lastAppliedSeq() !== this.seq) {
      throw new Error(`cannot attach projection ${projection.name}: it is at seq ${projection.lastAppliedSeq()}, the journal at ${this.seq}`);
    }
    this.projections.push(projection);
    this.project = true;
  }

  submit(draft: CommandDraft): Promise<Submitted> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new SequencerFailedError('the sequencer is closed'));
    const b = this.current;
    const w = b.records;
    const start = w.pos;
    let command: Command;
    try {
      command = this.stamp(draft);
      // Encode first: a command the codec cannot write is refused before it touches the engine.
      appendRecord(w, this.seq + 1, command);
    } catch (err) {
      w.pos = start;
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    let outcome: Outcome;
    try {
      outcome = this.engine.apply(command);
    } catch (err) {
      w.pos = start;
      this.fail(new SequencerFailedError(`the engine threw on a ${command.type} command; its state can no longer be trusted`, { cause: err }));
      return Promise.reject(this.failure);
    }
    let seq = 0;
    if (outcome.ok) {
      seq = ++this.seq;
      if (CHANGES_REGISTRY[command.type]) this.registrySeq = seq;
      b.lastSeq = seq;
      b.accepted++;
      if (this.project) b.committed.push({ seq, command, events: outcome.events });
    } else {
      w.pos = start;
    }
    b.count++;
    if (!this.active) {
      this.active = true;
      setImmediate(this.run);
    }
    b.results.push({ seq, command, outcome });
    this.target = b;
    return new Promise<Submitted>(this.enqueue);
  }

  private stamp(draft: CommandDraft): Command {
    let now = this.clock.now();
    if (now < this.lastNow) now = this.lastNow;
    else this.lastNow = now;
    return stampCommand(draft, now, this.nextIds);
  }

  /** The promise executor of submit: one shared function, no closure per command. */
  private target: Batch | null = null;
  private readonly enqueue = (resolve: (s: Submitted) => void, reject: (err: Error) => void): void => {
    const b = this.target as Batch;
    b.resolvers.push(resolve);
    b.rejecters.push(reject);
  };

  private readonly nextIds = (): NextIds => this.engine.nextIds();

  /** The flush loop: write and sync batches until none is waiting. */
  private readonly run = async (): Promise<void> => {
    while (this.current.count > 0 && this.failure === null) {
      const b = this.current;
      this.current = this.spare;
      this.inflight = b;
      let writeMs = 0;
      let syncMs = 0;
      let projectMs = 0;
      const bytes = b.records.pos;
      let stage = 'journal append';
      try {
        if (b.accepted > 0) {
          const t = await this.writer.append(b.records.buf, bytes, b.lastSeq);
          writeMs = t.writeMs;
          syncMs = t.syncMs;
          if (this.project) {
            const t0 = performance.now();
            for (const p of this.projections) {
              stage = `projection ${p.name}`;
              p.applyBatch(b.committed);
            }
            projectMs = performance.now() - t0;
          }
          this.durable = b.lastSeq;
        }
      } catch (err) {
        // A failed append has already cut the segment back to its size before the batch (JournalWriter.append).
        const what = `${stage} failed for the batch ending at seq ${b.lastSeq}; no command of that batch or later is acknowledged`;
        this.fail(new SequencerFailedError(what, { cause: err }), b);
        return;
      }
      this.inflight = null;
      b.settle();
      const m = this.onBatch;
      if (m !== undefined) {
        try {
          m({ commands: b.count, accepted: b.accepted, bytes, writeMs, syncMs, projectMs, durableSeq: this.durable });
        } catch (err) {
          process.stderr.write(`openmart: the batch metrics hook threw (ignored): ${(err as Error).message}\n`);
        }
      }
      b.reset();
      this.spare = b;
      if (this.snapshotter !== null && this.snapshotter.due(this.durable)) void this.snapshot().catch(() => undefined);
    }
    this.active = false;
  };

  private fail(err: SequencerFailedError, batch?: Batch): void {
    if (this.failure !== null) return;
    this.failure = err;
    batch?.fail(err);
    this.current.fail(err);
    this.onFatal(err);
  }

  /** Resolves when every command submitted so far is durable and projected. */
  flush(): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const b = this.current.count > 0 ? this.current : this.inflight;
    // Chained like a submit, so replies of the batch settle before the flush does.
    return b === null ? Promise.resolve() : b.done.then(noop);
  }

  /**
   * The read barrier of the registry: null (nothing to wait for) when every
   * registry change accepted so far is durable, so the engine's registry is
   * the durable one; otherwise a promise that resolves once the batch
   * holding the last such change is durable and its replies are settled,
   * or rejects with the failure if the sequencer fails before (or has failed).
   */
  registryDurable(): Promise<void> | null {
    const seq = this.registrySeq;
    if (seq <= this.durable) return null;
    if (this.failure !== null) return Promise.reject(this.failure);
    const inflight = this.inflight;
    const b = inflight !== null && seq <= inflight.lastSeq ? inflight : this.current;
    return b.done.then(noop);
  }

  /**
   * Take a snapshot of the current state (synchronously captured), write it
   * once every command it covers is durable, and return its seq and file.
   */
  async snapshot(): Promise<SnapshotInfo> {
    if (this.snapshotter === null) throw new Error('no snapshot directory configured');
    if (this.failure !== null) throw this.failure;
    return this.snapshotter.take();
  }

  /** Drain in-flight work and pending snapshots, then close the journal. Later submits reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.flush();
      await this.snapshotter?.idle();
    } finally {
      await this.writer.close();
    }
  }
}

export { SnapshotFailedError, type SnapshotInfo } from './snapshotter.js';
export type { Submitted } from './batch.js';
