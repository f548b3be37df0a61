/** Currencies and markets: list and create. */
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { currencyFromParams, marketFromParams, marketToParams } from '../../app/market-params.js';
import type { CurrencyConfig } from '../../domain/index.js';
import { apiError } from '../api-error.js';
import { decimalReader } from './decimals.js';
import { ensureAccepted } from './errors.js';
import { CurrencyBody, MarketBody } from './schemas.js';
import type { AdminOptions } from './types.js';

export function currencyView(c: CurrencyConfig): Record<string, unknown> {
  return { id: c.id, name: c.name, scale: c.scale, deposit_enabled: c.depositEnabled, withdraw_enabled: c.withdrawEnabled };
}

export function registryRoutes(app: FastifyInstance, opts: AdminOptions): void {
  const { engine, sink } = opts;

  app.get('/currencies', { schema: { tags: ['admin'], summary: 'List currencies' } }, async () =>
    engine.currencies().map(currencyView),
  );

  app.post<{ Body: Static<typeof CurrencyBody> }>(
    '/currencies',
    { schema: { tags: ['admin'], summary: 'Create a currency', body: CurrencyBody } },
    async (req) => {
      const parsed = currencyFromParams(req.body);
      if (!parsed.ok) throw apiError('INVALID_CURRENCY', parsed.message);
      const r = await sink.submit({ type: 'createCurrency', currency: parsed.value });
      ensureAccepted(r.outcome);
      return currencyView(parsed.value);
    },
  );

  app.get('/markets', { schema: { tags: ['admin'], summary: 'List markets' } }, async () =>
    engine.markets().map(marketToParams),
  );

  app.post<{ Body: Static<typeof MarketBody> }>(
    '/markets',
    { schema: { tags: ['admin'], summary: 'Create a market', body: MarketBody } },
    async (req) => {
      // The decimals exactly as written (a JSON number never goes through a double); the schema requires the first three.
      const decimal = decimalReader(req.body);
      const params = {
        ...req.body,
        quote_increment: decimal('quote_increment') ?? '',
        base_min_size: decimal('base_min_size') ?? '',
        base_max_size: decimal('base_max_size') ?? '',
        amount_step: decimal('amount_step'),
        maker_fee: decimal('maker_fee'),
        taker_fee: decimal('taker_fee'),
      };
      const parsed = marketFromParams(params, opts.marketDefaults);
      if (!parsed.ok) throw apiError('INVALID_MARKET', parsed.message);
      const r = await sink.submit({ type: 'createMarket', market: parsed.value });
      ensureAccepted(r.outcome);
      return marketToParams(parsed.value);
    },
  );
}
