/**
 * Wire objects of the HTTP layer built from engine/store views. Decimal
 * policy (docs/api.md "Decimals"): order and fill prices carry the
 * market's priceDecimals, amounts its amountDecimals, fees the scale of the
 * currency they are paid in — all with fixed digits; wallet balances are
 * trimmed ("10", "0.5") as in the public sample; symbol-detail sizes and
 * increments are trimmed ("0.01", "100000000").
 */
import type { Currency, Order, SymbolDetails, UserTrade, WalletEntry } from '@openmart/protocol';
import { formatUnits, type CurrencyConfig, type MarketConfig, type OrderView } from '../domain/index.js';
import type { ExchangeEngine } from '../engine/types.js';
import type { FillView } from '../store/port.js';
import type { BalanceReader } from './deps.js';

export function currencyWire(c: CurrencyConfig): Currency {
  return { id: c.id, name: c.name, withdraw_enabled: c.withdrawEnabled, deposit_enabled: c.depositEnabled };
}

export function symbolDetailsWire(m: MarketConfig): SymbolDetails {
  return {
    base_currency: m.base,
    quote_currency: m.quote,
    quote_increment: formatUnits(m.priceTick, m.priceDecimals, false),
    base_min_size: formatUnits(m.minAmount, m.amountDecimals, false),
    base_max_size: formatUnits(m.maxAmount, m.amountDecimals, false),
    price_min_precision: m.pricePrecisionMin,
    price_max_precision: m.pricePrecisionMax,
    expiration: 'NA',
  };
}

/** Scale of the currency an order of `side` receives (and pays its fee in). */
function feeScale(engine: ExchangeEngine, m: MarketConfig, side: 'buy' | 'sell'): number {
  return engine.currency(side === 'buy' ? m.base : m.quote)?.scale ?? 0;
}

export function orderWire(engine: ExchangeEngine, o: OrderView): Order {
  const m = engine.market(o.symbol);
  if (m === undefined) throw new Error(`order ${o.id} of unknown market ${o.symbol}`);
  return {
    entrust_id: o.id,
    symbol: o.symbol,
    timestamp: o.createdAt,
    side: o.side,
    price: formatUnits(o.price, m.priceDecimals),
    fees: formatUnits(o.fees, feeScale(engine, m, o.side)),
    original_amount: formatUnits(o.amount, m.amountDecimals),
    executed_amount: formatUnits(o.amount - o.remaining, m.amountDecimals),
    remaining_amount: formatUnits(o.remaining, m.amountDecimals),
    status: o.status,
  };
}

export function fillWire(engine: ExchangeEngine, f: FillView): UserTrade {
  const m = engine.market(f.symbol);
  if (m === undefined) throw new Error(`fill ${f.tradeId} of unknown market ${f.symbol}`);
  return {
    trade_id: f.tradeId,
    entrust_id: f.orderId,
    symbol: f.symbol,
    price: formatUnits(f.price, m.priceDecimals),
    amount: formatUnits(f.amount, m.amountDecimals),
    fees: formatUnits(f.fee, feeScale(engine, m, f.side)),
    timestamp: f.time,
    active: f.active,
  };
}

/** Every currency of the exchange (zero when never held), in creation order, as of the last durable batch. */
export function walletWire(engine: ExchangeEngine, balances: BalanceReader, accountId: number): WalletEntry[] {
  return engine.currencies().map((c) => {
    const b = balances.balance(accountId, c.id);
    return { id: c.id, name: c.name, available: formatUnits(b.available, c.scale, false), frozen: formatUnits(b.frozen, c.scale, false) };
  });
}
