/** What the feed reads: the in-memory market data (its queries and listeners) and the clock. */
import type { OrderBook } from '@openmart/protocol';
import type { Clock } from '../app/clock.js';
import type { MarketData } from '../app/market-data/index.js';
import { priceData } from './render.js';
import type { PriceData } from './wire.js';

export type FeedSource = Pick<
  MarketData,
  'format' | 'tickerUnits' | 'tickerValidUntil' | 'book' | 'trades' | 'currentCandle' | 'recentTradeRows' | 'onTrade' | 'onBookChange' | 'onCandle'
>;

export interface WsFeedDeps {
  readonly marketData: FeedSource;
  /** Timestamps of price pushes and the 24 h window (the server clock). */
  readonly clock: Clock;
}

/** A known symbol's price figures at `now` (throws for an unknown one: topics are checked on subscribe). */
export function priceOf(md: FeedSource, symbol: string, now: number): PriceData {
  const f = md.format(symbol);
  const t = md.tickerUnits(symbol, now);
  if (f === undefined || t === undefined) throw new Error(`ws feed: no ticker for ${symbol}`);
  return priceData(f, t, now);
}

/** A known symbol's aggregated book (throws for an unknown one). */
export function bookOf(md: FeedSource, symbol: string, precision: number): OrderBook {
  const b = md.book(symbol, precision);
  if (b === undefined) throw new Error(`ws feed: no book for ${symbol}`);
  return b;
}
