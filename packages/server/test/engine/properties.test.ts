/**
 * Property tests: random command sequences (valid and invalid) over two
 * markets and a few accounts, applied to a fast-book and a naive-book engine
 * side by side. After every command both engines must validate(), give the
 * same outcome, and a rejection must leave the state hash unchanged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OrderStatus, type Command, type MarketConfig, type OrderView, type Outcome, type Side } from '../../src/domain/index.js';
import { Engine } from '../../src/engine/engine.js';
import { MARKET } from './fixtures.js';

const ETH_USDT: MarketConfig = {
  ...MARKET, symbol: 'ETH_USDT', base: 'ETH', priceDecimals: 1, amountDecimals: 3, priceTick: 5, amountStep: 2, minAmount: 2, maxAmount: 2_000,
  makerFeeE8: 333, takerFeeE8: 777_777, priceBandPercent: 200,
};
const SYMBOLS = ['BTC_USDT', 'ETH_USDT', 'NOPE_USDT'] as const;
const CURRENCIES = ['BTC', 'ETH', 'USDT', 'XXX'] as const;

type Op =
  | { k: 'place'; acct: number; sym: number; side: Side; price: number; amount: number; stale: boolean }
  | { k: 'cancel'; acct: number; pick: number }
  | { k: 'cancelAll'; acct: number; sym: number | null; side: Side | null }
  | { k: 'wallet'; deposit: boolean; acct: number; cur: number; amount: bigint };

const side = fc.constantFrom<Side>('buy', 'sell');
/** Mostly real accounts 1..4; sometimes the fee account 0 or an unknown 5. */
const acct = fc.integer({ min: 0, max: 39 }).map((n) => (n === 0 ? 0 : n === 1 ? 5 : 1 + (n % 4)));
/** Mostly the two markets; sometimes an unknown symbol. */
const sym = fc.integer({ min: 0, max: 19 }).map((n) => (n === 0 ? 2 : n % 2));
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant('place' as const), acct, sym, side, price: fc.integer({ min: -20, max: 40 }), amount: fc.integer({ min: 0, max: 60 }), stale: fc.integer({ min: 0, max: 9 }).map((n) => n === 0) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('cancel' as const), acct, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('cancelAll' as const), acct, sym: fc.option(sym), side: fc.option(side) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('wallet' as const), deposit: fc.boolean(), acct, cur: fc.integer({ min: 0, max: 3 }), amount: fc.bigInt({ min: -1n, max: 10n ** 12n }) }) },
);

function setup(): Command[] {
  const cur = (id: string, scale: number): Command => ({ type: 'createCurrency', now: 1, currency: { id, name: id, scale, depositEnabled: true, withdrawEnabled: true } });
  const cmds: Command[] = [cur('BTC', 8), cur('ETH', 18), cur('USDT', 6), { type: 'createMarket', now: 1, market: MARKET }, { type: 'createMarket', now: 1, market: ETH_USDT }];
  for (let a = 1; a <= 4; a++) {
    cmds.push({ type: 'createUser', now: 1, accountId: a, email: `${a}@x`, passwordHash: 'h' });
    cmds.push({ type: 'deposit', now: 1, accountId: a, currency: 'BTC', amount: 5_000_000n });
    cmds.push({ type: 'deposit', now: 1, accountId: a, currency: 'ETH', amount: 10n ** 17n });
    cmds.push({ type: 'deposit', now: 1, accountId: a, currency: 'USDT', amount: 3_000_000n });
  }
  return cmds;
}

function toCommand(o: Op, e: Engine, now: number): Command {
  switch (o.k) {
    case 'place': {
      const sym = SYMBOLS[o.sym] as string;
      // Negative raw prices make invalid ones: <= 0, or off the ETH_USDT tick of 5.
      const price = o.price >= 0 ? (o.price + 95) * (sym === 'ETH_USDT' ? 5 : 1) : o.price < -10 ? o.price + 10 : 501 + o.price;
      return { type: 'placeOrder', now, orderId: e.nextIds().order + (o.stale ? 1 : 0), accountId: o.acct, symbol: sym, side: o.side, price, amount: o.amount * 2 + 8 };
    }
    case 'cancel':
      return { type: 'cancelOrder', now, accountId: o.acct, orderId: Math.max(1, e.nextIds().order - 1 - (o.pick % 8)) };
    case 'cancelAll': {
      const base = { type: 'cancelAll' as const, now, accountId: o.acct };
      return { ...base, ...(o.sym === null ? {} : { symbol: SYMBOLS[o.sym] as string }), ...(o.side === null ? {} : { side: o.side }) };
    }
    case 'wallet':
      return { type: o.deposit ? 'deposit' : 'withdraw', now, accountId: o.acct, currency: CURRENCIES[o.cur] as string, amount: o.amount };
  }
}

