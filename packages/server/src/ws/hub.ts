/**
 * The fan-out: topics with their subscribers, fed by the market data's
 * listeners (called after a batch is durable and applied). Changes are
 * collected and flushed once per event-loop turn (setImmediate): each
 * topic's push is serialized once and the same string goes to every
 * subscriber, at most one push per topic per flush (a k-line topic whose
 * batch closed a bucket and opened the next gets one push per bucket).
 *
 * A client subscribing while a change is pending gets a snapshot that
 * already includes it, so it is skipped by that change's push (no
 * duplicated trades).
 */
import { formatPublicTrade } from '../app/market-data/index.js';
import type { TradeView } from '../domain/index.js';
import type { CandleUnits } from '../store/port.js';
import type { ResolvedWsFeedOptions } from './options.js';
import { depthText, emptyCandle, feedTrade, klineText, priceData, priceFigures, priceText, tradeText } from './render.js';
import type { WsFeedDeps } from './source.js';
import { topicKey, type Topic } from './topic.js';
import type { FeedTrade, PriceData } from './wire.js';

export interface Subscriber {
  deliver(text: string): void;
}

interface TopicState {
  readonly topic: Topic;
  readonly subscribers: Set<Subscriber>;
  /** Subscribed while a change was pending: their snapshot already shows it. */
  readonly skip: Set<Subscriber>;
  /** Depth only: the last push, to skip pushes of an unchanged book. */
  last: string | undefined;
  /** Price only: the figures last sent (see refreshPrices). */
  figures: string | undefined;
}

type HubOptions = Pick<ResolvedWsFeedOptions, 'snapshotTrades' | 'maxTradesPerPush' | 'priceRefreshMs' | 'onError'>;

export class Hub {
  private readonly topics = new Map<string, TopicState>();
  private readonly bySymbol = new Map<string, Set<TopicState>>();
  private readonly pendingTrades = new Map<string, TradeView[]>();
  private readonly pendingCandles = new Map<string, Map<string, CandleUnits>>();
  private readonly pendingBooks = new Set<string>();
  private readonly skipping = new Set<TopicState>();
  private immediate: NodeJS.Immediate | undefined;
  private readonly unlisten: (() => void)[];
  private readonly refreshTimer: NodeJS.Timeout;

  constructor(
    private readonly deps: WsFeedDeps,
    private readonly options: HubOptions,
  ) {
    const md = deps.marketData;
    this.unlisten = [
      md.onTrade((t) => this.onTrade(t)),
      md.onCandle((c) => this.onCandle(c)),
      md.onBookChange((s) => this.onBook(s)),
    ];
    this.refreshTimer = setInterval(() => this.guard('refreshed prices', () => this.refreshPrices()), options.priceRefreshMs);
    this.refreshTimer.unref();
  }

  /** Number of topics with at least one subscriber. */
  get size(): number {
    return this.topics.size;
  }

  /** Add a subscriber (idempotent); returns the snapshot to send it. */
  subscribe(sub: Subscriber, topic: Topic): string {
    const key = topicKey(topic);
    const existing = this.topics.get(key);
    const pending = this.isPending(topic);
    let text: string;
    let figures: string | undefined;
    if (topic.channel === 'price') {
      const data = this.priceOf(topic.symbol, this.deps.clock.now());
      figures = priceFigures(data);
      text = priceText(topic.symbol, data);
    } else {
      text = existing !== undefined && !pending && existing.last !== undefined ? existing.last : this.snapshot(topic);
    }
    const ts = existing ?? this.addTopic(key, topic);
    if (existing === undefined) {
      if (topic.channel === 'depth') ts.last = text;
      if (!pending) ts.figures = figures;
    }
    ts.subscribers.add(sub);
    if (pending) {
      ts.skip.add(sub);
      this.skipping.add(ts);
    }
    return text;
  }

