/**
 * Operator-facing market and currency parameters (decimal text, as the
 * public symbol details show them) -> engine configuration in units.
 *
 * - Prices: priceDecimals = max(decimals of quote_increment,
 *   price_max_precision); priceTick = quote_increment in those units.
 * - Amounts: amount_step defaults to one unit of the last decimal of
 *   base_min_size ("0.01" -> step 0.01; "5" -> step 1); amountDecimals is the
 *   largest number of decimals among amount_step, base_min_size and
 *   base_max_size.
 * - Fees: decimal rates ("0.001" = 0.1%) -> parts per 10^8.
 * The engine validates the result against the currencies (scales, bounds)
 * and rejects with INVALID_MARKET when it does not fit.
 */
import {
  FEE_SCALE,
  formatUnits,
  fractionDigits,
  parseUnits,
  plainDecimal,
  type CurrencyConfig,
  type MarketConfig,
} from '../domain/index.js';

export interface MarketParams {
  readonly symbol: string;
  readonly quote_increment: string | number;
  readonly base_min_size: string | number;
  readonly base_max_size: string | number;
  readonly price_min_precision: number;
  readonly price_max_precision: number;
  readonly amount_step?: string | number | undefined;
  readonly maker_fee?: string | number | undefined;
  readonly taker_fee?: string | number | undefined;
  readonly price_band_percent?: number | undefined;
}

export interface MarketDefaults {
  readonly makerFeeE8: number;
  readonly takerFeeE8: number;
  readonly priceBandPercent: number;
}

export interface CurrencyParams {
  readonly id: string;
  readonly name?: string | undefined;
  readonly scale?: number | undefined;
  readonly deposit_enabled?: boolean | undefined;
  readonly withdraw_enabled?: boolean | undefined;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export const DEFAULT_CURRENCY_SCALE = 8;
const MAX_DECIMALS = 18;

function positiveDecimal(name: string, v: unknown, problems: string[]): string | null {
  const text = typeof v === 'number' || typeof v === 'string' ? plainDecimal(v) : null;
  if (text === null || text.startsWith('-') || /^0(\.0*)?$/.test(text)) {
    problems.push(`${name} must be a positive decimal, got ${JSON.stringify(v)}`);
    return null;
  }
  if (fractionDigits(text) > MAX_DECIMALS) {
    problems.push(`${name} has more than ${MAX_DECIMALS} decimals`);
    return null;
  }
  return text;
}

function feeE8(name: string, v: unknown, def: number, problems: string[]): number {
  if (v === undefined || v === null || v === '') return def;
  const text = typeof v === 'number' || typeof v === 'string' ? plainDecimal(v) : null;
  const units = text === null ? null : parseUnits(text, 8);
  if (units === null || units >= BigInt(FEE_SCALE)) {
    problems.push(`${name} must be a decimal rate in [0, 1) with at most 8 decimals (0.001 = 0.1%), got ${JSON.stringify(v)}`);
    return def;
  }
  return Number(units);
}

function precision(name: string, v: unknown, problems: string[]): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_DECIMALS) {
    problems.push(`${name} must be an integer in [0, ${MAX_DECIMALS}], got ${JSON.stringify(v)}`);
    return 0;
  }
  return v;
}

function units(text: string, decimals: number): number {
  return Number(parseUnits(text, decimals) ?? 0n);
}

