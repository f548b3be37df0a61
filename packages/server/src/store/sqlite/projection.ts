/**
 * Writes committed batches into the SQLite store: one transaction per batch,
 * prepared statements, and `meta.last_seq` updated in the same transaction.
 * Orders are coalesced per batch (one upsert per order with its last state);
 * candles are merged in memory and written once per transaction
 * (candle-writer.ts). Only `seq` and the events of a command are read, so
 * the writer thread is handed just those (writer-codec.ts).
 */
import type { Statement } from 'better-sqlite3';
import type { BalanceChanged, CommittedCommand, OrderView, Projection, TradeView } from '../../domain/index.js';
import { clampTime } from '../candle-math.js';
import { CandleWriter } from './candle-writer.js';
import type { Db } from './schema.js';

/** What the projection reads of a committed command. */
export type StoreCommand = Pick<CommittedCommand, 'seq' | 'events'>;

interface Statements {
  readonly getSeq: Statement<[], { value: string }>;
  readonly setSeq: Statement<[string]>;
  readonly upsertOrder: Statement<unknown[]>;
  readonly insertTrade: Statement<unknown[]>;
  readonly insertFill: Statement<unknown[]>;
  readonly insertLedger: Statement<unknown[]>;
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
    lastTradeTime: db.prepare('SELECT max(time) AS t FROM trades WHERE symbol = ?'),
  };
}

export class SqliteProjection implements Projection {
  readonly name = 'sqlite-store';
  private readonly st: Statements;
  private seq: number;
  /** Bucketing time of the last trade per symbol (see clampTime). */
  private readonly lastTime = new Map<string, number>();
  private readonly candles: CandleWriter;
  private readonly run: (batch: readonly StoreCommand[]) => number;

  constructor(db: Db) {
    this.st = prepare(db);
    this.candles = new CandleWriter(db);
    this.seq = Number(this.st.getSeq.get()?.value ?? '0');
    this.run = db.transaction((batch: readonly StoreCommand[]) => this.write(batch));
  }

  lastAppliedSeq(): number {
    return this.seq;
  }

  /** Commands at or below lastAppliedSeq() are skipped; a gap or disorder rolls the whole batch back and throws. */
  applyBatch(batch: readonly StoreCommand[]): void {
    const fresh = batch.filter((c) => c.seq > this.seq);
    if (fresh.length === 0) return;
    try {
      this.seq = this.run(fresh);
    } catch (err) {
      // The transaction rolled back: what is cached of the table is reloaded from it when next needed.
      this.lastTime.clear();
      this.candles.reset();
      throw err;
    }
  }

  private write(batch: readonly StoreCommand[]): number {
    const orders = new Map<number, OrderView>();
    let seq = this.seq;
    for (const committed of batch) {
      if (committed.seq !== seq + 1) throw new Error(`sqlite-store: batch seq ${committed.seq} after ${seq} (gap or disorder)`);
      seq = committed.seq;
      for (const event of committed.events) {
        switch (event.type) {
          case 'orderPlaced':
          case 'orderUpdated':
            orders.set(event.order.id, event.order);
            break;
          case 'tradeExecuted':
            this.trade(event.trade);
            break;
          case 'balanceChanged':
            this.ledger(event, seq);
            break;
          default:
            break;
        }
      }
    }
    for (const o of orders.values()) {
      this.st.upsertOrder.run(
        o.id, o.accountId, o.symbol, o.side, o.price, o.amount, o.remaining,
        o.fees.toString(), o.status, o.createdAt, o.updatedAt,
      );
    }
    this.candles.flush();
    // An UPDATE of a missing row changes nothing and would make every restart re-feed the same seqs.
    const changed = this.st.setSeq.run(String(seq)).changes;
    if (changed !== 1) throw new Error(`sqlite-store: setting meta.last_seq to ${seq} changed ${changed} rows, expected 1`);
    return seq;
  }

  private trade(t: TradeView): void {
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
    this.candles.add(t.symbol, { price: t.price, amount: t.amount, quoteAmount: t.quoteAmount, time });
  }

  private previousTime(symbol: string): number | undefined {
    let t = this.lastTime.get(symbol);
    if (t === undefined) {
      t = this.st.lastTradeTime.get(symbol)?.t ?? undefined;
      if (t !== undefined) this.lastTime.set(symbol, t);
    }
    return t;
  }

  private ledger(e: BalanceChanged, seq: number): void {
    this.st.insertLedger.run(
      seq, e.accountId, e.currency, e.availableDelta.toString(), e.frozenDelta.toString(),
      e.available.toString(), e.frozen.toString(), e.reason, e.orderId, e.tradeId, e.time,
    );
  }
}
