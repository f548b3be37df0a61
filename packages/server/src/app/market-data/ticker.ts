/** Ticker data in units (formatting in format.ts). */
import type { DepthLevel } from '../../engine/types.js';

export interface TickerUnits {
  readonly symbol: string;
  /**
   * Reference price of the 24 h change (the ws `open_price`): the last price
   * at or before the window start, else (a market younger than the window)
   * the first price in it; undefined before the first trade.
   */
  readonly open: number | undefined;
  /** Highest, lowest and last price of the window (undefined: no trade in the window). */
  readonly high: number | undefined;
  readonly low: number | undefined;
  readonly close: number | undefined;
  /** Base amount units traded in the window. */
  readonly volume: bigint;
  /** Quote currency units traded in the window. */
  readonly quoteVolume: bigint;
  /** Price of the last trade ever (even older than the window). */
  readonly last: number | undefined;
  readonly bestBid: DepthLevel | undefined;
  readonly bestAsk: DepthLevel | undefined;
}