  unsubscribe(sub: Subscriber, topic: Topic): void {
    const key = topicKey(topic);
    const ts = this.topics.get(key);
    if (ts === undefined) return;
    ts.subscribers.delete(sub);
    ts.skip.delete(sub);
    if (ts.subscribers.size > 0) return;
    this.topics.delete(key);
    this.skipping.delete(ts);
    const set = this.bySymbol.get(topic.symbol);
    set?.delete(ts);
    if (set?.size === 0) this.bySymbol.delete(topic.symbol);
  }

  /** The current state of a topic as one push. */
  snapshot(topic: Topic): string {
    const md = this.deps.marketData;
    const now = this.deps.clock.now();
    const f = md.format(topic.symbol);
    if (f === undefined) throw new Error(`ws feed: unknown symbol ${topic.symbol}`);
    switch (topic.channel) {
      case 'price':
        return priceText(topic.symbol, this.priceOf(topic.symbol, now));
      case 'kline':
        return klineText(f, md.currentCandle(topic.symbol, topic.step) ?? emptyCandle(topic.symbol, topic.step, now));
      case 'depth':
        return depthText(topic.symbol, topic.precision, this.bookOf(topic.symbol, topic.precision));
      case 'trade': {
        const trades = (md.trades(topic.symbol, this.options.snapshotTrades) ?? []).map(feedTrade);
        return tradeText(topic.symbol, topic.precision, trades);
      }
      default: {
        const never: never = topic;
        return never;
      }
    }
  }

  /**
   * Push the price topics whose figures changed without a trade (the 24 h
   * window slid); normally from the refresh timer.
   */
  refreshPrices(): void {
    const now = this.deps.clock.now();
    for (const ts of this.topics.values()) {
      if (ts.topic.channel !== 'price' || this.pendingTrades.has(ts.topic.symbol)) continue;
      const data = this.priceOf(ts.topic.symbol, now);
      const figures = priceFigures(data);
      if (figures === ts.figures) continue;
      ts.figures = figures;
      this.send(ts, priceText(ts.topic.symbol, data));
    }
  }

  close(): void {
    clearInterval(this.refreshTimer);
    for (const off of this.unlisten) off();
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.immediate = undefined;
    this.topics.clear();
    this.bySymbol.clear();
    this.clearPending();
  }

  // ---- changes ----------------------------------------------------------------

  private wants(symbol: string, match: (t: Topic) => boolean): boolean {
    const set = this.bySymbol.get(symbol);
    if (set === undefined) return false;
    for (const ts of set) if (match(ts.topic)) return true;
    return false;
  }

  private onTrade(t: TradeView): void {
    if (!this.wants(t.symbol, (x) => x.channel === 'price' || x.channel === 'trade')) return;
    let list = this.pendingTrades.get(t.symbol);
    if (list === undefined) this.pendingTrades.set(t.symbol, (list = []));
    list.push(t);
    if (list.length > 2 * this.options.maxTradesPerPush) list.splice(0, list.length - this.options.maxTradesPerPush);
    this.schedule();
  }

  private onCandle(c: CandleUnits): void {
    if (!this.wants(c.symbol, (x) => x.channel === 'kline' && x.step === c.step)) return;
    let map = this.pendingCandles.get(c.symbol);
    if (map === undefined) this.pendingCandles.set(c.symbol, (map = new Map()));
    map.set(`${c.step}|${c.time}`, c);
    this.schedule();
  }

  private onBook(symbol: string): void {
    if (!this.wants(symbol, (x) => x.channel === 'depth')) return;
    this.pendingBooks.add(symbol);
    this.schedule();
  }

  private isPending(topic: Topic): boolean {
    switch (topic.channel) {
      case 'price':
      case 'trade':
        return this.pendingTrades.has(topic.symbol);
      case 'depth':
        return this.pendingBooks.has(topic.symbol);
      case 'kline': {
        const map = this.pendingCandles.get(topic.symbol);
        if (map === undefined) return false;
        for (const c of map.values()) if (c.step === topic.step) return true;
        return false;
      }
      default: {
        const never: never = topic;
        return never;
      }
    }
  }

