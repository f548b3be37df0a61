/** Everything the market data keeps for one symbol, and its caches of wire objects. */
import type { OrderBook, PublicTrade, Ticker } from '@openmart/protocol';
import { STEPS, clampTime, mergeTick } from '../../store/candle-math.js';
import type { CandleUnits, TradeRow } from '../../store/port.js';
import { RollingWindow } from './rolling-window.js';
import { TradeRing } from './trade-ring.js';

export class SymbolState {
  readonly window: RollingWindow;
  readonly ring: TradeRing;
  /** The newest candle of each step. */
  readonly candles = new Map<number, CandleUnits>();
  /** Bucketing time of the last trade (see clampTime). */
  lastTime: number | undefined;

  ticker: { readonly wire: Ticker; readonly validUntil: number } | undefined;
  readonly books = new Map<number, OrderBook>();
  trades: readonly PublicTrade[] | undefined;

  constructor(readonly symbol: string, windowMinutes: number, ringSize: number) {
    this.window = new RollingWindow(windowMinutes);
    this.ring = new TradeRing(ringSize);
  }

  /** Record a trade; returns the candles it changed (one per step). */
  addTrade(t: TradeRow): CandleUnits[] {
    const time = clampTime(t.time, this.lastTime);
    this.lastTime = time;
    this.ring.push(t);
    this.window.add(t.price, t.amount, t.quoteAmount, time);
    this.window.evict(time);
    const tick = { price: t.price, amount: t.amount, quoteAmount: t.quoteAmount, time };
    const changed: CandleUnits[] = [];
    for (const step of STEPS) {
      const c = mergeTick(this.symbol, step, this.candles.get(step), tick);
      this.candles.set(step, c);
      changed.push(c);
    }
    return changed;
  }

  /** Forget cached wire objects after the book or trades changed. */
  invalidate(trades: boolean): void {
    this.ticker = undefined;
    this.books.clear();
    if (trades) this.trades = undefined;
  }
}