/** Convert operator parameters to a MarketConfig, or say what is wrong. */
export function marketFromParams(p: MarketParams, defaults: MarketDefaults): Parsed<MarketConfig> {
  const problems: string[] = [];
  const symbol = String(p.symbol ?? '').toUpperCase();
  const parts = symbol.split('_');
  if (parts.length !== 2 || !parts.every((s) => /^[A-Z0-9]{1,16}$/.test(s)) || parts[0] === parts[1]) {
    problems.push(`symbol must be BASE_QUOTE of two different currency ids, got ${JSON.stringify(p.symbol)}`);
  }
  const qi = positiveDecimal('quote_increment', p.quote_increment, problems);
  const min = positiveDecimal('base_min_size', p.base_min_size, problems);
  const max = positiveDecimal('base_max_size', p.base_max_size, problems);
  const step =
    p.amount_step === undefined || p.amount_step === null || p.amount_step === ''
      ? null
      : positiveDecimal('amount_step', p.amount_step, problems);
  const pMin = precision('price_min_precision', p.price_min_precision, problems);
  const pMax = precision('price_max_precision', p.price_max_precision, problems);
  if (pMin > pMax) problems.push('price_min_precision must not exceed price_max_precision');
  const makerFeeE8 = feeE8('maker_fee', p.maker_fee, defaults.makerFeeE8, problems);
  const takerFeeE8 = feeE8('taker_fee', p.taker_fee, defaults.takerFeeE8, problems);
  let band = defaults.priceBandPercent;
  if (p.price_band_percent !== undefined && p.price_band_percent !== null) {
    if (!Number.isInteger(p.price_band_percent) || p.price_band_percent < 0) {
      problems.push(`price_band_percent must be a non-negative integer, got ${JSON.stringify(p.price_band_percent)}`);
    } else band = p.price_band_percent;
  }
  if (problems.length > 0 || qi === null || min === null || max === null) {
    return { ok: false, message: problems.join('; ') };
  }

  const priceDecimals = Math.max(fractionDigits(qi), pMax);
  const minDigits = fractionDigits(min);
  const stepText = step ?? (minDigits === 0 ? '1' : `0.${'0'.repeat(minDigits - 1)}1`);
  const amountDecimals = Math.max(fractionDigits(stepText), minDigits, fractionDigits(max));
  const market: MarketConfig = {
    symbol,
    base: parts[0] as string,
    quote: parts[1] as string,
    priceDecimals,
    priceTick: units(qi, priceDecimals),
    amountDecimals,
    amountStep: units(stepText, amountDecimals),
    minAmount: units(min, amountDecimals),
    maxAmount: units(max, amountDecimals),
    pricePrecisionMin: pMin,
    pricePrecisionMax: pMax,
    makerFeeE8,
    takerFeeE8,
    priceBandPercent: band,
  };
  for (const [k, v] of [['quote_increment', market.priceTick], ['base_min_size', market.minAmount], ['base_max_size', market.maxAmount]] as const) {
    if (!Number.isSafeInteger(v)) problems.push(`${k} is too large for its precision`);
  }
  if (market.minAmount > market.maxAmount) problems.push('base_min_size must not exceed base_max_size');
  if (market.minAmount % market.amountStep !== 0 || market.maxAmount % market.amountStep !== 0) {
    problems.push('base_min_size and base_max_size must be multiples of amount_step');
  }
  if (problems.length > 0) return { ok: false, message: problems.join('; ') };
  return { ok: true, value: market };
}

/** Convert operator parameters to a CurrencyConfig, or say what is wrong. */
export function currencyFromParams(p: CurrencyParams): Parsed<CurrencyConfig> {
  const problems: string[] = [];
  const id = String(p.id ?? '').toUpperCase();
  if (!/^[A-Z0-9]{1,16}$/.test(id)) problems.push(`currency id must be 1..16 letters or digits, got ${JSON.stringify(p.id)}`);
  const scale = p.scale ?? DEFAULT_CURRENCY_SCALE;
  if (!Number.isInteger(scale) || scale < 0 || scale > MAX_DECIMALS) problems.push(`scale must be an integer in [0, ${MAX_DECIMALS}], got ${JSON.stringify(p.scale)}`);
  const name = (p.name ?? id).trim();
  if (name === '' || name.length > 64) problems.push('name must be 1..64 characters');
  if (problems.length > 0) return { ok: false, message: problems.join('; ') };
  return {
    ok: true,
    value: {
      id,
      name,
      scale,
      depositEnabled: p.deposit_enabled ?? true,
      withdrawEnabled: p.withdraw_enabled ?? true,
    },
  };
}

/** Symbol details as the public API shows them (for admin answers). */
export function marketToParams(m: MarketConfig): Record<string, unknown> {
  const fmt = (u: number, d: number): string => formatUnits(u, d, false);
  return {
    symbol: m.symbol,
    base_currency: m.base,
    quote_currency: m.quote,
    quote_increment: fmt(m.priceTick, m.priceDecimals),
    base_min_size: fmt(m.minAmount, m.amountDecimals),
    base_max_size: fmt(m.maxAmount, m.amountDecimals),
    amount_step: fmt(m.amountStep, m.amountDecimals),
    price_min_precision: m.pricePrecisionMin,
    price_max_precision: m.pricePrecisionMax,
    maker_fee: fmt(m.makerFeeE8, 8),
    taker_fee: fmt(m.takerFeeE8, 8),
    price_band_percent: m.priceBandPercent,
  };
}