  private schedule(): void {
    this.immediate ??= setImmediate(() => {
      this.immediate = undefined;
      this.flush();
    });
  }

  // ---- flush ------------------------------------------------------------------

  /** Push every pending change once (normally from setImmediate). */
  flush(): void {
    const now = this.deps.clock.now();
    try {
      for (const [symbol, trades] of this.pendingTrades) this.guard(`trades of ${symbol}`, () => this.flushTrades(symbol, trades, now));
      for (const [symbol, candles] of this.pendingCandles) this.guard(`k-lines of ${symbol}`, () => this.flushCandles(symbol, candles));
      for (const symbol of this.pendingBooks) this.guard(`book of ${symbol}`, () => this.flushBook(symbol));
    } finally {
      this.clearPending();
    }
  }

  private flushTrades(symbol: string, trades: readonly TradeView[], now: number): void {
    const f = this.deps.marketData.format(symbol);
    if (f === undefined) return;
    let items: FeedTrade[] | undefined;
    for (const ts of this.topicsOf(symbol)) {
      if (ts.topic.channel === 'price') {
        const data = this.priceOf(symbol, now);
        ts.figures = priceFigures(data);
        this.send(ts, priceText(symbol, data));
      } else if (ts.topic.channel === 'trade') {
        items ??= trades
          .slice(-this.options.maxTradesPerPush)
          .reverse()
          .map((t) => feedTrade(formatPublicTrade(f, t)));
        this.send(ts, tradeText(symbol, ts.topic.precision, items));
      }
    }
  }

  private flushCandles(symbol: string, candles: ReadonlyMap<string, CandleUnits>): void {
    const f = this.deps.marketData.format(symbol);
    if (f === undefined) return;
    const sorted = [...candles.values()].sort((a, b) => a.time - b.time);
    for (const ts of this.topicsOf(symbol)) {
      const topic = ts.topic;
      if (topic.channel !== 'kline') continue;
      for (const c of sorted) if (c.step === topic.step) this.send(ts, klineText(f, c));
    }
  }

  private flushBook(symbol: string): void {
    for (const ts of this.topicsOf(symbol)) {
      if (ts.topic.channel !== 'depth') continue;
      const text = depthText(symbol, ts.topic.precision, this.bookOf(symbol, ts.topic.precision));
      if (text === ts.last) continue;
      ts.last = text;
      this.send(ts, text);
    }
  }

  private send(ts: TopicState, text: string): void {
    for (const sub of ts.subscribers) {
      if (ts.skip.has(sub)) continue;
      try {
        sub.deliver(text);
      } catch (err) {
        this.options.onError(err, 'delivering a push');
      }
    }
  }

  private addTopic(key: string, topic: Topic): TopicState {
    const ts: TopicState = { topic, subscribers: new Set(), skip: new Set(), last: undefined, figures: undefined };
    this.topics.set(key, ts);
    let set = this.bySymbol.get(topic.symbol);
    if (set === undefined) this.bySymbol.set(topic.symbol, (set = new Set()));
    set.add(ts);
    return ts;
  }

  private guard(context: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.options.onError(err, `pushing ${context}`);
    }
  }

  private clearPending(): void {
    this.pendingTrades.clear();
    this.pendingCandles.clear();
    this.pendingBooks.clear();
    for (const ts of this.skipping) ts.skip.clear();
    this.skipping.clear();
  }

  private topicsOf(symbol: string): readonly TopicState[] {
    return [...(this.bySymbol.get(symbol) ?? [])];
  }

  private priceOf(symbol: string, now: number): PriceData {
    const md = this.deps.marketData;
    const f = md.format(symbol);
    const t = md.tickerUnits(symbol, now);
    if (f === undefined || t === undefined) throw new Error(`ws feed: no ticker for ${symbol}`);
    return priceData(f, t, now);
  }

  private bookOf(symbol: string, precision: number) {
    const b = this.deps.marketData.book(symbol, precision);
    if (b === undefined) throw new Error(`ws feed: no book for ${symbol}`);
    return b;
  }
}
