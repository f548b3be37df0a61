/**
 * Wire objects of the public market data (@openmart/protocol wire.ts) from
 * data in units. Prices use the market's priceDecimals (book prices: the
 * requested precision), base amounts its amountDecimals, quote values the
 * quote currency's scale with trailing zeros trimmed down to
 * priceDecimals + amountDecimals digits (exact, never rounded).
 */
import type { Candle, OrderBook, PublicTrade, Ticker } from '@openmart/protocol';
import { formatUnits, pow10, type MarketConfig } from '../../domain/index.js';
import type { CandleUnits, TradeRow } from '../../store/port.js';
import type { AggregatedBook, AggregatedLevel } from './book.js';
import type { TickerUnits } from './ticker.js';

/** How a market's numbers are printed. */
export interface MarketFormat {
  readonly market: MarketConfig;
  /** Scale of the quote currency's units (quote values, quote volumes). */
  readonly quoteScale: number;
}

export function price(f: MarketFormat, units: number | undefined): string {
  return formatUnits(units ?? 0, f.market.priceDecimals);
}

export function baseAmount(f: MarketFormat, units: number | bigint): string {
  return formatUnits(units, f.market.amountDecimals);
}

/** A quote value: exact, at least min(quoteScale, priceDecimals + amountDecimals) fraction digits. */
export function quoteValue(f: MarketFormat, units: bigint): string {
  const text = formatUnits(units, f.quoteScale);
  const keep = Math.min(f.quoteScale, f.market.priceDecimals + f.market.amountDecimals);
  const dot = text.indexOf('.');
  if (dot < 0) return text;
  let end = text.length;
  while (end > dot + 1 + keep && text[end - 1] === '0') end -= 1;
  return end === dot + 1 ? text.slice(0, dot) : text.slice(0, end);
}

/**
 * (close - open) / open as a signed fraction with 4 digits, rounded half
 * away from zero; "+0.0000" when there is no open or the rounded change is 0.
 */
export function fluctuation(open: number | undefined, close: number | undefined): string {
  if (open === undefined || close === undefined || open <= 0) return '+0.0000';
  const num = (BigInt(close) - BigInt(open)) * 10_000n;
  const neg = num < 0n;
  const abs = neg ? -num : num;
  const den = BigInt(open);
  let q = abs / den;
  if ((abs % den) * 2n >= den) q += 1n;
  const sign = neg && q > 0n ? '-' : '+';
  return `${sign}${formatUnits(q, 4)}`;
}

export function formatTicker(f: MarketFormat, t: TickerUnits, url: string): Ticker {
  return {
    symbol_id: f.market.symbol,
    url,
    volume: baseAmount(f, t.volume),
    base_volume: quoteValue(f, t.quoteVolume),
    highest_price: price(f, t.high ?? t.last),
    lowest_price: price(f, t.low ?? t.last),
    current_price: price(f, t.last),
    ask_1: price(f, t.bestAsk?.price),
    ask_1_amount: baseAmount(f, t.bestAsk?.amount ?? 0),
    bid_1: price(f, t.bestBid?.price),
    bid_1_amount: baseAmount(f, t.bestBid?.amount ?? 0),
    fluctuation: fluctuation(t.open, t.close),
  };
}

export function formatCandle(f: MarketFormat, c: CandleUnits): Candle {
  return {
    timestamp: c.time,
    open_price: price(f, c.open),
    highest_price: price(f, c.high),
    lowest_price: price(f, c.low),
    current_price: price(f, c.close),
    volume: baseAmount(f, c.volume),
  };
}

/** A bucket price printed with `precision` digits. */
export function bookPrice(priceDecimals: number, precision: number, units: number): string {
  if (precision >= priceDecimals) return formatUnits(BigInt(units) * pow10(precision - priceDecimals), precision);
  return formatUnits(BigInt(units) / pow10(priceDecimals - precision), precision);
}

function level(f: MarketFormat, precision: number, l: AggregatedLevel) {
  return {
    price: bookPrice(f.market.priceDecimals, precision, l.price),
    amount: baseAmount(f, l.amount),
    total: baseAmount(f, l.total),
    count: l.count,
  };
}

export function formatBook(f: MarketFormat, b: AggregatedBook): OrderBook {
  return {
    buys: b.bids.map((l) => level(f, b.precision, l)),
    sells: b.asks.map((l) => level(f, b.precision, l)),
  };
}

export function formatPublicTrade(f: MarketFormat, t: TradeRow): PublicTrade {
  return {
    amount: quoteValue(f, t.quoteAmount),
    order_time: t.time,
    price: price(f, t.price),
    count: baseAmount(f, t.amount),
    type: t.takerSide,
  };
}
