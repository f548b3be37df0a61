/**
 * A subscription request checked against the markets: the symbol (matched
 * case-insensitively, pushed in its canonical spelling), the step (one of
 * /v2/steps, default 1) and the precision (within the market's range,
 * default price_max_precision), as in the REST API.
 */
import { KLINE_STEPS } from '@openmart/protocol';
import type { MarketConfig } from '../domain/index.js';
import { FeedRequestError } from './errors.js';
import type { FeedRequest } from './request.js';
import type { FeedSource } from './source.js';
import type { Topic } from './topic.js';

type Subscription = Exclude<FeedRequest, { kind: 'ping' }>;

function marketOf(source: FeedSource, symbol: string): MarketConfig {
  const f = source.format(symbol) ?? source.format(symbol.toUpperCase());
  if (f === undefined) throw new FeedRequestError('UNKNOWN_SYMBOL');
  return f.market;
}

function precisionOf(market: MarketConfig, precision: number | undefined): number {
  const p = precision ?? market.pricePrecisionMax;
  if (p < market.pricePrecisionMin || p > market.pricePrecisionMax) {
    throw new FeedRequestError(
      'INVALID_PARAMETER',
      `Parameter 'precision' must be between ${market.pricePrecisionMin} and ${market.pricePrecisionMax}`,
    );
  }
  return p;
}

export function resolveTopic(source: FeedSource, req: Subscription): Topic {
  const market = marketOf(source, req.symbol);
  const symbol = market.symbol;
  switch (req.name) {
    case 'price':
      return { channel: 'price', symbol };
    case 'kline': {
      const step = req.step ?? 1;
      if (!(KLINE_STEPS as readonly number[]).includes(step)) {
        throw new FeedRequestError('INVALID_PARAMETER', `Parameter 'step' must be one of ${KLINE_STEPS.join(', ')}`);
      }
      return { channel: 'kline', symbol, step };
    }
    case 'order':
      return { channel: 'depth', symbol, precision: precisionOf(market, req.precision) };
    case 'trade':
      return { channel: 'trade', symbol, precision: precisionOf(market, req.precision) };
    default: {
      const never: never = req.name;
      return never;
    }
  }
}
