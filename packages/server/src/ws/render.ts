/**
 * Serialization of the pushes (one string per push, shared by every
 * subscriber of the topic). Numbers are printed by the market data's
 * formatters, so the feed and the REST API always agree digit for digit.
 */
import type { OrderBook, PublicTrade } from '@openmart/protocol';
import { formatUnits, type TradeView } from '../domain/index.js';
import { bucketStart } from '../store/candle-math.js';
import type { CandleUnits } from '../store/port.js';
import { formatCandle, formatPublicTrade, fluctuation, type MarketFormat } from '../app/market-data/index.js';
import { baseAmount, price } from '../app/market-data/format.js';
import type { TickerUnits } from '../app/market-data/index.js';
import type { DepthPush, FeedTrade, KlinePush, PriceData, PricePush, TradePush } from './wire.js';

/** The 24 h change in percent with 2 decimals, from the signed 4-decimal fraction: "+0.0275" -> "+2.75". */
export function rateOf(fluct: string): string {
  const m = /^([+-])([0-9]+)\.([0-9]{4})$/.exec(fluct);
  if (m === null) throw new Error(`unexpected fluctuation ${fluct}`);
  return `${m[1]}${formatUnits(BigInt(`${m[2]}${m[3]}`), 2)}`;
}

export function priceData(f: MarketFormat, t: TickerUnits, now: number): PriceData {
  const fl = fluctuation(t.open, t.close);
  return {
    open_price: price(f, t.open ?? t.last),
    highest_price: price(f, t.high ?? t.last),
    lowest_price: price(f, t.low ?? t.last),
    volume: baseAmount(f, t.volume),
    current_price: price(f, t.last),
    fluctuation: fl,
    rate: rateOf(fl),
    timestamp: now,
  };
}

export function priceText(symbol: string, data: PriceData): string {
  const push: PricePush = { subscribe: 'price', symbol, data };
  return JSON.stringify(push);
}

/** The figures of a price push without its timestamp (to tell whether anything changed). */
export function priceFigures(d: PriceData): string {
  return [d.open_price, d.highest_price, d.lowest_price, d.volume, d.current_price, d.fluctuation].join('|');
}

/** Before the first trade of a market: a flat zero candle of the current bucket. */
export function emptyCandle(symbol: string, step: number, now: number): CandleUnits {
  return { symbol, step, time: bucketStart(now, step), open: 0, high: 0, low: 0, close: 0, volume: 0n, quoteVolume: 0n };
}

export function klineText(f: MarketFormat, c: CandleUnits): string {
  const push: KlinePush = { subscribe: 'kline', symbol: f.market.symbol, step: String(c.step), data: formatCandle(f, c) };
  return JSON.stringify(push);
}

export function depthText(symbol: string, precision: number, book: OrderBook): string {
  const push: DepthPush = { subscribe: 'depth', symbol, precision, data: { buys: book.buys, sells: book.sells } };
  return JSON.stringify(push);
}

export function feedTrade(t: PublicTrade): FeedTrade {
  return { side: t.type, amount: t.amount, price: t.price, count: t.count, time: t.order_time };
}

/** trades[from, end) as feed trades, newest first. */
export function feedTradesNewestFirst(f: MarketFormat, trades: readonly TradeView[], from: number, end: number): FeedTrade[] {
  const out: FeedTrade[] = [];
  for (let i = end - 1; i >= from; i--) out.push(feedTrade(formatPublicTrade(f, trades[i])));
  return out;
}

export function tradeText(symbol: string, precision: number, trades: readonly FeedTrade[]): string {
  const push: TradePush = { subscribe: 'trade', symbol, precision, data: { trades } };
  return JSON.stringify(push);
}
