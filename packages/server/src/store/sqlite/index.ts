/**
 * The SQLite query store: a Projection (fed committed batches) and the
 * QueryStore port (read by HTTP and market data), over one database file.
 *
 * Writer 'inline' (default): one connection, each batch written
 * synchronously in applyBatch. Writer 'worker': batches are handed to a
 * writer thread (worker-writer.ts) that has its own connection; this thread
 * keeps a read connection (WAL lets it read while the worker writes, and
 * each batch is one transaction, so reads never see half a batch).
 */
import type { CommittedCommand, OrderView, Projection } from '../../domain/index.js';
import type {
  CandleQuery, CandleUnits, FillQuery, FillView, LedgerQuery, LedgerRow, OrderQuery, Page, QueryStore, TradeRow,
} from '../port.js';
import { SqliteProjection } from './projection.js';
import { SqliteQueries } from './queries.js';
import { openDatabase, readLastSeq, type Db } from './schema.js';
import { WorkerWriter } from './worker-writer.js';

export interface SqliteStoreOptions {
  /** Database file, e.g. `${dataDir}/query.db`; ':memory:' for tests (only with writer 'inline'). */
  readonly path: string;
  /** Default 'inline' (synchronous writes on the caller's thread). */
  readonly writer?: 'inline' | 'worker';
  /**
   * Worker mode: applyBatch blocks (Atomics.wait) while more than this many
   * handed-over commands are not yet committed by the worker; default 20_000.
   */
  readonly maxLagCommands?: number;
  /**
   * Worker mode: handed-over commands are buffered on this thread and posted
   * to the writer thread as one message at most this many ms after the first
   * of them (sooner when many gather, and at once on settled() or close());
   * 0 posts every applyBatch at once. Default DEFAULT_HAND_OFF_MS.
   */
  readonly handOffMs?: number;
  /**
   * Worker mode: while applyBatch is blocked on the lag bound, the writer
   * thread committing nothing for this long fails the store (a worker that
   * died silently cannot be noticed otherwise while the main thread blocks);
   * default DEFAULT_STALL_MS.
   */
  readonly stallMs?: number;
  /** Worker mode: called once if the writer thread fails (SQL error, seq gap, worker crash, stall). */
  readonly onWriterError?: (err: Error) => void;
  /** A problem at close that does not fail it (the WAL checkpoint); default: a line on stderr. */
  readonly onCloseWarning?: (message: string) => void;
}

export const DEFAULT_MAX_LAG_COMMANDS = 20_000;
export const DEFAULT_HAND_OFF_MS = 25;
export const DEFAULT_STALL_MS = 60_000;

/** The write side as the store uses it, inline or on the writer thread. */
type Writer = Pick<Projection, 'lastAppliedSeq' | 'applyBatch'> & { settled(): Promise<void> };

function inlineWriter(projection: SqliteProjection): Writer {
  return {
    lastAppliedSeq: () => projection.lastAppliedSeq(),
    applyBatch: (batch) => projection.applyBatch(batch),
    settled: () => Promise.resolve(),
  };
}

function workerOptions(options: SqliteStoreOptions, initialSeq: number): ConstructorParameters<typeof WorkerWriter>[0] {
  const maxLagCommands = options.maxLagCommands ?? DEFAULT_MAX_LAG_COMMANDS;
  if (!Number.isSafeInteger(maxLagCommands) || maxLagCommands < 1) {
    throw new RangeError(`maxLagCommands must be a positive integer, got ${maxLagCommands}`);
  }
  const handOffMs = options.handOffMs ?? DEFAULT_HAND_OFF_MS;
  if (!Number.isFinite(handOffMs) || handOffMs < 0) {
    throw new RangeError(`handOffMs must be a non-negative number, got ${handOffMs}`);
  }
  const stallMs = options.stallMs ?? DEFAULT_STALL_MS;
  if (!Number.isFinite(stallMs) || stallMs <= 0) throw new RangeError(`stallMs must be a positive number, got ${stallMs}`);
  return { path: options.path, initialSeq, maxLagCommands, handOffMs, stallMs, onWriterError: options.onWriterError };
}

