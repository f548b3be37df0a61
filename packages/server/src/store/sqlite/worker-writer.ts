/**
 * The main-thread side of the SQLite writer thread: hands committed batches
 * to the worker (writer-worker.ts) and returns; reads the committed seq from
 * a shared cell; blocks (Atomics.wait) while more than `maxLagCommands`
 * handed-over commands are not yet committed; resolves `settled()` promises
 * on the worker's `committed` messages; turns any writer failure into one
 * failed state (reported once, rethrown by later calls).
 *
 * Hand-off: applyBatch packs the commands (writer-codec.ts) into a buffer
 * that is posted as one message `handOffMs` after the first of them arrived,
 * or at once when it holds POST_AT commands, when settled() or close() is
 * called, or when the lag bound makes applyBatch wait. So the worker gets
 * fewer, larger batches (fewer messages here, fewer transactions there).
 * Buffered commands count as handed over, for the lag bound and settled().
 *
 * The worker is unref'd while idle (nothing handed over is uncommitted and
 * no close is under way), so an unclosed store does not keep the process
 * alive, and ref'd while it has work (buffered ones included), so no batch
 * is lost to an exit.
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import type { CommittedCommand } from '../../domain/index.js';
import { spawnWriterWorker } from './worker-spawn.js';
import { pack } from './writer-codec.js';
import {
  COMMITTED, FAILED, SHARED_CELLS, STATE, errorOf, fromWorker, type ToWorker,
} from './writer-protocol.js';

export interface WorkerWriterOptions {
  readonly path: string;
  /** meta.last_seq of the file when the worker starts. */
  readonly initialSeq: number;
  readonly maxLagCommands: number;
  /** Longest wait of a handed-over command in the buffer, ms; 0: posted within applyBatch. */
  readonly handOffMs: number;
  /** applyBatch blocked on the lag bound fails the store after this long without a commit, ms. */
  readonly stallMs: number;
  readonly onWriterError?: (err: Error) => void;
}

interface Waiter {
  readonly target: number;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

/** Largest transaction the worker builds by coalescing queued batches, in commands. */
const COALESCE = 8192;
/** The buffer is posted at once when it holds this many commands. */
const POST_AT = 512;
/** Back-pressure waits in slices, re-checking the state (a crash may not wake the waiter). */
const WAIT_SLICE_MS = 50;

export class WorkerWriter {
  private readonly sab = new SharedArrayBuffer(SHARED_CELLS * BigInt64Array.BYTES_PER_ELEMENT);
  private readonly shared = new BigInt64Array(this.sab);
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private readonly exited: Promise<number>;
  /** Highest seq handed over (posted or in the buffer). */
  private handed: number;
  /** Commands handed over but not posted yet, packed; `buffered` of them. */
  private buffer: unknown[] = [];
  private buffered = 0;
  private timer: NodeJS.Timeout | undefined;
  private waiters: Waiter[] = [];
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;
  private hasExited = false;

  constructor(private readonly options: WorkerWriterOptions) {
    this.handed = options.initialSeq;
    Atomics.store(this.shared, COMMITTED, BigInt(options.initialSeq));
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = spawnWriterWorker({ path: options.path, port: port2, shared: this.sab, coalesce: COALESCE }, [port2]);
    this.exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.port.on('message', (m: unknown) => this.onMessage(m));
    this.port.unref(); // liveness is the worker's ref
    this.worker.on('error', (err: Error) => this.fail(err));
    this.worker.on('exit', (code: number) => this.onExit(code));
    this.worker.unref();
  }

  /** Highest seq committed by the worker (exact: read from the shared cell). */
  lastAppliedSeq(): number {
    return Number(Atomics.load(this.shared, COMMITTED));
  }

  applyBatch(batch: readonly CommittedCommand[]): void {
    this.check();
    const fresh = batch.filter((c) => c.seq > this.handed);
    if (fresh.length === 0) return;
    this.waitForRoom(fresh.length);
    for (const c of fresh) pack(this.buffer, c);
    this.buffered += fresh.length;
    this.handed = fresh[fresh.length - 1].seq;
    this.worker.ref();
    if (this.buffered >= POST_AT || this.options.handOffMs <= 0) this.post();
    else this.timer ??= setTimeout(() => this.postLater(), this.options.handOffMs).unref();
  }

