export { MarketData, type KlineQuery, type MarketDataOptions, type MarketSource } from './market-data.js';
export type { TickerUnits } from './ticker.js';
export {
  aggregateBook, aggregateLevels, bucketPrice, bucketWidth, validPrecision,
  type AggregatedBook, type AggregatedLevel,
} from './book.js';
export {
  bookPrice, fluctuation, formatBook, formatCandle, formatPublicTrade, formatTicker, quoteValue,
  type MarketFormat,
} from './format.js';
export { RollingWindow, type WindowStats } from './rolling-window.js';
