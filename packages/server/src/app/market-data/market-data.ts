/**
 * In-memory public market data, a projection fed by committed batches:
 * 24 h ticker, recent public trades, newest candles, and the aggregated
 * book (read on demand from the price levels and per-precision buckets of
 * the last durable batch, see durable-depth.ts; cached per precision until
 * a batch touches the symbol). K-line history is read from the query store.
 * Nothing here reads the clock: callers pass `now`.
 */
import type { Candle, OrderBook, PublicTrade, Ticker } from '@openmart/protocol';
import type { CommittedCommand, MarketConfig, Projection, Side, TradeView } from '../../domain/index.js';
import type { DepthLevel, ExchangeEngine } from '../../engine/types.js';
import { STEPS } from '../../store/candle-math.js';
import type { CandleUnits, QueryStore, TradeRow } from '../../store/port.js';
import { aggregateBook, validPrecision, type AggregatedBook } from './book.js';
import { DurableDepth } from './durable-depth.js';
import { Emitter } from './emitter.js';
import { formatBook, formatCandle, formatPublicTrade, formatTicker, type MarketFormat } from './format.js';
import { SymbolState } from './symbol-state.js';
import type { TickerUnits } from './ticker.js';

/** What the market data reads from the engine. */
export type MarketSource = Pick<ExchangeEngine, 'market' | 'markets' | 'currency' | 'depth'>;

export interface MarketDataOptions {
  /**
   * The engine, or a function returning it: the engine only exists once
   * recovery has run, while the market data must be rebuilt before (it is
   * one of recovery's projections). Read only by queries, never by
   * rebuild() or applyBatch().
   */
  readonly engine: MarketSource | (() => MarketSource);
  /** K-line history and the start-up rebuild. */
  readonly store: QueryStore;
  /** Base of the market page URLs in tickers: `${publicBaseUrl}/trade/${symbol}`. */
  readonly publicBaseUrl: string;
  /** Ticker window, ms, rounded up to whole minutes (default 24 h). */
  readonly windowMs?: number;
  /** Recent public trades kept per symbol (default 100). */
  readonly recentTrades?: number;
  /** Aggregated book levels per side (default 50). */
  readonly bookLevels?: number;
  /** Called when a listener throws (default: console.error). */
  readonly onListenerError?: (err: unknown) => void;
  /**
   * Where book levels and best bid/ask come from: 'events' (default), the
   * levels of the last durable batch, seeded by syncBook() at start-up; or
   * 'engine', the engine's live depth, which can be ahead of what is durable
   * and is aggregated by scanning its raw levels (work grows with the levels
   * a bucket merges: only for tests that drive a stand-in engine's depth).
   */
  readonly bookSource?: 'events' | 'engine';
}

export interface KlineQuery {
  readonly symbol: string;
  readonly step: number;
  readonly from: number;
  readonly to: number;
  readonly limit: number;
  /** Which end of a range longer than `limit` is answered (CandleQuery.keep). */
  readonly keep: 'earliest' | 'latest';
}

const DAY_MS = 86_400_000;
const MINUTE = 60_000;

export class MarketData implements Projection {
  readonly name = 'market-data';
  private seq = 0;
  private readonly engineRef: MarketSource | (() => MarketSource);
  private readonly store: QueryStore;
  private readonly baseUrl: string;
  private readonly windowMinutes: number;
  private readonly ringSize: number;
  private readonly bookLevels: number;
  private readonly states = new Map<string, SymbolState>();
  private readonly formats = new Map<string, MarketFormat>();
  private readonly tradeEmitter: Emitter<[TradeView]>;
  private readonly bookEmitter: Emitter<[string]>;
  private readonly candleEmitter: Emitter<[CandleUnits]>;
  private readonly durable = new DurableDepth();
  private readonly bookSource: 'events' | 'engine';

  constructor(options: MarketDataOptions) {
    this.engineRef = options.engine;
    this.store = options.store;
    this.baseUrl = options.publicBaseUrl.replace(/\/+$/, '');
    this.windowMinutes = Math.ceil((options.windowMs ?? DAY_MS) / MINUTE);
    this.ringSize = options.recentTrades ?? 100;
    this.bookLevels = options.bookLevels ?? 50;
    const onError = options.onListenerError ?? ((err: unknown) => console.error('market-data listener failed', err));
    this.bookSource = options.bookSource ?? 'events';
    this.tradeEmitter = new Emitter(onError);
    this.bookEmitter = new Emitter(onError);
    this.candleEmitter = new Emitter(onError);
  }

  private get engine(): MarketSource {
    const e = this.engineRef;
    return typeof e === 'function' ? e() : e;
  }

  // ---- projection ------------------------------------------------------

  lastAppliedSeq(): number {
    return this.seq;
  }

