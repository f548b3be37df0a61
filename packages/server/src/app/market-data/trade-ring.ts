/** The most recent public trades of one symbol, in a fixed-size ring. */
import type { TradeRow } from '../../store/port.js';

export class TradeRing {
  private readonly slots: (TradeRow | undefined)[];
  private next = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`trade ring capacity must be >= 1, got ${capacity}`);
    this.slots = new Array<TradeRow | undefined>(capacity).fill(undefined);
  }

  push(trade: TradeRow): void {
    this.slots[this.next] = trade;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** The newest trade ever pushed. */
  last(): TradeRow | undefined {
    return this.size === 0 ? undefined : this.slots[(this.next - 1 + this.capacity) % this.capacity];
  }

  /** Newest first, at most `limit`. */
  newest(limit = this.capacity): TradeRow[] {
    const n = Math.min(limit, this.size);
    const out: TradeRow[] = [];
    for (let i = 1; i <= n; i++) out.push(this.slots[(this.next - i + this.capacity) % this.capacity] as TradeRow);
    return out;
  }
}
