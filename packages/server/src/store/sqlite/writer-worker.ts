/**
 * The SQLite writer thread (the worker that worker-writer.ts starts): opens
 * the store file, applies the batches it is handed (packed as in
 * writer-codec.ts) with the same SqliteProjection as inline mode (batches
 * that queued up while it was busy are coalesced into one transaction, up
 * to `coalesce` commands), and after each commit publishes the committed
 * seq in the shared cell (waking a blocked main thread) and as a
 * `committed` message. The first error stops it for good:
 * state FAILED, a `failed` message, the connection closed.
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { SqliteProjection, type StoreCommand } from './projection.js';
import { openDatabase, type Db } from './schema.js';
import { unpack } from './writer-codec.js';
import {
  COMMITTED, FAILED, RUNNING, SHARED_CELLS, STATE, STOPPED, toWorker, writerWorkerData, type FromWorker,
} from './writer-protocol.js';

const data = writerWorkerData(workerData);
const shared = new BigInt64Array(data.shared, 0, SHARED_CELLS);
const port = data.port;
let db: Db | undefined;
let projection: SqliteProjection | undefined;

const running = (): boolean => Atomics.load(shared, STATE) === RUNNING;

function post(m: FromWorker): void {
  port.postMessage(m);
}

/** Leave `state` behind (FAILED or STOPPED), wake the main thread, release everything; the thread then exits. */
function finish(state: bigint): void {
  Atomics.store(shared, STATE, state);
  Atomics.notify(shared, COMMITTED);
  try {
    db?.close();
  } finally {
    port.close();
  }
}

function fail(err: unknown): void {
  if (!running()) return;
  const e = err instanceof Error ? err : new Error(String(err));
  post({ type: 'failed', message: e.message, stack: e.stack });
  finish(FAILED);
}

function commit(parts: readonly (readonly StoreCommand[])[]): void {
  if (parts.length === 0 || projection === undefined || !running()) return;
  try {
    projection.applyBatch(parts.length === 1 ? parts[0] : parts.flat());
  } catch (err) {
    fail(err);
    return;
  }
  const seq = projection.lastAppliedSeq();
  Atomics.store(shared, COMMITTED, BigInt(seq));
  Atomics.notify(shared, COMMITTED);
  post({ type: 'committed', seq });
}

/** Handles one message and every message already queued behind it. */
function drain(first: unknown): void {
  let parts: (readonly StoreCommand[])[] = [];
  let count = 0;
  let next: unknown = first;
  while (next !== undefined && running()) {
    const m = toWorker(next);
    if (m === undefined) return fail(new Error('sqlite-store writer: unexpected message'));
    if (m.type === 'close') {
      commit(parts);
      if (running()) finish(STOPPED);
      return;
    }
    let batch: StoreCommand[];
    try {
      batch = unpack(m.data);
    } catch (err) {
      return fail(err);
    }
    parts.push(batch);
    count += batch.length;
    if (count >= data.coalesce) {
      commit(parts);
      parts = [];
      count = 0;
    }
    next = receiveMessageOnPort(port)?.message;
  }
  commit(parts);
}

// A crash that skips fail() (an uncaught error elsewhere) still wakes a main thread blocked on back-pressure.
process.on('exit', () => {
  if (running()) {
    Atomics.store(shared, STATE, FAILED);
    Atomics.notify(shared, COMMITTED);
  }
});

try {
  db = openDatabase(data.path);
  projection = new SqliteProjection(db);
  port.on('message', drain);
} catch (err) {
  fail(err);
}
