/** Validation of currency and market configurations (createCurrency, createMarket). */
import { FEE_SCALE, MAX_UNITS, type CurrencyConfig, type MarketConfig } from '../domain/index.js';
import type { CurrencyState } from './state.js';

const CURRENCY_ID_RE = /^[A-Z0-9]{1,16}$/;

function isInt(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
}

/** Null when valid, else a message saying what is wrong. */
export function currencyProblem(c: CurrencyConfig): string | null {
  if (typeof c.id !== 'string' || !CURRENCY_ID_RE.test(c.id)) return 'Currency id must be 1 to 16 upper-case letters or digits';
  if (typeof c.name !== 'string') return 'Currency name must be a string';
  if (!isInt(c.scale, 0, 18)) return 'Currency scale must be an integer from 0 to 18';
  if (typeof c.depositEnabled !== 'boolean' || typeof c.withdrawEnabled !== 'boolean') return 'depositEnabled and withdrawEnabled must be booleans';
  return null;
}

/** Null when valid, else a message saying what is wrong. */
export function marketProblem(m: MarketConfig, currencies: ReadonlyMap<string, CurrencyState>): string | null {
  const base = currencies.get(m.base);
  const quote = currencies.get(m.quote);
  if (base === undefined) return `Unknown base currency ${String(m.base)}`;
  if (quote === undefined) return `Unknown quote currency ${String(m.quote)}`;
  if (m.base === m.quote) return 'Base and quote currency must differ';
  if (m.symbol !== `${m.base}_${m.quote}`) return `Symbol must be ${m.base}_${m.quote}`;
  if (!isInt(m.priceDecimals, 0, 18)) return 'priceDecimals must be an integer from 0 to 18';
  if (!isInt(m.amountDecimals, 0, 18)) return 'amountDecimals must be an integer from 0 to 18';
  if (m.priceDecimals + m.amountDecimals > quote.config.scale) {
    return `priceDecimals + amountDecimals (${m.priceDecimals + m.amountDecimals}) may not exceed the quote currency scale (${quote.config.scale})`;
  }
  if (m.amountDecimals > base.config.scale) return `amountDecimals (${m.amountDecimals}) may not exceed the base currency scale (${base.config.scale})`;
  if (!isInt(m.priceTick, 1, MAX_UNITS)) return 'priceTick must be a positive safe integer';
  if (!isInt(m.amountStep, 1, MAX_UNITS)) return 'amountStep must be a positive safe integer';
  if (!isInt(m.minAmount, 1, MAX_UNITS)) return 'minAmount must be a positive safe integer';
  if (!isInt(m.maxAmount, 1, MAX_UNITS)) return 'maxAmount must be a positive safe integer';
  if (m.minAmount > m.maxAmount) return 'minAmount may not exceed maxAmount';
  if (m.minAmount % m.amountStep !== 0 || m.maxAmount % m.amountStep !== 0) return 'minAmount and maxAmount must be multiples of amountStep';
  if (!isInt(m.pricePrecisionMin, 0, 18) || !isInt(m.pricePrecisionMax, 0, 18)) return 'pricePrecisionMin and pricePrecisionMax must be integers from 0 to 18';
  if (m.pricePrecisionMin > m.pricePrecisionMax) return 'pricePrecisionMin may not exceed pricePrecisionMax';
  if (!isInt(m.makerFeeE8, 0, FEE_SCALE - 1) || !isInt(m.takerFeeE8, 0, FEE_SCALE - 1)) return `Fee rates must be integers from 0 to ${FEE_SCALE - 1} (parts per 10^8)`;
  if (!isInt(m.priceBandPercent, 0, MAX_UNITS)) return 'priceBandPercent must be a non-negative safe integer (0 turns the band off)';
  return null;
}

/** A copy with the fields in one fixed order (canonical for hashing and snapshots). */
export function canonCurrency(c: CurrencyConfig): CurrencyConfig {
  return { id: c.id, name: c.name, scale: c.scale, depositEnabled: c.depositEnabled, withdrawEnabled: c.withdrawEnabled };
}

/** A copy with the fields in one fixed order (canonical for hashing and snapshots). */
export function canonMarket(m: MarketConfig): MarketConfig {
  return {
    symbol: m.symbol,
    base: m.base,
    quote: m.quote,
    priceDecimals: m.priceDecimals,
    priceTick: m.priceTick,
    amountDecimals: m.amountDecimals,
    amountStep: m.amountStep,
    minAmount: m.minAmount,
    maxAmount: m.maxAmount,
    pricePrecisionMin: m.pricePrecisionMin,
    pricePrecisionMax: m.pricePrecisionMax,
    makerFeeE8: m.makerFeeE8,
    takerFeeE8: m.takerFeeE8,
    priceBandPercent: m.priceBandPercent,
  };
}
