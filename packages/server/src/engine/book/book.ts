/**
 * The order book of one market behind one small interface, with two
 * implementations: `naive` (sorted arrays, the obviously-correct reference)
 * and `fast` (sorted level prices + intrusive FIFO lists). The engine is
 * parameterised by the book; the differential test runs both side by side.
 *
 * Book order: best price first (bids: highest, asks: lowest), then arrival.
 */
import type { Side } from '../../domain/index.js';
import type { DepthLevel } from '../types.js';
import type { Order } from '../order.js';
import { FastBook } from './fast.js';
import { NaiveBook } from './naive.js';

export type BookKind = 'fast' | 'naive';

export interface Book {
  /** Rest an order at the back of its price level. */
  add(order: Order): void;
  /** Take a resting order out of the book. */
  remove(order: Order): void;
  /** The oldest order at the best price of `side`, or null when that side is empty. */
  best(side: Side): Order | null;
  /**
   * Reduce a resting order's `remaining` by `qty` (0 < qty <= remaining) and
   * the level total with it; an order that reaches 0 leaves the book.
   */
  reduce(order: Order, qty: number): void;
  /** Total remaining amount resting at `price` on `side` (0 when no level). */
  levelTotal(side: Side, price: number): number;
  /** Best-first levels of one side, at most `maxLevels`. */
  depth(side: Side, maxLevels: number): DepthLevel[];
  /** Every resting order of one side in book order. */
  orders(side: Side): Order[];
  /** Number of resting orders on both sides. */
  size(): number;
  /** Check internal consistency; throws an Error naming what is wrong. */
  validate(): void;
}

export function createBook(kind: BookKind): Book {
  return kind === 'naive' ? new NaiveBook() : new FastBook();
}
