/**
 * The fan-out: topics with their subscribers, fed by the market data's
 * listeners (called after a batch is durable and applied). Changes are
 * collected and flushed once per event-loop turn (setImmediate): each
 * topic's push is serialized once and the same string goes to every
 * subscriber, at most one push per topic per flush (a k-line topic whose
 * batch closed a bucket and opened the next gets one push per bucket; a
 * trade topic gets every trade, in pushes of at most maxTradesPerPush).
 *
 * A client subscribing while a change is pending gets a snapshot that
 * already includes it, so it is skipped by that change's push (no
 * duplicated trades); trades committed after it subscribed still reach it.
 *
 * Price topics are re-checked without trades when the oldest minute of a
 * subscribed symbol's window leaves it (one timer, set for the earliest
 * such time, none while no price topic is subscribed).
 */
import type { TradeView } from '../domain/index.js';
import type { CandleUnits } from '../store/port.js';
import { DeadlineTimer } from './deadline-timer.js';
import type { ResolvedWsFeedOptions } from './options.js';
import { depthText, emptyCandle, feedTrade, feedTradesNewestFirst, klineText, priceFigures, priceText, tradeText } from './render.js';
import { bookOf, priceOf, type WsFeedDeps } from './source.js';
import { topicKey, type Topic } from './topic.js';
import type { FeedTrade } from './wire.js';

export interface Subscriber {
  deliver(text: string): void;
}

interface TopicState {
  readonly topic: Topic;
  readonly subscribers: Set<Subscriber>;
  /**
   * Subscribed while a change was pending: their snapshot already shows it.
   * Trade topics: how many of the pending trades it shows (the flush sends
   * the others). Other topics: skipped by the flush's push, unless the topic
   * changed again after the subscription (then the value is dropped).
   */
  readonly skip: Map<Subscriber, number>;
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
  /** Subscribed price topics; the refresh timer runs only while there is one. */
  private priceTopics = 0;
  /** Re-checks the price topics when a window next slides (see refreshPrices). */
  private readonly refresh: DeadlineTimer;

  constructor(
    private readonly deps: WsFeedDeps,
    private readonly options: HubOptions,
  ) {
    this.refresh = new DeadlineTimer(() => this.refreshPrices(), options.priceRefreshMs);
    const md = deps.marketData;
    this.unlisten = [
      md.onTrade((t) => this.onTrade(t)),
      md.onCandle((c) => this.onCandle(c)),
      md.onBookChange((s) => this.onBook(s)),
    ];
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
      const now = this.deps.clock.now();
      const data = priceOf(this.deps.marketData, topic.symbol, now);
      figures = priceFigures(data);
      text = priceText(topic.symbol, data);
      if (existing === undefined) this.priceTopics += 1;
      this.refresh.by(this.validUntil(topic.symbol, now), now);
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
      ts.skip.set(sub, topic.channel === 'trade' ? (this.pendingTrades.get(topic.symbol)?.length ?? 0) : 0);
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
    if (topic.channel === 'price') {
      this.priceTopics -= 1;
      if (this.priceTopics === 0) this.refresh.stop();
    }
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
        return priceText(topic.symbol, priceOf(this.deps.marketData, topic.symbol, now));
      case 'kline':
        return klineText(f, md.currentCandle(topic.symbol, topic.step) ?? emptyCandle(topic.symbol, topic.step, now));
      case 'depth':
        return depthText(topic.symbol, topic.precision, bookOf(this.deps.marketData, topic.symbol, topic.precision));
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
   * window slid), then set the timer for the next change; normally from
   * that timer.
   */
  refreshPrices(): void {
    const now = this.deps.clock.now();
    let next = Infinity;
    for (const ts of this.topics.values()) {
      const topic = ts.topic;
      if (topic.channel !== 'price') continue;
      this.guard(`price of ${topic.symbol}`, () => {
        // A pending trade pushes the price in the flush, which sets the timer again.
        if (this.pendingTrades.has(topic.symbol)) return;
        const data = priceOf(this.deps.marketData, topic.symbol, now);
        next = Math.min(next, this.validUntil(topic.symbol, now));
        const figures = priceFigures(data);
        if (figures === ts.figures) return;
        ts.figures = figures;
        this.send(ts, priceText(topic.symbol, data));
      });
    }
    if (this.priceTopics > 0) this.refresh.by(next, now);
  }

