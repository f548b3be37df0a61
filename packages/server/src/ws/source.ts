/** What the feed reads: the in-memory market data (its queries and listeners) and the clock. */
import type { Clock } from '../app/clock.js';
import type { MarketData } from '../app/market-data/index.js';

export type FeedSource = Pick<
  MarketData,
  'format' | 'tickerUnits' | 'tickerValidUntil' | 'book' | 'trades' | 'currentCandle' | 'recentTradeRows' | 'onTrade' | 'onBookChange' | 'onCandle'
>;

export interface WsFeedDeps {
  readonly marketData: FeedSource;
  /** Timestamps of price pushes and the 24 h window (the server clock). */
  readonly clock: Clock;
}