  /**
   * Forget everything and reload from the store as of its lastAppliedSeq():
   * the window from 1-minute candles (and the newest one before the window,
   * for the reference price of the 24 h change), recent trades, the newest candle of
   * each step, for every symbol that ever traded. Call at start-up, before
   * recovery, with the store open (caught up or not: the journal replay
   * continues from this seq). Does not touch the engine.
   */
  rebuild(now: number): void {
    this.states.clear();
    this.formats.clear();
    const first = Math.floor(now / MINUTE) * MINUTE - (this.windowMinutes - 1) * MINUTE;
    for (const symbol of this.store.tradedSymbols()) {
      const st = this.newState(symbol);
      // The newest minute before the window: evicted at once, its close is the reference price.
      const before = this.store.candles({ symbol, step: 1, from: 0, to: first - 1, limit: 1, keep: 'latest' });
      const minutes = this.store.candles({ symbol, step: 1, from: first, to: Number.MAX_SAFE_INTEGER, limit: this.windowMinutes + 1, keep: 'latest' });
      for (const c of [...before, ...minutes]) {
        st.window.addBucket({ minute: c.time, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume, quote: c.quoteVolume });
      }
      st.window.evict(now);
      const recent = this.store.recentTrades(symbol, this.ringSize);
      for (let i = recent.length - 1; i >= 0; i--) {
        const t = recent[i];
        st.ring.push(t);
        st.lastTime = Math.max(st.lastTime ?? t.time, t.time);
      }
      for (const step of STEPS) {
        const [c] = this.store.candles({ symbol, step, from: 0, to: Number.MAX_SAFE_INTEGER, limit: 1, keep: 'latest' });
        if (c !== undefined) st.candles.set(step, c);
      }
    }
    this.seq = this.store.lastAppliedSeq();
  }

  /**
   * Load the book levels from the engine's open orders. Call once recovery
   * has finished and before anything is submitted: then the engine holds
   * exactly the durable state.
   */
  syncBook(engine: Pick<ExchangeEngine, 'nextIds' | 'openOrdersOf'>): void {
    const last = engine.nextIds().account;
    this.durable.seed({
      *openOrders() {
        for (let id = 1; id < last; id++) yield* engine.openOrdersOf(id);
      },
    });
    for (const st of this.states.values()) st.invalidate(false);
  }

  applyBatch(batch: readonly CommittedCommand[]): void {
    const fresh = batch.filter((c) => c.seq > this.seq);
    fresh.forEach((c, i) => {
      if (c.seq !== this.seq + i + 1) throw new Error(`market-data: batch seq ${c.seq} after ${this.seq + i} (gap or disorder)`);
    });
    if (fresh.length === 0) return;
    const trades: TradeView[] = [];
    const candles = new Map<string, CandleUnits>();
    const bookSymbols = new Set<string>();
    for (const committed of fresh) {
      for (const e of committed.events) {
        if (e.type === 'tradeExecuted') {
          trades.push(e.trade);
          for (const c of this.stateOf(e.trade.symbol).addTrade(e.trade)) candles.set(`${c.symbol}|${c.step}|${c.time}`, c);
        } else if (e.type === 'orderPlaced' || e.type === 'orderUpdated') {
          this.durable.apply(e);
          bookSymbols.add(e.order.symbol);
        } else if (e.type === 'marketCreated') {
          this.formats.delete(e.market.symbol);
        }
      }
    }
    this.seq = fresh[fresh.length - 1].seq;
    const tradeSymbols = new Set(trades.map((t) => t.symbol));
    for (const s of new Set([...bookSymbols, ...tradeSymbols])) this.states.get(s)?.invalidate(tradeSymbols.has(s));
    for (const t of trades) this.tradeEmitter.emit(t);
    for (const s of bookSymbols) this.bookEmitter.emit(s);
    for (const c of candles.values()) this.candleEmitter.emit(c);
  }

  // ---- listeners (for the websocket feed) -------------------------------

  /** Every trade, after its batch is applied. Returns the unsubscribe function. */
  onTrade(listener: (trade: TradeView) => void): () => void {
    return this.tradeEmitter.on(listener);
  }

  /** A symbol whose book may have changed (once per batch). */
  onBookChange(listener: (symbol: string) => void): () => void {
    return this.bookEmitter.on(listener);
  }

  /** Each candle a batch changed, with its state after the batch (closed buckets included). */
  onCandle(listener: (candle: CandleUnits) => void): () => void {
    return this.candleEmitter.on(listener);
  }

  // ---- data in units ----------------------------------------------------

  /** Undefined for an unknown symbol. */
  tickerUnits(symbol: string, now: number): TickerUnits | undefined {
    const st = this.knownState(symbol);
    if (st === undefined) return undefined;
    st.window.evict(now);
    const w = st.window.stats();
    return {
      symbol,
      open: w.reference,
      high: w.high,
      low: w.low,
      close: w.close,
      volume: w.volume,
      quoteVolume: w.quoteVolume,
      last: st.ring.last()?.price,
      bestBid: this.depth(symbol, 'buy', 1)[0],
      bestAsk: this.depth(symbol, 'sell', 1)[0],
    };
  }

