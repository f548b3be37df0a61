/**
 * Parsing an order's price and amount exactly (never through binary
 * floating point): JSON numbers or strings -> plain decimal text -> integer
 * units of the market. More decimal digits than the market's scale, or more
 * units than Number.MAX_SAFE_INTEGER, is a clear 400 before the engine.
 */
import { formatUnits, MAX_UNITS, parseUnits, plainDecimal, type MarketConfig, type Side } from '../domain/index.js';
import { ApiError } from './api-error.js';

function decimalText(name: string, value: number | string): string {
  const text = plainDecimal(value);
  if (text === null) throw new ApiError('INVALID_PARAMETER', `Parameter '${name}' must be a decimal number`);
  return text;
}

export function parsePrice(market: MarketConfig, value: number | string): number {
  const text = decimalText('price', value);
  const increment = formatUnits(market.priceTick, market.priceDecimals, false);
  if (text.startsWith('-')) throw new ApiError('INVALID_PRICE', `Price must be positive and a multiple of ${increment}`);
  const units = parseUnits(text, market.priceDecimals);
  if (units === null) throw new ApiError('INVALID_PRICE', `Price has more than ${market.priceDecimals} decimal digits: it must be a multiple of ${increment}`);
  if (units > BigInt(MAX_UNITS)) throw new ApiError('INVALID_PRICE', `Maximum price is ${formatUnits(MAX_UNITS, market.priceDecimals, false)}`);
  return Number(units);
}

export function parseOrderAmount(market: MarketConfig, value: number | string): number {
  const text = decimalText('amount', value);
  if (text.startsWith('-')) {
    throw new ApiError('AMOUNT_TOO_SMALL', `Minimum amount is ${formatUnits(market.minAmount, market.amountDecimals, false)}`);
  }
  const units = parseUnits(text, market.amountDecimals);
  if (units === null) {
    const step = formatUnits(market.amountStep, market.amountDecimals, false);
    throw new ApiError('AMOUNT_OFF_STEP', `Amount has more than ${market.amountDecimals} decimal digits: it must be a multiple of ${step}`);
  }
  if (units > BigInt(MAX_UNITS)) {
    throw new ApiError('AMOUNT_TOO_LARGE', `Maximum amount is ${formatUnits(market.maxAmount, market.amountDecimals, false)}`);
  }
  return Number(units);
}

export function parseSide(value: string): Side {
  const side = value.trim().toLowerCase();
  if (side !== 'buy' && side !== 'sell') throw new ApiError('INVALID_SIDE');
  return side;
}

/** A positive integer id from a path or parameter value. */
export function parseId(name: string, value: string | number): number {
  const text = String(value).trim();
  if (!/^\d{1,15}$/.test(text) || Number(text) < 1) throw new ApiError('INVALID_PARAMETER', `Parameter '${name}' must be a positive integer`);
  return Number(text);
}
