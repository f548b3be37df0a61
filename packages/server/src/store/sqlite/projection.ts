/**
 * Writes committed batches into the SQLite store: one transaction per batch,
 * prepared statements, and `meta.last_seq` updated in the same transaction.
 * Orders are coalesced per batch (one upsert per order with its last state);
 * candles are accumulated per batch and merged into their stored bucket once.
 */
import type { Statement } from 'better-sqlite3';
import type { BalanceChanged, CommittedCommand, OrderView, Projection, TradeView } from '../../domain/index.js';
import { STEPS, bucketStart, clampTime, mergeCandles, mergeTick } from '../candle-math.js';
import type { CandleUnits } from '../port.js';
import type { Db } from './schema.js';
import { candleFromRow, type CandleRow } from './rows.js';

interface Statements {
  readonly getSeq: Statement<[], { value: string }>;
  readonly setSeq: Statement<[string]>;
  readonly upsertOrder: Statement<unknown[]>;
  readonly insertTrade: Statement<unknown[]>;
  readonly insertFill: Statement<unknown[]>;
  readonly insertLedger: Statement<unknown[]>;
  readonly getCandle: Statement<[string, number, number], CandleRow>;
  readonly putCandle: Statement<unknown[]>;
  readonly lastTradeTime: Statement<[string], { t: number | null }>;
}

function prepare(db: Db): Statements {
  return {
    getSeq: db.prepare("SELECT value FROM meta WHERE key = 'last_seq'"),
    setSeq: db.prepare("UPDATE meta SET value = ? WHERE key = 'last_seq'"),
    upsertOrder: db.prepare(
      `INSERT INTO orders (id, account, symbol, side, price, amount, remaining, fees, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET remaining = excluded.remaining, fees = excluded.fees,
         status = excluded.status, updated_at = excluded.updated_at`,
    ),
    insertTrade: db.prepare(
      'INSERT INTO trades (id, symbol, price, amount, quote_amount, taker_side, time) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    insertFill: db.prepare(
      `INSERT INTO fills (trade_id, active, order_id, account, symbol, side, price, amount, quote_amount, fee, time)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertLedger: db.prepare(
      `INSERT INTO ledger (seq, account, currency, available_delta, frozen_delta, available, frozen, reason, order_id, trade_id, time)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    getCandle: db.prepare('SELECT * FROM candles WHERE symbol = ? AND step = ? AND time = ?'),
    putCandle: db.prepare(
      `INSERT OR REPLACE INTO candles (symbol, step, time, open, high, low, close, volume, quote_volume)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    lastTradeTime: db.prepare('SELECT max(time) AS t FROM trades WHERE symbol = ?'),
  };
}

/** Per-batch state, written out at the end of the transaction. */
class BatchWork {
  readonly orders = new Map<number, OrderView>();
  readonly candles = new Map<string, CandleUnits>();
}

export class SqliteProjection implements Projection {
  readonly name = 'sqlite-store';
  private readonly st: Statements;
  private seq: number;
  /** Bucketing time of the last trade per symbol (see clampTime). */
  private readonly lastTime = new Map<string, number>();
  private readonly run: (batch: readonly CommittedCommand[]) => number;

  constructor(private readonly db: Db) {
    this.st = prepare(db);
    this.seq = Number(this.st.getSeq.get()?.value ?? '0');
    this.run = db.transaction((batch: readonly CommittedCommand[]) => this.write(batch));
  }

  lastAppliedSeq(): number {
    return this.seq;
  }

  applyBatch(batch: readonly CommittedCommand[]): void {
    const fresh = batch.filter((c) => c.seq > this.seq);
    if (fresh.length === 0) return;
    try {
      this.seq = this.run(fresh);
    } catch (err) {
      this.lastTime.clear(); // the transaction rolled back: reload from the table
      throw err;
    }
  }

  private write(batch: readonly CommittedCommand[]): number {
    const work = new BatchWork();
    let seq = this.seq;
    for (const committed of batch) {
      if (committed.seq !== seq + 1) throw new Error(`sqlite-store: batch seq ${committed.seq} after ${seq} (gap or disorder)`);
      seq = committed.seq;
      for (const event of committed.events) {
        switch (event.type) {
          case 'orderPlaced':
          case 'orderUpdated':
            work.orders.set(event.order.id, event.order);
            break;
          case 'tradeExecuted':
            this.trade(event.trade, work);
            break;
          case 'balanceChanged':
            this.ledger(event, seq);
            break;
          default:
            break;
        }
      }
    }
    for (const o of work.orders.values()) {
      this.st.upsertOrder.run(
        o.id, o.accountId, o.symbol, o.side, o.price, o.amount, o.remaining,
        o.fees.toString(), o.status, o.createdAt, o.updatedAt,
      );
    }
    for (const c of work.candles.values()) this.putCandle(c);
    this.st.setSeq.run(String(seq));
    return seq;
  }

  private trade(t: TradeView, work: BatchWork): void {
    const quote = t.quoteAmount.toString();
    this.st.insertTrade.run(t.id, t.symbol, t.price, t.amount, quote, t.takerSide, t.time);
    const makerSide = t.takerSide === 'buy' ? 'sell' : 'buy';
    this.st.insertFill.run(
      t.id, 0, t.makerOrderId, t.makerAccountId, t.symbol, makerSide, t.price, t.amount, quote, t.makerFee.toString(), t.time,
    );
    this.st.insertFill.run(
      t.id, 1, t.takerOrderId, t.takerAccountId, t.symbol, t.takerSide, t.price, t.amount, quote, t.takerFee.toString(), t.time,
    );
    const time = clampTime(t.time, this.previousTime(t.symbol));
    this.lastTime.set(t.symbol, time);
    const tick = { price: t.price, amount: t.amount, quoteAmount: t.quoteAmount, time };
    for (const step of STEPS) {
      const key = `${t.symbol}|${step}|${bucketStart(time, step)}`;
      work.candles.set(key, mergeTick(t.symbol, step, work.candles.get(key), tick));
    }
  }

  private previousTime(symbol: string): number | undefined {
    let t = this.lastTime.get(symbol);
    if (t === undefined) {
      t = this.st.lastTradeTime.get(symbol)?.t ?? undefined;
      if (t !== undefined) this.lastTime.set(symbol, t);
    }
    return t;
  }

  private putCandle(partial: CandleUnits): void {
    const row = this.st.getCandle.get(partial.symbol, partial.step, partial.time);
    const c = row === undefined ? partial : mergeCandles(candleFromRow(row), partial);
    this.st.putCandle.run(c.symbol, c.step, c.time, c.open, c.high, c.low, c.close, c.volume.toString(), c.quoteVolume.toString());
  }

  private ledger(e: BalanceChanged, seq: number): void {
    this.st.insertLedger.run(
      seq, e.accountId, e.currency, e.availableDelta.toString(), e.frozenDelta.toString(),
      e.available.toString(), e.frozen.toString(), e.reason, e.orderId, e.tradeId, e.time,
    );
  }
}
