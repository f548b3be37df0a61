/**
 * The form in which committed commands travel to the SQLite writer thread:
 * one flat array of numbers, strings and bigints holding only what the
 * projection reads: each command's seq and its orderPlaced, orderUpdated,
 * tradeExecuted and balanceChanged events (not the command itself, nor other
 * events). Structured cloning a flat array of primitives skips the property
 * names of every nested object: on the development machine it cost the
 * sending thread about half and the receiving thread about a third of what
 * the CommittedCommand objects cost.
 *
 * Layout, per command: seq, number of events, then per event its tag and
 * its fields in the fixed order of pack*() below. unpack() checks every
 * value's type and throws on anything malformed.
 */
import type {
  BalanceChanged, BalanceReason, CommittedCommand, EngineEvent, OrderStatus, OrderView, Side, TradeView,
} from '../../domain/index.js';
import type { StoreCommand } from './projection.js';

const ORDER_PLACED = 0;
const ORDER_UPDATED = 1;
const TRADE = 2;
const BALANCE = 3;

/** The events the projection reads. */
type StoreEvent = Extract<EngineEvent, { type: 'orderPlaced' | 'orderUpdated' | 'tradeExecuted' | 'balanceChanged' }>;

function isStoreEvent(e: EngineEvent): e is StoreEvent {
  return e.type === 'orderPlaced' || e.type === 'orderUpdated' || e.type === 'tradeExecuted' || e.type === 'balanceChanged';
}

function packOrder(out: unknown[], tag: number, o: OrderView): void {
  out.push(tag, o.id, o.accountId, o.symbol, o.side, o.price, o.amount, o.remaining, o.fees, o.status, o.createdAt, o.updatedAt);
}

function packTrade(out: unknown[], t: TradeView): void {
  out.push(
    TRADE, t.id, t.symbol, t.price, t.amount, t.quoteAmount, t.takerSide, t.makerOrderId, t.takerOrderId,
    t.makerAccountId, t.takerAccountId, t.makerFee, t.takerFee, t.time,
  );
}

function packBalance(out: unknown[], e: BalanceChanged): void {
  out.push(
    BALANCE, e.accountId, e.currency, e.availableDelta, e.frozenDelta, e.available, e.frozen, e.reason,
    e.orderId, e.tradeId, e.time,
  );
}

/** Appends `c` to `out` in the flat form. */
export function pack(out: unknown[], c: CommittedCommand): void {
  let n = 0;
  for (const e of c.events) if (isStoreEvent(e)) n++;
  out.push(c.seq, n);
  for (const e of c.events) {
    switch (e.type) {
      case 'orderPlaced':
        packOrder(out, ORDER_PLACED, e.order);
        break;
      case 'orderUpdated':
        packOrder(out, ORDER_UPDATED, e.order);
        break;
      case 'tradeExecuted':
        packTrade(out, e.trade);
        break;
      case 'balanceChanged':
        packBalance(out, e);
        break;
      default:
        break;
    }
  }
}

/** Reads the flat form front to back, checking each value's type. */
class Reader {
  private i = 0;
  constructor(private readonly data: readonly unknown[]) {}

  get done(): boolean {
    return this.i >= this.data.length;
  }

  num(): number {
    const v = this.data[this.i++];
    if (typeof v !== 'number') throw this.bad('a number', v);
    return v;
  }

  str(): string {
    const v = this.data[this.i++];
    if (typeof v !== 'string') throw this.bad('a string', v);
    return v;
  }

  big(): bigint {
    const v = this.data[this.i++];
    if (typeof v !== 'bigint') throw this.bad('a bigint', v);
    return v;
  }

  private bad(what: string, v: unknown): Error {
    return new Error(`sqlite-store writer: malformed batch, expected ${what} at ${this.i - 1}, got ${typeof v}`);
  }
}

function readOrder(r: Reader): OrderView {
  return {
    id: r.num(),
    accountId: r.num(),
    symbol: r.str(),
    side: r.str() as Side,
    price: r.num(),
    amount: r.num(),
    remaining: r.num(),
    fees: r.big(),
    status: r.num() as OrderStatus,
    createdAt: r.num(),
    updatedAt: r.num(),
  };
}

function readTrade(r: Reader): TradeView {
  return {
    id: r.num(),
    symbol: r.str(),
    price: r.num(),
    amount: r.num(),
    quoteAmount: r.big(),
    takerSide: r.str() as Side,
    makerOrderId: r.num(),
    takerOrderId: r.num(),
    makerAccountId: r.num(),
    takerAccountId: r.num(),
    makerFee: r.big(),
    takerFee: r.big(),
    time: r.num(),
  };
}

function readBalance(r: Reader): BalanceChanged {
  return {
    type: 'balanceChanged',
    accountId: r.num(),
    currency: r.str(),
    availableDelta: r.big(),
    frozenDelta: r.big(),
    available: r.big(),
    frozen: r.big(),
    reason: r.str() as BalanceReason,
    orderId: r.num(),
    tradeId: r.num(),
    time: r.num(),
  };
}

function readEvent(r: Reader): StoreEvent {
  const tag = r.num();
  switch (tag) {
    case ORDER_PLACED:
      return { type: 'orderPlaced', order: readOrder(r) };
    case ORDER_UPDATED:
      return { type: 'orderUpdated', order: readOrder(r) };
    case TRADE:
      return { type: 'tradeExecuted', trade: readTrade(r) };
    case BALANCE:
      return readBalance(r);
    default:
      throw new Error(`sqlite-store writer: malformed batch, unknown event tag ${tag}`);
  }
}

/** The commands of a flat array made by pack(). */
export function unpack(data: readonly unknown[]): StoreCommand[] {
  const r = new Reader(data);
  const out: StoreCommand[] = [];
  while (!r.done) {
    const seq = r.num();
    const n = r.num();
    const events: StoreEvent[] = [];
    for (let k = 0; k < n; k++) events.push(readEvent(r));
    out.push({ seq, events });
  }
  return out;
}
