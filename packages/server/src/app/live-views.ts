/**
 * The in-memory read models that answer exactly as of the last durable
 * batch: the market data (ticker, book, trades, candles) and the durable
 * balances. They join the sequencer after recovery, once the query store
 * has caught up: market data is rebuilt from the store, book and balances
 * are seeded from the engine, which at that moment (nothing submitted yet)
 * holds exactly the durable state; from then on both are fed every durable
 * batch before its replies go out.
 */
import type { QueryStore } from '../store/port.js';
import type { DurableBalances } from './durable-balances.js';
import type { MarketData } from './market-data/index.js';
import type { Exchange } from './recovery.js';

export interface LiveViews {
  readonly marketData: MarketData;
  readonly balances: DurableBalances;
}

/** Call once, right after openExchange and before anything is submitted. */
export async function attachLiveViews(exchange: Exchange, store: QueryStore, views: LiveViews, now: number): Promise<void> {
  await store.settled();
  const seq = exchange.sequencer.lastSeq;
  if (store.lastAppliedSeq() !== seq) {
    throw new Error(`the query store is at seq ${store.lastAppliedSeq()} after recovery, the journal at ${seq}`);
  }
  views.marketData.rebuild(now);
  views.marketData.syncBook(exchange.engine);
  views.balances.seed(exchange.engine, seq);
  exchange.sequencer.attach(views.marketData);
  exchange.sequencer.attach(views.balances);
}