  /**
   * Until when the ticker at `now` holds unless a trade comes (the ticker
   * cache's validUntil: the next minute leaving the window; Infinity when
   * the window is empty). Undefined for an unknown symbol.
   */
  tickerValidUntil(symbol: string, now: number): number | undefined {
    const st = this.knownState(symbol);
    if (st === undefined) return undefined;
    st.window.evict(now);
    return st.window.nextEviction();
  }

  /** Undefined for an unknown symbol; throws RangeError for a precision outside the market's range. */
  bookUnits(symbol: string, precision?: number): AggregatedBook | undefined {
    const market = this.engine.market(symbol);
    if (market === undefined) return undefined;
    const p = precision ?? market.pricePrecisionMax;
    if (!validPrecision(market, p)) {
      throw new RangeError(`precision must be ${market.pricePrecisionMin}..${market.pricePrecisionMax}, got ${p}`);
    }
    if (this.bookSource === 'engine') return aggregateBook((s, side, n) => this.engine.depth(s, side, n), market, p, this.bookLevels);
    return this.durable.book(market, p, this.bookLevels);
  }

  private depth(symbol: string, side: Side, maxLevels: number): readonly DepthLevel[] {
    return this.bookSource === 'engine' ? this.engine.depth(symbol, side, maxLevels) : this.durable.depth(symbol, side, maxLevels);
  }

  /** Newest first; undefined for an unknown symbol. */
  recentTradeRows(symbol: string, limit?: number): readonly TradeRow[] | undefined {
    return this.knownState(symbol)?.ring.newest(limit);
  }

  /** The newest candle of a step (undefined before the first trade). */
  currentCandle(symbol: string, step: number): CandleUnits | undefined {
    return this.states.get(symbol)?.candles.get(step);
  }

  // ---- wire objects -------------------------------------------------------

  ticker(symbol: string, now: number): Ticker | undefined {
    const st = this.knownState(symbol);
    if (st === undefined) return undefined;
    if (st.ticker !== undefined && now < st.ticker.validUntil) return st.ticker.wire;
    const units = this.tickerUnits(symbol, now) as TickerUnits;
    const wire = formatTicker(this.format(symbol) as MarketFormat, units, `${this.baseUrl}/trade/${symbol}`);
    st.ticker = { wire, validUntil: st.window.nextEviction() };
    return wire;
  }

  /** Tickers of every market, in market creation order. */
  tickers(now: number): Ticker[] {
    return this.engine.markets().map((m) => this.ticker(m.symbol, now) as Ticker);
  }

  /** precision omitted: the market's pricePrecisionMax. Same errors as bookUnits. */
  book(symbol: string, precision?: number): OrderBook | undefined {
    const market = this.engine.market(symbol);
    const st = this.knownState(symbol);
    if (market === undefined || st === undefined) return undefined;
    const p = precision ?? market.pricePrecisionMax;
    const cached = st.books.get(p);
    if (cached !== undefined) return cached;
    const wire = formatBook(this.format(symbol) as MarketFormat, this.bookUnits(symbol, p) as AggregatedBook);
    st.books.set(p, wire);
    return wire;
  }

  /** Newest first, at most `limit` (default: all kept). */
  trades(symbol: string, limit?: number): readonly PublicTrade[] | undefined {
    const st = this.knownState(symbol);
    if (st === undefined) return undefined;
    if (st.trades === undefined) {
      const f = this.format(symbol) as MarketFormat;
      st.trades = st.ring.newest().map((t) => formatPublicTrade(f, t));
    }
    return limit === undefined || limit >= st.trades.length ? st.trades : st.trades.slice(0, limit);
  }

  /** Candles from the store, ascending; undefined for an unknown symbol. */
  klines(q: KlineQuery): Candle[] | undefined {
    const f = this.format(q.symbol);
    if (f === undefined) return undefined;
    return this.store.candles(q).map((c) => formatCandle(f, c));
  }

  /** How the market's numbers are printed (undefined for an unknown symbol). */
  format(symbol: string): MarketFormat | undefined {
    let f = this.formats.get(symbol);
    if (f === undefined) {
      const market: MarketConfig | undefined = this.engine.market(symbol);
      if (market === undefined) return undefined;
      const quoteScale = this.engine.currency(market.quote)?.scale ?? market.priceDecimals + market.amountDecimals;
      f = { market, quoteScale };
      this.formats.set(symbol, f);
    }
    return f;
  }

  // ---- state ----------------------------------------------------------------

  private newState(symbol: string): SymbolState {
    const st = new SymbolState(symbol, this.windowMinutes, this.ringSize);
    this.states.set(symbol, st);
    return st;
  }

  private stateOf(symbol: string): SymbolState {
    return this.states.get(symbol) ?? this.newState(symbol);
  }

  /** The state of a market the engine knows (created on first use). */
  private knownState(symbol: string): SymbolState | undefined {
    const st = this.states.get(symbol);
    if (st !== undefined) return st;
    return this.engine.market(symbol) === undefined ? undefined : this.newState(symbol);
  }
}