export class SqliteStore implements Projection, QueryStore {
  readonly name = 'sqlite-store';
  /** The read connection (inline mode: also the write connection). */
  private readonly db: Db;
  private readonly writer: Writer;
  private readonly worker: WorkerWriter | undefined;
  private readonly reader: SqliteQueries;
  private closing: Promise<void> | undefined;
  private readonly onCloseWarning: (message: string) => void;

  constructor(options: SqliteStoreOptions) {
    const mode = options.writer ?? 'inline';
    this.onCloseWarning = options.onCloseWarning ?? ((message) => process.stderr.write(`openmart: ${message}\n`));
    if (mode === 'worker' && (options.path === ':memory:' || options.path === '')) {
      throw new Error("sqlite-store: writer 'worker' needs a database file (':memory:' is only valid with writer 'inline')");
    }
    // Opened (schema created or checked) here first, so the worker only ever opens an existing, current file.
    this.db = openDatabase(options.path);
    try {
      this.worker = mode === 'worker' ? new WorkerWriter(workerOptions(options, readLastSeq(this.db))) : undefined;
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.writer = this.worker ?? inlineWriter(new SqliteProjection(this.db));
    this.reader = new SqliteQueries(this.db);
  }

  /** Highest seq committed and readable (worker mode: as the worker has confirmed it). */
  lastAppliedSeq(): number {
    return this.writer.lastAppliedSeq();
  }

  /**
   * Inline: writes the batch in one transaction. Worker: hands the commands
   * above the last handed seq over (buffered, posted to the writer thread
   * within `handOffMs`) and returns (blocking first while the lag bound is
   * hit); throws the writer's error if it failed.
   */
  applyBatch(batch: readonly CommittedCommand[]): void {
    this.writer.applyBatch(batch);
  }

  /** Resolves once every batch handed over so far (buffered ones posted at once) is committed and readable; rejects with the writer's error. */
  settled(): Promise<void> {
    return this.writer.settled();
  }

  listOrders(query: OrderQuery): Page<OrderView> {
    return this.reader.listOrders(query);
  }

  getOrder(accountId: number, orderId: number): OrderView | undefined {
    return this.reader.getOrder(accountId, orderId);
  }

  listFills(query: FillQuery): Page<FillView> {
    return this.reader.listFills(query);
  }

  candles(query: CandleQuery): readonly CandleUnits[] {
    return this.reader.candles(query);
  }

  ledger(query: LedgerQuery): readonly LedgerRow[] {
    return this.reader.ledger(query);
  }

  recentTrades(symbol: string, limit: number): readonly TradeRow[] {
    return this.reader.recentTrades(symbol, limit);
  }

  tradesSince(symbol: string, sinceMs: number): readonly TradeRow[] {
    return this.reader.tradesSince(symbol, sinceMs);
  }

  tradedSymbols(): readonly string[] {
    return this.reader.tradedSymbols();
  }

  /**
   * Worker mode: waits until everything handed over is committed, stops the
   * worker (rejects with the writer's error if it failed). Then checkpoints
   * the WAL, best effort (a failure, e.g. SQLITE_FULL, is reported to
   * onCloseWarning), and always closes the file (inline mode: synchronously,
   * before this returns). Idempotent.
   */
  close(): Promise<void> {
    if (this.closing === undefined) {
      if (this.worker === undefined) {
        this.closeFile();
        this.closing = Promise.resolve();
      } else {
        this.closing = this.worker.close().finally(() => this.closeFile());
      }
    }
    return this.closing;
  }

  private closeFile(): void {
    if (!this.db.open) return;
    try {
      this.checkpoint();
    } catch (err) {
      // Best effort: the WAL is complete and durable as it is, and the next open replays it.
      // On a full disk (SQLITE_FULL) the file must still be closed, and the shutdown go on.
      this.onCloseWarning(`sqlite-store: WAL checkpoint at close failed (the WAL is kept and used at the next start): ${(err as Error).message}`);
    } finally {
      this.db.close();
    }
  }

  /** Copy the WAL into the database file and truncate it (a seam for tests). */
  protected checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }
}
