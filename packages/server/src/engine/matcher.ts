/**
 * placeOrder: admission, freezing, matching at the maker's price in
 * price-time priority, fees, and resting what is left (GTC limit orders).
 *
 * Events of an accepted order, in order: balanceChanged(freeze),
 * orderPlaced, then per fill tradeExecuted + balanceChanged(s) + the
 * maker's orderUpdated (a self-trade instead cancels the resting order:
 * balanceChanged(release) + orderUpdated), and finally the taker's
 * orderUpdated when anything was filled.
 */
import { formatUnits, OrderStatus, type EngineEvent, type Outcome, type PlaceOrder } from '../domain/index.js';
import { change, type Account } from './accounts.js';
import { Order, viewOf } from './order.js';
import { checkAmount, checkBand, checkLevel, checkPrice } from './place-checks.js';
import { reject } from './reject.js';
import { cancelResting, frozenCurrency } from './risk.js';
import type { EngineState, MarketState } from './state.js';
import { FEE_ACCOUNT_ID } from './types.js';
import { feeOf } from './fees.js';
import { baseUnits, quoteValue, reserveOf } from './units.js';

export function placeOrder(st: EngineState, cmd: PlaceOrder): Outcome {
  if (cmd.orderId !== st.lastOrderId + 1) return reject('ID_NOT_FRESH', `Order id must be ${st.lastOrderId + 1}`);
  const account = cmd.accountId === FEE_ACCOUNT_ID ? undefined : st.accounts.get(cmd.accountId);
  if (account === undefined) return reject('ACCOUNT_NOT_FOUND', `Account ${cmd.accountId} not found`);
  const m = st.markets.get(cmd.symbol);
  if (m === undefined) return reject('UNKNOWN_SYMBOL', 'Unknown symbol');
  const side = cmd.side;
  if (side !== 'buy' && side !== 'sell') return reject('INVALID_SIDE', 'Side must be buy or sell');
  const bad = checkAmount(m, cmd.amount) ?? checkPrice(m, cmd.price) ?? checkBand(m, cmd) ?? checkLevel(m, cmd);
  if (bad !== null) return bad;
  const cur = frozenCurrency(m, side);
  const reserve = reserveOf(m, side, cmd.price, cmd.amount);
  const available = account.cells[cur.index]?.available ?? 0n;
  if (available < reserve) {
    const scale = cur.config.scale;
    return reject(
      'INSUFFICIENT_BALANCE',
      `Insufficient balance: available ${formatUnits(available, scale, false)} ${cur.config.id}, required ${formatUnits(reserve, scale, false)} ${cur.config.id}`,
    );
  }

  const now = cmd.now;
  st.lastOrderId = cmd.orderId;
  const order = new Order(cmd.orderId, account, m, side, cmd.price, cmd.amount, now);
  // Built at its final size when the order does not cross (the common case).
  const events: EngineEvent[] = [
    change(account, cur.index, cur.config.id, -reserve, reserve, 'freeze', order.id, 0, now),
    { type: 'orderPlaced', order: viewOf(order) },
  ];

  match(st, m, order, account, events);

  if (order.remaining > 0) {
    m.book.add(order);
    st.orders.open(order);
    account.addOrder(order);
  }
  if (order.filled > 0) events.push({ type: 'orderUpdated', order: viewOf(order) });
  return { ok: true, events };
}

function match(st: EngineState, m: MarketState, taker: Order, takerAccount: Account, events: EngineEvent[]): void {
  const book = m.book;
  const buy = taker.side === 'buy';
  const opposite = buy ? 'sell' : 'buy';
  const limit = taker.price;
  while (taker.remaining > 0) {
    const maker = book.best(opposite);
    if (maker === null || (buy ? maker.price > limit : maker.price < limit)) return;
    if (maker.accountId === taker.accountId) {
      cancelResting(st, m, maker, takerAccount, taker.createdAt, events);
      continue;
    }
    const qty = maker.remaining < taker.remaining ? maker.remaining : taker.remaining;
    fill(st, m, taker, takerAccount, maker, qty, events);
  }
}

