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
      const stepMs = step * 60_000;
      const to = params.optionalInt('to') ?? clock.now();
      // Default: the last maxCandles steps up to `to`, clipped at the epoch (a 30-day step has no 999 steps before now).
      const from = params.optionalInt('from') ?? Math.max(0, to - stepMs * (config.maxCandles - 1));
      if (from < 0 || to < 0) throw new ApiError('INVALID_PARAMETER', "Parameters 'from' and 'to' must be non-negative ms timestamps");
      if (from > to) throw new ApiError('INVALID_PARAMETER', "Parameter 'from' must not be after 'to'");
      await ctx.deps.store.settled(); // candles of every trade already announced
      return marketData.klines({ symbol: market.symbol, step, from, to, limit: config.maxCandles }) ?? [];
    });

    app.get('/v2/symbols/:symbol/orders', route(bookSchema), async (request, reply) => {
      const pending = sequencer.registryDurable(); // inline, not a preHandler: free when nothing is in flight
      if (pending !== null) await pending;
      const market = marketOf(engine, symbolParam(request));
      const precision = collectParams(request).optionalInt('precision') ?? market.pricePrecisionMax;
      if (precision < market.pricePrecisionMin || precision > market.pricePrecisionMax) {
        throw new ApiError(
          'INVALID_PARAMETER',
          `Parameter 'precision' must be between ${market.pricePrecisionMin} and ${market.pricePrecisionMax}`,
        );
      }
      const book = marketData.book(market.symbol, precision);
      if (book === undefined) throw new ApiError('UNKNOWN_SYMBOL');
      return bookBodies.send(reply, book);
    });

    app.get('/v2/symbols/:symbol/trades', registryRoute(publicTradesSchema), async (request) => marketData.trades(marketOf(engine, symbolParam(request)).symbol) ?? []);
  };
}
