/**
 * What the main thread and the SQLite writer thread share: the layout of the
 * shared seq cell, the messages on their channel (main → worker: batches in
 * the form of writer-codec.ts, and `close`; worker → main: `committed`,
 * `failed`) and the worker's start data,
 * with guards to narrow what arrives as `unknown`.
 */
import { MessagePort } from 'node:worker_threads';

/** Index in the shared BigInt64Array: highest seq committed by the worker. */
export const COMMITTED = 0;
/** Index in the shared BigInt64Array: the writer's state (RUNNING, FAILED, STOPPED). */
export const STATE = 1;
export const SHARED_CELLS = 2;

export const RUNNING = 0n;
export const FAILED = 1n;
export const STOPPED = 2n;

export interface BatchMessage {
  readonly type: 'batch';
  /** Commands in ascending seq, in the flat form of writer-codec.ts. */
  readonly data: readonly unknown[];
}
export interface CloseMessage {
  readonly type: 'close';
}
export type ToWorker = BatchMessage | CloseMessage;

export interface CommittedMessage {
  readonly type: 'committed';
  readonly seq: number;
}
export interface FailedMessage {
  readonly type: 'failed';
  readonly message: string;
  readonly stack: string | undefined;
}
export type FromWorker = CommittedMessage | FailedMessage;

export interface WriterWorkerData {
  /** Database file (never ':memory:': the main thread reads the same file). */
  readonly path: string;
  /** Both directions of messages; the worker exits when it closes it. */
  readonly port: MessagePort;
  /** SharedArrayBuffer behind a BigInt64Array of SHARED_CELLS cells. */
  readonly shared: SharedArrayBuffer;
  /** Coalesce queued batches into one transaction up to about this many commands. */
  readonly coalesce: number;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

export function toWorker(value: unknown): ToWorker | undefined {
  const r = record(value);
  if (r?.type === 'close') return { type: 'close' };
  if (r?.type === 'batch' && Array.isArray(r.data)) return { type: 'batch', data: r.data };
  return undefined;
}

export function fromWorker(value: unknown): FromWorker | undefined {
  const r = record(value);
  if (r?.type === 'committed' && typeof r.seq === 'number') return { type: 'committed', seq: r.seq };
  if (r?.type === 'failed' && typeof r.message === 'string') {
    return { type: 'failed', message: r.message, stack: typeof r.stack === 'string' ? r.stack : undefined };
  }
  return undefined;
}

export function writerWorkerData(value: unknown): WriterWorkerData {
  const r = record(value);
  if (
    r === undefined || typeof r.path !== 'string' || typeof r.coalesce !== 'number' ||
    !(r.shared instanceof SharedArrayBuffer) || !(r.port instanceof MessagePort)
  ) {
    throw new Error('sqlite-store writer: bad workerData');
  }
  return { path: r.path, port: r.port, shared: r.shared, coalesce: r.coalesce };
}

/** An Error from a `failed` message, keeping the worker's stack. */
export function errorOf(m: FailedMessage): Error {
  const err = new Error(m.message);
  if (m.stack !== undefined) err.stack = m.stack;
  return err;
}
