/**
 * Given-helpers for engine tests. Market BTC_USDT: BTC scale 8, USDT scale 6,
 * price 2 decimals (tick 0.01), amount 4 decimals (step 0.0001, min 0.001,
 * max 1000), so quote value = price x amount units exactly (10^(6-2-4) = 1)
 * and one amount unit = 10^4 satoshi. Fees: maker 0.1%, taker 0.2%; band 500%.
 */
import assert from 'node:assert/strict';
import type { Command, EngineEvent, MarketConfig, Outcome, Side } from '../../src/domain/index.js';
import { Engine } from '../../src/engine/engine.js';
import type { BookKind } from '../../src/engine/book/book.js';

export const MARKET: MarketConfig = {
  symbol: 'BTC_USDT',
  base: 'BTC',
  quote: 'USDT',
  priceDecimals: 2,
  priceTick: 1,
  amountDecimals: 4,
  amountStep: 1,
  minAmount: 10,
  maxAmount: 10_000_000,
  pricePrecisionMin: 0,
  pricePrecisionMax: 2,
  makerFeeE8: 100_000,
  takerFeeE8: 200_000,
  priceBandPercent: 500,
};

export const T0 = 1_700_000_000_000;

export interface Given {
  readonly engine: Engine;
  /** Apply and assert the command was accepted; returns its events. */
  ok(command: Command): readonly EngineEvent[];
  /** Apply a command and return its outcome as is. */
  apply(command: Command): Outcome;
  /** Place an order with the next fresh id; asserts acceptance; returns the id and events. */
  place(accountId: number, side: Side, price: number, amount: number): { id: number; events: readonly EngineEvent[] };
  /** A placeOrder command with the next fresh id (not applied). */
  order(accountId: number, side: Side, price: number, amount: number): Command;
  /** A user with the next fresh id and these deposits (currency -> units). */
  user(deposits?: Record<string, bigint>): number;
  now(): number;
}

export function given(opts: { book?: BookKind; market?: Partial<MarketConfig> } = {}): Given {
  const engine = new Engine({ book: opts.book ?? 'fast' });
  let clock = T0;
  const now = (): number => ++clock;
  const apply = (c: Command): Outcome => {
    const out = engine.apply(c);
    engine.validate();
    return out;
  };
  const ok = (c: Command): readonly EngineEvent[] => {
    const out = apply(c);
    if (!out.ok) assert.fail(`${c.type} rejected: ${out.code} ${out.message}`);
    return out.events;
  };
  ok({ type: 'createCurrency', now: now(), currency: { id: 'BTC', name: 'Bitcoin', scale: 8, depositEnabled: true, withdrawEnabled: true } });
  ok({ type: 'createCurrency', now: now(), currency: { id: 'USDT', name: 'Tether', scale: 6, depositEnabled: true, withdrawEnabled: true } });
  ok({ type: 'createMarket', now: now(), market: { ...MARKET, ...opts.market } });
  const order = (accountId: number, side: Side, price: number, amount: number): Command => ({
    type: 'placeOrder', now: now(), orderId: engine.nextIds().order, accountId, symbol: MARKET.symbol, side, price, amount,
  });
  return {
    engine,
    ok,
    apply,
    order,
    now,
    place(accountId, side, price, amount) {
      const id = engine.nextIds().order;
      return { id, events: ok(order(accountId, side, price, amount)) };
    },
    user(deposits = { BTC: 10n ** 10n, USDT: 10n ** 12n }) {
      const accountId = engine.nextIds().account;
      ok({ type: 'createUser', now: now(), accountId, email: `u${accountId}@example.com`, passwordHash: 'h' });
      for (const [currency, amount] of Object.entries(deposits)) ok({ type: 'deposit', now: now(), accountId, currency, amount });
      return accountId;
    },
  };
}

export function ofType<T extends EngineEvent['type']>(events: readonly EngineEvent[], type: T): Extract<EngineEvent, { type: T }>[] {
  return events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
}
