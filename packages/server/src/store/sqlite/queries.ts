/** Read side of the SQLite store: the QueryStore port's queries. */
import type { Statement } from 'better-sqlite3';
import type { OrderView } from '../../domain/index.js';
import type {
  CandleQuery, CandleUnits, FillQuery, FillView, LedgerQuery, LedgerRow, OrderQuery, Page, TradeRow,
} from '../port.js';
import type { Db } from './schema.js';
import {
  candleFromRow, fillFromRow, ledgerFromRow, orderFromRow, tradeFromRow,
  type CandleRow, type FillRow, type LedgerDbRow, type OrderRow, type TradeDbRow,
} from './rows.js';

type Param = string | number;

/** LIMIT/OFFSET of a page; everything when pageSize is undefined. */
function window(page: number | undefined, pageSize: number | undefined): [number, number] {
  if (pageSize === undefined) return [-1, 0];
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`);
  const p = page ?? 0;
  if (!Number.isSafeInteger(p) || p < 0) throw new RangeError(`page must be a non-negative integer, got ${p}`);
  return [pageSize, Math.min(p * pageSize, Number.MAX_SAFE_INTEGER)];
}

export class SqliteQueries {
  private readonly cache = new Map<string, Statement<Param[], unknown>>();

  constructor(private readonly db: Db) {}

  private stmt(sql: string): Statement<Param[], unknown> {
    let s = this.cache.get(sql);
    if (s === undefined) {
      s = this.db.prepare<Param[], unknown>(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  private all<R>(sql: string, params: Param[]): R[] {
    return this.stmt(sql).all(...params) as R[];
  }

  private count(sql: string, params: Param[]): number {
    return (this.stmt(sql).get(...params) as { n: number }).n;
  }

  lastAppliedSeq(): number {
    const row = this.stmt("SELECT value FROM meta WHERE key = 'last_seq'").get() as { value: string } | undefined;
    return Number(row?.value ?? '0');
  }

  listOrders(q: OrderQuery): Page<OrderView> {
    const where: string[] = ['account = ?'];
    const params: Param[] = [q.accountId];
    if (q.symbol !== undefined) {
      where.push('symbol = ?');
      params.push(q.symbol);
    }
    if (q.statuses.length > 0) {
      where.push(`status IN (${q.statuses.map(() => '?').join(', ')})`);
      params.push(...q.statuses);
    }
    const cond = where.join(' AND ');
    const total = this.count(`SELECT count(*) AS n FROM orders WHERE ${cond}`, params);
    const [limit, offset] = window(q.page, q.pageSize);
    if (offset >= total) return { rows: [], total };
    const rows = this.all<OrderRow>(
      `SELECT * FROM orders WHERE ${cond} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
      [...params, limit, offset],
    );
    return { rows: rows.map(orderFromRow), total };
  }

  getOrder(accountId: number, orderId: number): OrderView | undefined {
    const row = this.stmt('SELECT * FROM orders WHERE id = ? AND account = ?').get(orderId, accountId) as OrderRow | undefined;
    return row === undefined ? undefined : orderFromRow(row);
  }

  listFills(q: FillQuery): Page<FillView> {
    const where: string[] = ['account = ?'];
    const params: Param[] = [q.accountId];
    if (q.symbol !== undefined) {
      where.push('symbol = ?');
      params.push(q.symbol);
    }
    if (q.orderId !== undefined) {
      where.push('order_id = ?');
      params.push(q.orderId);
    }
    const cond = where.join(' AND ');
    const total = this.count(`SELECT count(*) AS n FROM fills WHERE ${cond}`, params);
    const [limit, offset] = window(q.page, q.pageSize);
    if (offset >= total) return { rows: [], total };
    const rows = this.all<FillRow>(
      `SELECT * FROM fills WHERE ${cond} ORDER BY trade_id DESC, active DESC LIMIT ? OFFSET ?`,
      [...params, limit, offset],
    );
    return { rows: rows.map(fillFromRow), total };
  }

  candles(q: CandleQuery): readonly CandleUnits[] {
    if (q.limit <= 0 || q.from > q.to) return [];
    const rows = this.all<CandleRow>(
      q.keep === 'earliest'
        ? 'SELECT * FROM candles WHERE symbol = ? AND step = ? AND time >= ? AND time <= ? ORDER BY time ASC LIMIT ?'
        : `SELECT * FROM (SELECT * FROM candles WHERE symbol = ? AND step = ? AND time >= ? AND time <= ?
             ORDER BY time DESC LIMIT ?) ORDER BY time ASC`,
      [q.symbol, q.step, q.from, q.to, q.limit],
    );
    return rows.map(candleFromRow);
  }

  ledger(q: LedgerQuery): readonly LedgerRow[] {
    const where: string[] = ['account = ?'];
    const params: Param[] = [q.accountId];
    if (q.currency !== undefined) {
      where.push('currency = ?');
      params.push(q.currency);
    }
    if (q.beforeId !== undefined) {
      where.push('id < ?');
      params.push(q.beforeId);
    }
    const rows = this.all<LedgerDbRow>(
      `SELECT * FROM ledger WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`,
      [...params, q.limit],
    );
    return rows.map(ledgerFromRow);
  }

  recentTrades(symbol: string, limit: number): readonly TradeRow[] {
    return this.all<TradeDbRow>('SELECT * FROM trades WHERE symbol = ? ORDER BY id DESC LIMIT ?', [symbol, limit]).map(tradeFromRow);
  }

  /** From the coarsest candles: one row per symbol and 30 days, far fewer than trades. */
  tradedSymbols(): readonly string[] {
    return this.all<{ symbol: string }>('SELECT DISTINCT symbol FROM candles WHERE step = 43200 ORDER BY symbol', []).map((r) => r.symbol);
  }

  tradesSince(symbol: string, sinceMs: number): readonly TradeRow[] {
    return this.all<TradeDbRow>('SELECT * FROM trades WHERE symbol = ? AND time >= ? ORDER BY id ASC', [symbol, sinceMs]).map(tradeFromRow);
  }
}
