/**
 * The SQLite query store: a Projection (fed committed batches) and the
 * QueryStore port (read by HTTP and market data), over one database file.
 */
import type { CommittedCommand, OrderView, Projection } from '../../domain/index.js';
import type {
  CandleQuery, CandleUnits, FillQuery, FillView, LedgerQuery, LedgerRow, OrderQuery, Page, QueryStore, TradeRow,
} from '../port.js';
import { SqliteProjection } from './projection.js';
import { SqliteQueries } from './queries.js';
import { openDatabase, type Db } from './schema.js';

export interface SqliteStoreOptions {
  /** Database file, e.g. `${dataDir}/query.db`; ':memory:' for tests. */
  readonly path: string;
}

export class SqliteStore implements Projection, QueryStore {
  readonly name = 'sqlite-store';
  private readonly db: Db;
  private readonly writer: SqliteProjection;
  private readonly reader: SqliteQueries;

  constructor(options: SqliteStoreOptions) {
    this.db = openDatabase(options.path);
    this.writer = new SqliteProjection(this.db);
    this.reader = new SqliteQueries(this.db);
  }

  lastAppliedSeq(): number {
    return this.writer.lastAppliedSeq();
  }

  applyBatch(batch: readonly CommittedCommand[]): void {
    this.writer.applyBatch(batch);
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

  /** Checkpoint the WAL and close the file. */
  close(): void {
    if (!this.db.open) return;
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