function fill(st: EngineState, m: MarketState, taker: Order, takerAccount: Account, maker: Order, qty: number, events: EngineEvent[]): void {
  const now = taker.createdAt;
  const price = maker.price;
  const quote = quoteValue(m, price, qty);
  const base = baseUnits(m, qty);
  const tradeId = ++st.lastTradeId;
  const takerBuys = taker.side === 'buy';
  const buyerFee = feeOf(base, takerBuys ? m.takerFee : m.makerFee);
  const sellerFee = feeOf(quote, takerBuys ? m.makerFee : m.takerFee);
  const takerFee = takerBuys ? buyerFee : sellerFee;
  const makerFee = takerBuys ? sellerFee : buyerFee;
  events.push({
    type: 'tradeExecuted',
    trade: {
      id: tradeId,
      symbol: taker.symbol,
      price,
      amount: qty,
      quoteAmount: quote,
      takerSide: taker.side,
      makerOrderId: maker.id,
      takerOrderId: taker.id,
      makerAccountId: maker.accountId,
      takerAccountId: taker.accountId,
      makerFee,
      takerFee,
      time: now,
    },
  });

  const makerAccount = maker.account;
  const feeAccount = st.feeAccount;
  const buyer = takerBuys ? taker : maker;
  const seller = takerBuys ? maker : taker;
  const buyerAccount = takerBuys ? takerAccount : makerAccount;
  const sellerAccount = takerBuys ? makerAccount : takerAccount;
  const q = m.quote;
  const b = m.base;
  const qi = q.index;
  const bi = b.index;
  const qid = q.config.id;
  const bid = b.config.id;

  // Buyer: spends frozen quote at the maker's price, releases the rest of its limit, receives base less fee.
  events.push(change(buyerAccount, qi, qid, 0n, -quote, 'trade', buyer.id, tradeId, now));
  if (takerBuys && taker.price > price) {
    const release = quoteValue(m, taker.price - price, qty);
    events.push(change(buyerAccount, qi, qid, release, -release, 'release', buyer.id, tradeId, now));
  }
  events.push(change(buyerAccount, bi, bid, base, 0n, 'trade', buyer.id, tradeId, now));
  if (buyerFee > 0n) {
    events.push(change(buyerAccount, bi, bid, -buyerFee, 0n, 'fee', buyer.id, tradeId, now));
    events.push(change(feeAccount, bi, bid, buyerFee, 0n, 'fee', buyer.id, tradeId, now));
  }
  // Seller: spends frozen base, receives quote less fee.
  events.push(change(sellerAccount, bi, bid, 0n, -base, 'trade', seller.id, tradeId, now));
  events.push(change(sellerAccount, qi, qid, quote, 0n, 'trade', seller.id, tradeId, now));
  if (sellerFee > 0n) {
    events.push(change(sellerAccount, qi, qid, -sellerFee, 0n, 'fee', seller.id, tradeId, now));
    events.push(change(feeAccount, qi, qid, sellerFee, 0n, 'fee', seller.id, tradeId, now));
  }

  m.book.reduce(maker, qty);
  maker.filled += qty;
  if (makerFee > 0n) maker.fees += makerFee;
  maker.updatedAt = now;
  if (maker.remaining === 0) {
    maker.status = OrderStatus.Filled;
    st.orders.close(maker);
    makerAccount.removeOrder(maker);
  } else {
    maker.status = OrderStatus.Partial;
  }
  events.push({ type: 'orderUpdated', order: viewOf(maker) });

  taker.remaining -= qty;
  taker.filled += qty;
  if (takerFee > 0n) taker.fees += takerFee;
  taker.status = taker.remaining === 0 ? OrderStatus.Filled : OrderStatus.Partial;
}
