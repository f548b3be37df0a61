/**
 * Public Open API v2 endpoints (GET, query parameters, no authentication):
 * ping, time, steps, currencies, symbols, symbol details, ticker, k-lines,
 * aggregated order book, recent trades. The registry routes (currencies,
 * symbols, symbol details, and k-lines and trades, which answer for any
 * market the engine knows) first wait until every currency or market
 * accepted so far is durable (ctx.registryDurable); the ticker and the book,
 * the hottest GETs, check the same inline rather than through a preHandler.
 */
import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { KLINE_STEPS } from '@openmart/protocol';
import { validPrecision } from '../../app/market-data/index.js';
import type { MarketConfig } from '../../domain/index.js';
import { ApiError } from '../api-error.js';
import type { HttpContext } from '../context.js';
import { currencyWire, symbolDetailsWire } from '../format.js';
import { collectParams } from '../params.js';
import { describeRequestsOnly, serializeWith } from '../schemas/common.js';
import { SerializedBodies } from '../serialized-bodies.js';
import {
  ALL_TICKERS, bookSchema, ONE_BOOK, currenciesSchema, klineSchema, ONE_TICKER, pingSchema, publicTradesSchema, stepsSchema, symbolDetailsSchema,
  symbolsDetailsSchema, symbolsSchema, tickerSchema, timeSchema,
} from '../schemas/public.js';
import { marketOf } from './market-lookup.js';

const PUBLIC = { config: { rateClass: 'public' } } as const;
const route = (schema: FastifySchema) => ({ ...PUBLIC, schema });

function symbolParam(request: FastifyRequest): string {
  return (request.params as { symbol: string }).symbol;
}

/** A `precision` parameter, if given, must lie in the market's [price_min_precision, price_max_precision]. */
function checkedPrecision(market: MarketConfig, precision: number | undefined): number | undefined {
  if (precision !== undefined && !validPrecision(market, precision)) {
    throw new ApiError('INVALID_PARAMETER', `Parameter 'precision' must be between ${market.pricePrecisionMin} and ${market.pricePrecisionMax}`);
  }
  return precision;
}

export function publicRoutes(ctx: HttpContext) {
  const { engine, marketData, clock, config, sequencer } = ctx.deps;
  // The ticker and the book are the market data's cached objects: their JSON text is cached with them.
  const tickerBodies = new SerializedBodies(ONE_TICKER);
  const bookBodies = new SerializedBodies(ONE_BOOK);
  const registryRoute = (schema: FastifySchema) => ({ ...PUBLIC, schema, preHandler: ctx.registryDurable });
  return async function plugin(app: FastifyInstance): Promise<void> {
    describeRequestsOnly(app);
    app.get('/v2/ping', route(pingSchema), async () => ({}));
    app.get('/v2/time', route(timeSchema), async () => ({ server_time: clock.now() }));
    app.get('/v2/steps', route(stepsSchema), async () => [...KLINE_STEPS]);
    app.get('/v2/currencies', registryRoute(currenciesSchema), async () => engine.currencies().map(currencyWire));
    app.get('/v2/symbols', registryRoute(symbolsSchema), async () => engine.markets().map((m) => m.symbol));
    app.get('/v2/symbols_details', registryRoute(symbolsDetailsSchema), async () => engine.markets().map((m) => ({ id: m.symbol, ...symbolDetailsWire(m) })));
    app.get('/v2/symbols/:symbol', registryRoute(symbolDetailsSchema), async (request) => symbolDetailsWire(marketOf(engine, symbolParam(request))));

    // The documented 200 schema is "a ticker or an array": each case is serialized with its own schema.
    app.get('/v2/ticker', route(tickerSchema), async (request, reply) => {
      const pending = sequencer.registryDurable(); // inline, not a preHandler: free when nothing is in flight
      if (pending !== null) await pending;
      const symbol = collectParams(request).optionalString('symbol');
      if (symbol === undefined) {
        serializeWith(reply, ALL_TICKERS);
        return marketData.tickers(clock.now());
      }
      const ticker = marketData.ticker(marketOf(engine, symbol).symbol, clock.now());
      if (ticker === undefined) throw new ApiError('UNKNOWN_SYMBOL');
      return tickerBodies.send(reply, ticker);
    });

    app.get('/v2/symbols/:symbol/kline', registryRoute(klineSchema), async (request) => {
      const market = marketOf(engine, symbolParam(request));
      const params = collectParams(request);
      const step = params.optionalInt('step') ?? 1;
      if (!(KLINE_STEPS as readonly number[]).includes(step)) {
        throw new ApiError('INVALID_PARAMETER', `Parameter 'step' must be one of ${KLINE_STEPS.join(', ')}`);
      }
      // The contract's precision range applies to k-lines too: checked like the book's, prices stay at full precision.
      checkedPrecision(market, params.optionalInt('precision'));
      const stepMs = step * 60_000;
      const to = params.optionalInt('to') ?? clock.now();
      const givenFrom = params.optionalInt('from');
      if ((givenFrom ?? 0) < 0 || to < 0) throw new ApiError('INVALID_PARAMETER', "Parameters 'from' and 'to' must be non-negative ms timestamps");
      if (givenFrom !== undefined && givenFrom > to) throw new ApiError('INVALID_PARAMETER', "Parameter 'from' must not be after 'to'");
      // Buckets are epoch-aligned and selected by their start: a `from` inside a bucket takes that
      // bucket (its trades are in the range). Default: the last maxCandles buckets up to `to`'s own.
      const toBucket = Math.floor(to / stepMs) * stepMs;
      const from = givenFrom !== undefined ? Math.floor(givenFrom / stepMs) * stepMs : Math.max(0, toBucket - stepMs * (config.maxCandles - 1));
      await ctx.deps.store.settled(); // candles of every trade already announced
      // A range longer than the cap: a client that gave `from` pages forward from it (ccxt's
      // fetchOHLCV(since)), so it gets the earliest candles; without `from`, the latest up to `to`.
      const keep = givenFrom === undefined ? 'latest' : 'earliest';
      return marketData.klines({ symbol: market.symbol, step, from, to, limit: config.maxCandles, keep }) ?? [];
    });

    app.get('/v2/symbols/:symbol/orders', route(bookSchema), async (request, reply) => {
      const pending = sequencer.registryDurable(); // inline, not a preHandler: free when nothing is in flight
      if (pending !== null) await pending;
      const market = marketOf(engine, symbolParam(request));
      const precision = checkedPrecision(market, collectParams(request).optionalInt('precision')) ?? market.pricePrecisionMax;
      const book = marketData.book(market.symbol, precision);
      if (book === undefined) throw new ApiError('UNKNOWN_SYMBOL');
      return bookBodies.send(reply, book);
    });

    app.get('/v2/symbols/:symbol/trades', registryRoute(publicTradesSchema), async (request) => marketData.trades(marketOf(engine, symbolParam(request)).symbol) ?? []);
  };
}
