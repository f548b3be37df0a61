/**
 * Public Open API v2 endpoints (GET, query parameters, no authentication):
 * ping, time, steps, currencies, symbols, symbol details, ticker, k-lines,
 * aggregated order book, recent trades.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { KLINE_STEPS } from '@openmart/protocol';
import { ApiError } from '../api-error.js';
import type { HttpContext } from '../context.js';
import { currencyWire, symbolDetailsWire } from '../format.js';
import { collectParams } from '../params.js';
import { marketOf } from './market-lookup.js';

const PUBLIC = { config: { rateClass: 'public' } } as const;

function symbolParam(request: FastifyRequest): string {
  return (request.params as { symbol: string }).symbol;
}

export function publicRoutes(ctx: HttpContext) {
  const { engine, marketData, clock, config } = ctx.deps;
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get('/v2/ping', PUBLIC, async () => ({}));
    app.get('/v2/time', PUBLIC, async () => ({ server_time: clock.now() }));
    app.get('/v2/steps', PUBLIC, async () => [...KLINE_STEPS]);
    app.get('/v2/currencies', PUBLIC, async () => engine.currencies().map(currencyWire));
    app.get('/v2/symbols', PUBLIC, async () => engine.markets().map((m) => m.symbol));
    app.get('/v2/symbols_details', PUBLIC, async () => engine.markets().map((m) => ({ id: m.symbol, ...symbolDetailsWire(m) })));
    app.get('/v2/symbols/:symbol', PUBLIC, async (request) => symbolDetailsWire(marketOf(engine, symbolParam(request))));

    app.get('/v2/ticker', PUBLIC, async (request) => {
      const symbol = collectParams(request).optionalString('symbol');
      if (symbol === undefined) return marketData.tickers(clock.now());
      const ticker = marketData.ticker(marketOf(engine, symbol).symbol, clock.now());
      if (ticker === undefined) throw new ApiError('UNKNOWN_SYMBOL');
      return ticker;
    });

    app.get('/v2/symbols/:symbol/kline', PUBLIC, async (request) => {
      const market = marketOf(engine, symbolParam(request));
      const params = collectParams(request);
      const step = params.optionalInt('step') ?? 1;
      if (!(KLINE_STEPS as readonly number[]).includes(step)) {
        throw new ApiError('INVALID_PARAMETER', `Parameter 'step' must be one of ${KLINE_STEPS.join(', ')}`);
      }
      const stepMs = step * 60_000;
      const to = params.optionalInt('to') ?? clock.now();
      const from = params.optionalInt('from') ?? to - stepMs * (config.maxCandles - 1);
      if (from < 0 || to < 0) throw new ApiError('INVALID_PARAMETER', "Parameters 'from' and 'to' must be non-negative ms timestamps");
      if (from > to) throw new ApiError('INVALID_PARAMETER', "Parameter 'from' must not be after 'to'");
      return marketData.klines({ symbol: market.symbol, step, from, to, limit: config.maxCandles }) ?? [];
    });

    app.get('/v2/symbols/:symbol/orders', PUBLIC, async (request) => {
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
      return book;
    });

    app.get('/v2/symbols/:symbol/trades', PUBLIC, async (request) => marketData.trades(marketOf(engine, symbolParam(request)).symbol) ?? []);
  };
}
