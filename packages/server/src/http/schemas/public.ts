/** Route schemas of the public Open API v2 endpoints (GET, no authentication). */
import {
  CandleSchema, CurrencySchema, EmptySchema, KLINE_STEPS, OrderBookSchema, PublicTradeSchema, StepsSchema, SymbolDetailsSchema, TickerSchema,
  TimeSchema,
} from '@openmart/protocol';
import { Type } from '@sinclair/typebox';
import type { FastifySchema } from 'fastify';
import { errors, ok, serializable, SymbolPath } from './common.js';

const tags = ['public'];

export const pingSchema: FastifySchema = {
  tags, summary: 'Liveness', description: 'Answers `{}`.',
  response: { 200: ok(EmptySchema, 'always {}'), ...errors() },
};

export const timeSchema: FastifySchema = {
  tags, summary: 'Server time', description: 'Server time in ms since the Unix epoch; clients use it to correct X-BM-TIMESTAMP skew.',
  response: { 200: ok(TimeSchema, 'server time'), ...errors() },
};

export const stepsSchema: FastifySchema = {
  tags, summary: 'K-line steps', description: `The k-line steps in minutes: ${KLINE_STEPS.join(', ')}.`,
  response: { 200: ok(StepsSchema, 'steps in minutes'), ...errors() },
};

export const currenciesSchema: FastifySchema = {
  tags, summary: 'Currencies', description: 'Every currency, in creation order.',
  response: { 200: ok(Type.Array(CurrencySchema), 'currencies'), ...errors() },
};

export const symbolsSchema: FastifySchema = {
  tags, summary: 'Symbols', description: 'Every market symbol (BASE_QUOTE), in creation order.',
  response: { 200: ok(Type.Array(Type.String()), 'symbols'), ...errors() },
};

/**
 * SymbolDetailsSchema with `id` required: here it is always there, and
 * fast-json-stringify writes optional properties after the required ones,
 * which would move `id` from first to last.
 */
const SymbolDetailsWithId = Type.Object({ ...SymbolDetailsSchema.properties, id: Type.String({ description: 'the symbol' }) });

export const symbolsDetailsSchema: FastifySchema = {
  tags, summary: 'Every symbol with its details', description: 'Symbol details of every market, each with `id` (the symbol) first.',
  response: { 200: ok(Type.Array(SymbolDetailsWithId), 'symbol details with id'), ...errors() },
};

export const symbolDetailsSchema: FastifySchema = {
  tags, summary: 'Symbol details', description: 'Details of one market, without `id`. Unknown symbol: 400.',
  params: SymbolPath,
  response: { 200: ok(SymbolDetailsSchema, 'symbol details'), ...errors() },
};

/** The two shapes of GET /v2/ticker, serialized separately (see routes/public.ts). */
export const ONE_TICKER = serializable(TickerSchema);
export const ALL_TICKERS = serializable(Type.Array(TickerSchema));
/** The book's 200 body, for its cached JSON text (see routes/public.ts). */
export const ONE_BOOK = serializable(OrderBookSchema);

export const tickerSchema: FastifySchema = {
  tags, summary: 'Ticker of one symbol, or of all',
  description: 'With `symbol`: one ticker object. Without: an array of the tickers of every market. Unknown symbol: 400.',
  querystring: Type.Object({ symbol: Type.Optional(Type.String({ description: 'e.g. BMX_ETH; omitted: every market' })) }),
  response: { 200: ok(Type.Union([TickerSchema, Type.Array(TickerSchema)]), 'a ticker (with symbol) or an array of tickers'), ...errors() },
};

export const klineSchema: FastifySchema = {
  tags, summary: 'Candles',
  description:
    'Candles of `step` minutes (epoch-aligned buckets) overlapping [from, to], oldest first, empty buckets skipped; ' +
    'at most maxCandles (1000): from `from` on when it is given, else the last ones up to `to`.',
  params: SymbolPath,
  querystring: Type.Object({
    step: Type.Optional(Type.Integer({ description: `minutes, one of ${KLINE_STEPS.join(', ')} (default 1)` })),
    from: Type.Optional(Type.Integer({ description: 'ms; default: the start of the bucket (maxCandles - 1) steps before the bucket of `to`' })),
    to: Type.Optional(Type.Integer({ description: 'ms; default now' })),
    precision: Type.Optional(Type.Integer({ description: 'digits in [price_min_precision, price_max_precision], checked; prices are always at full precision' })),
  }),
  response: { 200: ok(Type.Array(CandleSchema), 'candles'), ...errors() },
};

export const bookSchema: FastifySchema = {
  tags, summary: 'Aggregated order book',
  description: 'Buys from the highest price down, sells from the lowest up, aggregated to `precision` digits (bids rounded down, asks up); at most 50 levels per side.',
  params: SymbolPath,
  querystring: Type.Object({
    precision: Type.Optional(Type.Integer({ description: 'digits in [price_min_precision, price_max_precision]; default price_max_precision' })),
  }),
  response: { 200: ok(OrderBookSchema, 'order book'), ...errors() },
};

export const publicTradesSchema: FastifySchema = {
  tags, summary: 'Recent public trades', description: 'The last 100 trades of the market, newest first; `type` is the taker side.',
  params: SymbolPath,
  response: { 200: ok(Type.Array(PublicTradeSchema), 'trades'), ...errors() },
};