  close(): void {
    this.refresh.stop();
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

  /**
   * A topic changed after a subscriber's snapshot: that subscriber gets the
   * push too (trade topics need not: their skip counts trades, not changes).
   */
  private changed(symbol: string, match: (t: Topic) => boolean): void {
    for (const ts of this.bySymbol.get(symbol) ?? []) if (ts.skip.size > 0 && match(ts.topic)) ts.skip.clear();
  }

  /**
   * Every trade is kept until the flush, which pushes them all. The list
   * only holds trades of batches applied since the last event-loop turn
   * (the flush runs in the next one), objects the batch's events already
   * hold; what bounds the memory of their pushes is the slow-consumer check.
   */
  private onTrade(t: TradeView): void {
    const trade = this.wants(t.symbol, (x) => x.channel === 'trade');
    if (!trade && !this.wants(t.symbol, (x) => x.channel === 'price')) return;
    this.changed(t.symbol, (x) => x.channel === 'price');
    let list = this.pendingTrades.get(t.symbol);
    if (list === undefined) this.pendingTrades.set(t.symbol, (list = []));
    if (trade) list.push(t);
    this.schedule();
  }

  private onCandle(c: CandleUnits): void {
    const match = (x: Topic) => x.channel === 'kline' && x.step === c.step;
    if (!this.wants(c.symbol, match)) return;
    this.changed(c.symbol, match);
    let map = this.pendingCandles.get(c.symbol);
    if (map === undefined) this.pendingCandles.set(c.symbol, (map = new Map()));
    map.set(`${c.step}|${c.time}`, c);
    this.schedule();
  }

  private onBook(symbol: string): void {
    const match = (x: Topic) => x.channel === 'depth';
    if (!this.wants(symbol, match)) return;
    this.changed(symbol, match);
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

  /**
   * The price push, then every pending trade: consecutive runs of at most
   * maxTradesPerPush, oldest run first, each newest first. One run is
   * rendered at a time, so a sweep of many trades never holds all its pushes
   * at once; a client that cannot keep up is closed by the slow-consumer
   * check before its send buffer grows past maxBufferedBytes.
   */
  private flushTrades(symbol: string, trades: readonly TradeView[], now: number): void {
    const f = this.deps.marketData.format(symbol);
    if (f === undefined) return;
    const tradeTopics: { readonly ts: TopicState; readonly precision: number }[] = [];
    for (const ts of this.topicsOf(symbol)) {
      if (ts.topic.channel === 'price') {
        const data = priceOf(this.deps.marketData, symbol, now);
        ts.figures = priceFigures(data);
        this.send(ts, priceText(symbol, data));
        this.refresh.by(this.validUntil(symbol, now), now);
      } else if (ts.topic.channel === 'trade') {
        tradeTopics.push({ ts, precision: ts.topic.precision });
      }
    }
    const size = this.options.maxTradesPerPush;
    for (let start = 0; start < trades.length; start += size) {
      const end = Math.min(start + size, trades.length);
      let items: FeedTrade[] | undefined;
      for (const { ts, precision } of tradeTopics) {
        let text: string | undefined;
        for (const sub of ts.subscribers) {
          // Subscribed while trades were pending: its snapshot shows the first `from`.
          const from = ts.skip.get(sub) ?? 0;
          if (from >= end) continue;
          if (from <= start) {
            text ??= tradeText(symbol, precision, (items ??= feedTradesNewestFirst(f, trades, start, end)));
            this.deliverTo(sub, text);
          } else {
            this.deliverTo(sub, tradeText(symbol, precision, feedTradesNewestFirst(f, trades, from, end)));
          }
        }
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
      const text = depthText(symbol, ts.topic.precision, bookOf(this.deps.marketData, symbol, ts.topic.precision));
      if (text === ts.last) continue;
      ts.last = text;
      this.send(ts, text);
    }
  }

  private send(ts: TopicState, text: string): void {
    for (const sub of ts.subscribers) if (!ts.skip.has(sub)) this.deliverTo(sub, text);
  }

  private deliverTo(sub: Subscriber, text: string): void {
    try {
      sub.deliver(text);
    } catch (err) {
      this.options.onError(err, 'delivering a push');
    }
  }

  // ---- price refresh ----------------------------------------------------------

  /** When the symbol's price figures next change without a trade (clock ms; Infinity: never). */
  private validUntil(symbol: string, now: number): number {
    return this.deps.marketData.tickerValidUntil(symbol, now) ?? Infinity;
  }

  private addTopic(key: string, topic: Topic): TopicState {
    const ts: TopicState = { topic, subscribers: new Set(), skip: new Map(), last: undefined, figures: undefined };
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
}