/** A cancel of the account's own order that is already filled or cancelled: ORDER_NOT_FOUND too, counted apart. */
const OWN_CLOSED = 'ORDER_NOT_FOUND (own closed order)';

function rejectionKey(code: string, cmd: Command, lastView: ReadonlyMap<number, OrderView>): string {
  if (code !== 'ORDER_NOT_FOUND' || cmd.type !== 'cancelOrder') return code;
  const view = lastView.get(cmd.orderId);
  return view !== undefined && view.accountId === cmd.accountId ? OWN_CLOSED : code;
}

test('random command sequences keep every invariant, both books agree, and balance and order events account for every change', () => {
  const seen = new Map<string, number>();
  fc.assert(
    fc.property(fc.array(op, { minLength: 20, maxLength: 150 }), (ops) => {
      const fast = new Engine({ book: 'fast' });
      const naive = new Engine({ book: 'naive' });
      // A ledger rebuilt from balanceChanged events alone must match the engine.
      const ledger = new Map<string, { available: bigint; frozen: bigint }>();
      // So must the orders rebuilt from orderPlaced / orderUpdated.
      const lastView = new Map<number, OrderView>();
      const track = (out: Outcome): void => {
        if (!out.ok) return;
        for (const ev of out.events) {
          if (ev.type === 'orderPlaced' || ev.type === 'orderUpdated') lastView.set(ev.order.id, ev.order);
          if (ev.type !== 'balanceChanged') continue;
          const key = `${ev.accountId}/${ev.currency}`;
          const cell = ledger.get(key) ?? { available: 0n, frozen: 0n };
          cell.available += ev.availableDelta;
          cell.frozen += ev.frozenDelta;
          assert.equal(cell.available, ev.available, `${key} available after the event`);
          assert.equal(cell.frozen, ev.frozen, `${key} frozen after the event`);
          ledger.set(key, cell);
        }
      };
      for (const c of setup()) {
        const out = fast.apply(c);
        assert.ok(out.ok);
        track(out);
        naive.apply(c);
      }
      let now = 1_000;
      for (const o of ops) {
        const cmd = toCommand(o, fast, ++now);
        const before = fast.stateHash();
        const a = fast.apply(cmd);
        const b = naive.apply(cmd);
        assert.deepEqual(a, b);
        track(a);
        fast.validate();
        naive.validate();
        if (!a.ok) assert.equal(fast.stateHash(), before, `${a.code} changed the state`);
        const key = a.ok ? (a.events.some((ev) => ev.type === 'tradeExecuted') ? 'trade' : 'ok') : rejectionKey(a.code, cmd, lastView);
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      assert.equal(fast.stateHash(), naive.stateHash());
      for (const [id, view] of lastView) {
        const open = view.status === OrderStatus.Pending || view.status === OrderStatus.Partial;
        assert.deepEqual(fast.openOrder(id), open ? view : undefined, `order ${id}`);
      }
      for (const [key, cell] of ledger) {
        const [account, currency] = key.split('/') as [string, string];
        assert.deepEqual(fast.balance(Number(account), currency), cell, key);
      }
    }),
    { numRuns: 150, seed: 20261124 },
  );
  // The generator must reach the interesting paths, not just rejections.
  for (const key of ['trade', 'ok', 'INSUFFICIENT_BALANCE', 'ORDER_NOT_FOUND', OWN_CLOSED, 'ID_NOT_FRESH', 'UNKNOWN_SYMBOL', 'INVALID_PRICE']) {
    assert.ok((seen.get(key) ?? 0) > 0, `no ${key} outcome generated: ${JSON.stringify([...seen])}`);
  }
});