  settled(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    try {
      this.post();
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    const target = this.handed;
    if (this.lastAppliedSeq() >= target) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ target, resolve, reject }));
  }

  /** Lets the worker commit everything handed over, stops it; rejects with the writer's error if it failed. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.stop();
    return this.closing;
  }

  private async stop(): Promise<void> {
    if (!this.hasExited) {
      this.worker.ref();
      try {
        if (this.failure === undefined) {
          this.post();
          this.send({ type: 'close' });
        }
      } catch {
        // send() has failed the store: stopped below
      }
      if (this.failure !== undefined) void this.worker.terminate();
      await this.exited;
    }
    if (this.failure !== undefined) throw this.failure;
  }

  private check(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.closing !== undefined) throw new Error('sqlite-store: closed');
  }

  /** Posts the buffer (if anything is in it) as one batch message. */
  private post(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.buffered === 0) return;
    const data = this.buffer;
    this.buffer = [];
    this.buffered = 0;
    this.send({ type: 'batch', data });
  }

  private postLater(): void {
    this.timer = undefined;
    try {
      this.post();
    } catch {
      // send() has failed the store and reported it; later calls throw it
    }
  }

  private send(m: ToWorker): void {
    try {
      this.port.postMessage(m);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      this.fail(e);
      throw this.failure ?? e;
    }
  }

  /** Blocks until `incoming` more commands fit under the lag bound (or nothing is pending). */
  private waitForRoom(incoming: number): void {
    let last = -1n;
    let progressAt = 0;
    for (;;) {
      const committed = Atomics.load(this.shared, COMMITTED);
      const lag = this.handed - Number(committed);
      if (lag <= 0 || lag + incoming <= this.options.maxLagCommands) return;
      this.post(); // the worker cannot commit what it has not been given
      if (Atomics.load(this.shared, STATE) === FAILED) {
        this.failFromQueue();
        this.check();
      }
      // A worker that died without a word (its exit cannot be observed while this thread blocks) shows as no progress.
      const now = performance.now();
      if (committed !== last) {
        last = committed;
        progressAt = now;
      } else if (now - progressAt > this.options.stallMs) {
        this.fail(new Error(`sqlite-store: the writer thread committed nothing for ${Math.round(now - progressAt)} ms while ${lag} commands waited`));
        this.check();
      }
      Atomics.wait(this.shared, COMMITTED, committed, WAIT_SLICE_MS);
    }
  }

  /** The worker failed while this thread was blocked: take its message now, without waiting for the event loop. */
  private failFromQueue(): void {
    for (let r = receiveMessageOnPort(this.port); r !== undefined; r = receiveMessageOnPort(this.port)) {
      const m = fromWorker(r.message);
      if (m?.type === 'failed') return this.fail(errorOf(m));
    }
    this.fail(new Error('sqlite-store: the writer thread stopped unexpectedly'));
  }

  private onMessage(value: unknown): void {
    const m = fromWorker(value);
    if (m === undefined) return;
    if (m.type === 'failed') return this.fail(errorOf(m));
    this.resolveWaiters();
    if (this.closing === undefined && this.lastAppliedSeq() >= this.handed) this.worker.unref();
  }

  private resolveWaiters(): void {
    const seq = this.lastAppliedSeq();
    if (this.waiters.every((w) => w.target > seq)) return;
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.target <= seq) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  private onExit(code: number): void {
    this.hasExited = true;
    // What the worker posted before it exited may still be queued: take it first (a `failed` must win).
    for (let r = receiveMessageOnPort(this.port); r !== undefined; r = receiveMessageOnPort(this.port)) this.onMessage(r.message);
    this.port.close();
    if (this.failure !== undefined || (this.closing !== undefined && code === 0)) return;
    const behind = this.handed - this.lastAppliedSeq();
    this.fail(new Error(`sqlite-store: the writer thread exited (code ${code})${behind > 0 ? ` with ${behind} commands not committed` : ''}`));
  }

  private fail(err: Error): void {
    if (this.failure !== undefined) return;
    this.failure = err;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.buffer = [];
    this.buffered = 0;
    this.resolveWaiters();
    for (const w of this.waiters) w.reject(err);
    this.waiters = [];
    if (!this.hasExited) this.worker.unref();
    this.options.onWriterError?.(err);
  }
}
