import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrderStatus } from '../../src/domain/index.js';
import { FEE_ACCOUNT_ID } from '../../src/engine/types.js';
import { feeOf } from '../../src/engine/fees.js';
import { given, ofType } from './fixtures.js';

const P100 = 10_000; // 100.00 USDT
const ONE = 10_000; // 1.0000 BTC

for (const book of ['fast', 'naive'] as const) {
  test(`[${book}] a crossing buy trades at the resting sell's price and moves funds with fees`, () => {
    const g = given({ book });
    const seller = g.user();
    const buyer = g.user();
    const sell = g.place(seller, 'sell', P100, ONE);
    const buy = g.place(buyer, 'buy', 10_100, ONE);
    const [trade] = ofType(buy.events, 'tradeExecuted');
    assert.ok(trade);
    assert.equal(trade.trade.id, 1);
    assert.equal(trade.trade.price, P100);
    assert.equal(trade.trade.amount, ONE);
    assert.equal(trade.trade.quoteAmount, 100_000_000n);
    assert.equal(trade.trade.makerOrderId, sell.id);
    assert.equal(trade.trade.takerOrderId, buy.id);
    assert.equal(trade.trade.takerSide, 'buy');
    assert.equal(trade.trade.makerFee, 100_000n); // 0.1% of 100 USDT
    assert.equal(trade.trade.takerFee, 200_000n); // 0.2% of 1 BTC in satoshi
    assert.deepEqual(g.engine.balance(buyer, 'USDT'), { available: 10n ** 12n - 100_000_000n, frozen: 0n });
    assert.deepEqual(g.engine.balance(buyer, 'BTC'), { available: 10n ** 10n + 100_000_000n - 200_000n, frozen: 0n });
    assert.deepEqual(g.engine.balance(seller, 'BTC'), { available: 10n ** 10n - 100_000_000n, frozen: 0n });
    assert.deepEqual(g.engine.balance(seller, 'USDT'), { available: 10n ** 12n + 100_000_000n - 100_000n, frozen: 0n });
    assert.deepEqual(g.engine.balance(FEE_ACCOUNT_ID, 'BTC'), { available: 200_000n, frozen: 0n });
    assert.deepEqual(g.engine.balance(FEE_ACCOUNT_ID, 'USDT'), { available: 100_000n, frozen: 0n });
    assert.equal(g.engine.openOrder(sell.id), undefined);
    assert.equal(g.engine.openOrder(buy.id), undefined);
    const updates = ofType(buy.events, 'orderUpdated');
    assert.deepEqual(updates.map((u) => [u.order.id, u.order.status, u.order.fees]), [[sell.id, OrderStatus.Filled, 100_000n], [buy.id, OrderStatus.Filled, 200_000n]]);
  });

  test(`[${book}] a buy filled below its limit releases the difference at the fill`, () => {
    const g = given({ book });
    const seller = g.user();
    const buyer = g.user();
    g.place(seller, 'sell', P100, ONE);
    const buy = g.place(buyer, 'buy', 10_100, 2 * ONE);
    const release = ofType(buy.events, 'balanceChanged').filter((e) => e.reason === 'release');
    assert.equal(release.length, 1);
    assert.equal(release[0]?.availableDelta, 1_000_000n); // (101 - 100) x 1 BTC
    // What stays frozen is exactly the rest at the limit price: 101 x 1.
    assert.deepEqual(g.engine.balance(buyer, 'USDT'), { available: 10n ** 12n - 100_000_000n - 101_000_000n, frozen: 101_000_000n });
  });

  test(`[${book}] a partial fill leaves the maker open with status 2 and the taker filled`, () => {
    const g = given({ book });
    const seller = g.user();
    const buyer = g.user();
    const sell = g.place(seller, 'sell', P100, ONE);
    const buy = g.place(buyer, 'buy', P100, 4_000);
    assert.equal(g.engine.openOrder(sell.id)?.status, OrderStatus.Partial);
    assert.equal(g.engine.openOrder(sell.id)?.remaining, 6_000);
    assert.equal(g.engine.openOrder(buy.id), undefined);
    assert.deepEqual(g.engine.depth('BTC_USDT', 'sell', 5), [{ price: P100, amount: 6_000, count: 1 }]);
    assert.deepEqual(g.engine.balance(seller, 'BTC').frozen, 60_000_000n);
  });

  test(`[${book}] better prices fill first, then the older order at a price`, () => {
    const g = given({ book });
    const a = g.user();
    const b = g.user();
    const c = g.user();
    const buyer = g.user();
    const sa = g.place(a, 'sell', P100, ONE);
    const sb = g.place(b, 'sell', P100, ONE);
    const sc = g.place(c, 'sell', 9_900, ONE);
    const buy = g.place(buyer, 'buy', P100, 25_000);
    const trades = ofType(buy.events, 'tradeExecuted').map((t) => [t.trade.makerOrderId, t.trade.price, t.trade.amount]);
    assert.deepEqual(trades, [[sc.id, 9_900, ONE], [sa.id, P100, ONE], [sb.id, P100, 5_000]]);
    assert.equal(g.engine.openOrder(sb.id)?.remaining, 5_000);
  });

  test(`[${book}] orders that do not cross rest, and depth lists levels best first`, () => {
    const g = given({ book });
    const u = g.user();
    g.place(u, 'buy', 9_900, ONE);
    g.place(u, 'buy', 9_800, ONE);
    g.place(u, 'buy', 9_900, 2 * ONE);
    g.place(u, 'sell', 10_100, ONE);
    g.place(u, 'sell', 10_200, ONE);
    assert.deepEqual(g.engine.depth('BTC_USDT', 'buy', 10), [{ price: 9_900, amount: 3 * ONE, count: 2 }, { price: 9_800, amount: ONE, count: 1 }]);
    assert.deepEqual(g.engine.depth('BTC_USDT', 'sell', 1), [{ price: 10_100, amount: ONE, count: 1 }]);
    assert.equal(g.engine.openOrdersOf(u).length, 5);
    assert.equal(g.engine.openOrdersOf(u, 'BTC_USDT', 'sell').length, 2);
  });

  test(`[${book}] fees round up to the smallest unit of the received currency`, () => {
    const g = given({ book });
    const seller = g.user();
    const buyer = g.user();
    g.place(seller, 'sell', 1, 10); // 0.01 USDT x 0.001 BTC = 10 micro-USDT
    const buy = g.place(buyer, 'buy', 1, 10);
    const [t] = ofType(buy.events, 'tradeExecuted');
    assert.equal(t?.trade.quoteAmount, 10n);
    assert.equal(t?.trade.makerFee, 1n); // 0.1% of 10 = 0.01, rounded up to 1
    assert.equal(t?.trade.takerFee, 200n); // 0.2% of 100000 satoshi, exact
    assert.equal(feeOf(1n, 99_999_999n), 1n); // never more than received
    assert.equal(feeOf(1000n, 0n), 0n);
  });

  test(`[${book}] an order meeting its own account's resting order cancels that order and keeps matching`, () => {
    const g = given({ book });
    const a = g.user();
    const b = g.user();
    const own = g.place(a, 'sell', P100, ONE);
    const other = g.place(b, 'sell', P100, ONE);
    const buy = g.place(a, 'buy', P100, ONE);
    const updates = ofType(buy.events, 'orderUpdated').map((u) => [u.order.id, u.order.status]);
    assert.deepEqual(updates, [[own.id, OrderStatus.Cancelled], [other.id, OrderStatus.Filled], [buy.id, OrderStatus.Filled]]);
    assert.deepEqual(ofType(buy.events, 'tradeExecuted').map((t) => t.trade.makerOrderId), [other.id]);
    assert.deepEqual(g.engine.balance(a, 'BTC').frozen, 0n);
  });

  test(`[${book}] cancel releases exactly what the rest of the order reserves`, () => {
    const g = given({ book });
    const seller = g.user();
    const buyer = g.user();
    const buy = g.place(buyer, 'buy', P100, ONE);
    g.place(seller, 'sell', 9_000, 3_000);
    const before = g.engine.balance(buyer, 'USDT');
    assert.equal(before.frozen, 70_000_000n);
    const events = g.ok({ type: 'cancelOrder', now: g.now(), accountId: buyer, orderId: buy.id });
    const [rel] = ofType(events, 'balanceChanged');
    assert.equal(rel?.availableDelta, 70_000_000n);
    assert.equal(ofType(events, 'orderUpdated')[0]?.order.status, OrderStatus.Cancelled);
    assert.equal(ofType(events, 'orderUpdated')[0]?.order.remaining, 7_000);
    assert.deepEqual(g.engine.balance(buyer, 'USDT'), { available: before.available + before.frozen, frozen: 0n });
    const again = g.apply({ type: 'cancelOrder', now: g.now(), accountId: buyer, orderId: buy.id });
    // The engine keeps open orders only: the account's own cancelled order is not found there.
    assert.equal(again.ok ? 'ok' : again.code, 'ORDER_NOT_FOUND');
  });

  test(`[${book}] cancelAll cancels only the account's orders of the given side`, () => {
    const g = given({ book });
    const a = g.user();
    const b = g.user();
    const b1 = g.place(a, 'buy', 9_000, ONE);
    const b2 = g.place(a, 'buy', 9_100, ONE);
    const s1 = g.place(a, 'sell', 11_000, ONE);
    const other = g.place(b, 'buy', 9_000, ONE);
    const events = g.ok({ type: 'cancelAll', now: g.now(), accountId: a, symbol: 'BTC_USDT', side: 'buy' });
    assert.deepEqual(ofType(events, 'orderUpdated').map((u) => u.order.id), [b1.id, b2.id]);
    assert.deepEqual(g.engine.openOrdersOf(a).map((o) => o.id), [s1.id]);
    assert.ok(g.engine.openOrder(other.id));
    assert.deepEqual(g.ok({ type: 'cancelAll', now: g.now(), accountId: a, side: 'buy' }), []);
    g.ok({ type: 'cancelAll', now: g.now(), accountId: a });
    assert.deepEqual(g.engine.openOrdersOf(a), []);
    assert.equal(g.engine.balance(a, 'USDT').frozen, 0n);
  });

  test(`[${book}] the price band caps a buy at band x best bid and a sell at band x best ask`, () => {
    const g = given({ book });
    const u = g.user();
    g.place(u, 'buy', 2_000_000, ONE); // nothing to compare with: allowed
    const high = g.apply(g.order(u, 'buy', 10_000_001, 10));
    assert.deepEqual(high, { ok: false, code: 'PRICE_OUT_OF_BAND', message: 'Maximum price is 100000.00' });
    g.place(u, 'buy', 10_000_000, 10);
    g.place(u, 'sell', 30_000_000, ONE);
    const sell = g.apply(g.order(u, 'sell', 150_000_001, 10));
    assert.equal(sell.ok ? 'ok' : sell.code, 'PRICE_OUT_OF_BAND');
    const off = given({ book, market: { priceBandPercent: 0 } });
    const v = off.user();
    off.place(v, 'buy', 100, ONE);
    off.place(v, 'buy', 10_000_000, 10);
  });
}
