/**
 * Candles of the SQLite store, written without reading them back. The newest
 * stored candle of every (symbol, step) is kept in memory, loaded from the
 * table the first time the symbol trades (and again after a rollback, see
 * reset), so a trade is merged into it in memory and each changed candle is
 * written once per transaction with one upsert. A bucket that closes during
 * the transaction is written when the next one opens. A trade into a bucket
 * older than the newest one (clampTime prevents it; handled anyway) is merged
 * with that bucket's stored row, read back with a SELECT.
 *
 * The cache is only right while this connection is the table's only writer,
 * which the store guarantees (one projection per file).
 */
import type { Statement } from 'better-sqlite3';
import { STEPS, bucketStart, mergeTick, type CandleTick } from '../candle-math.js';
import type { CandleUnits } from '../port.js';
import { candleFromRow, type CandleRow } from './rows.js';
import type { Db } from './schema.js';

interface SymbolCandles {
  /** Per STEPS index: the newest candle, stored or as this transaction leaves it; undefined: none yet. */
  readonly newest: (CandleUnits | undefined)[];
  /** Per STEPS index: changed by this transaction and not written yet. */
  readonly dirty: boolean[];
}

export class CandleWriter {
  private readonly newestRow: Statement<[string, number], CandleRow>;
  private readonly bucketRow: Statement<[string, number, number], CandleRow>;
  private readonly upsert: Statement<unknown[]>;
  private readonly symbols = new Map<string, SymbolCandles>();
  /** Symbols with dirty candles in the current transaction. */
  private touched: SymbolCandles[] = [];

  constructor(db: Db) {
    this.newestRow = db.prepare('SELECT * FROM candles WHERE symbol = ? AND step = ? ORDER BY time DESC LIMIT 1');
    this.bucketRow = db.prepare('SELECT * FROM candles WHERE symbol = ? AND step = ? AND time = ?');
    this.upsert = db.prepare(
      `INSERT INTO candles (symbol, step, time, open, high, low, close, volume, quote_volume)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (symbol, step, time) DO UPDATE SET open = excluded.open, high = excluded.high,
         low = excluded.low, close = excluded.close, volume = excluded.volume, quote_volume = excluded.quote_volume`,
    );
  }

  /** Merges one trade (its bucketing time already clamped) into every step. Inside the transaction. */
  add(symbol: string, tick: CandleTick): void {
    const s = this.symbols.get(symbol) ?? this.load(symbol);
    let changed = false;
    for (let i = 0; i < STEPS.length; i++) {
      const step = STEPS[i];
      const current = s.newest[i];
      if (current !== undefined) {
        const time = bucketStart(tick.time, step);
        if (time < current.time) {
          this.mergeOlder(symbol, step, tick);
          continue;
        }
        if (time > current.time && s.dirty[i]) this.put(current); // its bucket closed during this transaction
      }
      s.newest[i] = mergeTick(symbol, step, current, tick);
      s.dirty[i] = true;
      changed = true;
    }
    if (changed && !this.touched.includes(s)) this.touched.push(s);
  }

  /** Writes every candle this transaction changed; call at its end. */
  flush(): void {
    for (const s of this.touched) {
      for (let i = 0; i < STEPS.length; i++) {
        const c = s.newest[i];
        if (!s.dirty[i] || c === undefined) continue;
        this.put(c);
        s.dirty[i] = false;
      }
    }
    this.touched = [];
  }

  /** The transaction rolled back: forget everything; it is reloaded from the table when next needed. */
  reset(): void {
    this.symbols.clear();
    this.touched = [];
  }

  private load(symbol: string): SymbolCandles {
    const s: SymbolCandles = {
      newest: STEPS.map((step) => {
        const row = this.newestRow.get(symbol, step);
        return row === undefined ? undefined : candleFromRow(row);
      }),
      dirty: STEPS.map(() => false),
    };
    this.symbols.set(symbol, s);
    return s;
  }

  private mergeOlder(symbol: string, step: number, tick: CandleTick): void {
    const row = this.bucketRow.get(symbol, step, bucketStart(tick.time, step));
    this.put(mergeTick(symbol, step, row === undefined ? undefined : candleFromRow(row), tick));
  }

  private put(c: CandleUnits): void {
    this.upsert.run(c.symbol, c.step, c.time, c.open, c.high, c.low, c.close, c.volume.toString(), c.quoteVolume.toString());
  }
}
