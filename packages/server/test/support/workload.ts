/**
 * Seeded mixed order flow for the engine tests and the benchmarks.
 *
 *   makeWorkload({ seed, count, accounts, ticks }) => { setup, flow }
 *
 * `setup` creates two currencies (BASE scale 8, QUOTE scale 8), one market
 * BASE_QUOTE (price 2 decimals, amount 2 decimals, fees 0.1%/0.2%, band 500%),
 * `accounts` users and a large deposit of both currencies for each, so no
 * order of the flow is ever rejected for lack of funds.
 *
 * `flow` has `count` commands:
 *   - 40% cancels of a random earlier order of the flow, by its owner (some
 *     are already filled or cancelled by then: the engine keeps open orders
 *     only and rejects them ORDER_NOT_FOUND; the workload accepts it);
 *   - 50% limit orders around a fixed mid over `ticks` price ticks, 1 in 5
 *     of them crossing the mid by a few ticks;
 *   - 10% aggressive limit orders that sweep up to ticks/2 past the mid.
 * Every placeOrder is valid, so order ids are assigned in sequence from 1
 * (the ids engine.nextIds() hands out on a fresh engine).
 *
 * The generator does not simulate matching, so some cancels hit orders that
 * were filled meanwhile, and the book is not stationary: it grows by about
 * 0.12 resting orders per command (15,000 open orders after 120,000
 * commands). Books whose cost grows with their size slow down with `count`;
 * compare engines at the same count.
 */
import type { Command, MarketConfig } from '../../src/domain/index.js';
import { prng } from './prng.js';

export { prng };

export interface WorkloadOptions {
  readonly seed: number;
  readonly count: number;
  readonly accounts: number;
  /** Width of the active price range in ticks (default 750). */
  readonly ticks?: number;
}

export interface Workload {
  readonly setup: Command[];
  readonly flow: Command[];
  readonly market: MarketConfig;
}

export const WORKLOAD_MARKET: MarketConfig = {
  symbol: 'BASE_QUOTE',
  base: 'BASE',
  quote: 'QUOTE',
  priceDecimals: 2,
  priceTick: 1,
  amountDecimals: 2,
  amountStep: 1,
  minAmount: 1,
  maxAmount: 100_000_000,
  pricePrecisionMin: 0,
  pricePrecisionMax: 2,
  makerFeeE8: 100_000,
  takerFeeE8: 200_000,
  priceBandPercent: 500,
};

const START = 1_700_000_000_000;
const DEPOSIT = 10n ** 20n;

export function makeWorkload(opts: WorkloadOptions): Workload {
  const { seed, count, accounts } = opts;
  const ticks = opts.ticks ?? 750;
  const rnd = prng(seed);
  const int = (n: number): number => Math.floor(rnd() * n);
  let now = START;
  const setup: Command[] = [
    { type: 'createCurrency', now, currency: { id: 'BASE', name: 'Base', scale: 8, depositEnabled: true, withdrawEnabled: true } },
    { type: 'createCurrency', now, currency: { id: 'QUOTE', name: 'Quote', scale: 8, depositEnabled: true, withdrawEnabled: true } },
    { type: 'createMarket', now, market: WORKLOAD_MARKET },
  ];
  for (let a = 1; a <= accounts; a++) {
    setup.push({ type: 'createUser', now, accountId: a, email: `user${a}@example.com`, passwordHash: 'x' });
    setup.push({ type: 'deposit', now, accountId: a, currency: 'BASE', amount: DEPOSIT });
    setup.push({ type: 'deposit', now, accountId: a, currency: 'QUOTE', amount: DEPOSIT });
  }

  const mid = 100_000; // 1000.00
  const half = Math.max(1, Math.floor(ticks / 2));
  const near = Math.max(1, Math.floor(ticks / 20));
  const live: { id: number; accountId: number }[] = [];
  const flow: Command[] = [];
  let nextOrder = 1;
  for (let i = 0; i < count; i++) {
    now += 1;
    const r = rnd();
    if (r < 0.4 && live.length > 0) {
      const k = int(live.length);
      const victim = live[k] as { id: number; accountId: number };
      live[k] = live[live.length - 1] as { id: number; accountId: number };
      live.pop();
      flow.push({ type: 'cancelOrder', now, accountId: victim.accountId, orderId: victim.id });
      continue;
    }
    const accountId = 1 + int(accounts);
    const buy = rnd() < 0.5;
    let price: number;
    let amount: number;
    if (r >= 0.9) {
      // Aggressive: sweeps through the other side.
      const depth = 1 + int(half);
      price = buy ? mid + depth : mid - depth;
      amount = 1 + int(500);
    } else if (rnd() < 0.2) {
      // Crossing: a few ticks past the mid.
      const depth = 1 + int(near);
      price = buy ? mid + depth : mid - depth;
      amount = 1 + int(1000);
    } else {
      // Passive: rests on its own side.
      const depth = 1 + int(half);
      price = buy ? mid - depth : mid + depth;
      amount = 1 + int(1000);
    }
    const id = nextOrder++;
    flow.push({ type: 'placeOrder', now, orderId: id, accountId, symbol: WORKLOAD_MARKET.symbol, side: buy ? 'buy' : 'sell', price, amount });
    live.push({ id, accountId });
  }
  return { setup, flow, market: WORKLOAD_MARKET };
}
