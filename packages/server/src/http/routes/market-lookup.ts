/** Resolving the `symbol` of a request to a market (case-insensitive), or 400 UNKNOWN_SYMBOL. */
import type { MarketConfig } from '../../domain/index.js';
import type { ExchangeEngine } from '../../engine/types.js';
import { ApiError } from '../api-error.js';

export function marketOf(engine: ExchangeEngine, symbol: string): MarketConfig {
  const m = engine.market(symbol) ?? engine.market(symbol.toUpperCase());
  if (m === undefined) throw new ApiError('UNKNOWN_SYMBOL');
  return m;
}
