/** One price level of the fast book: a FIFO of orders linked through their prev/next fields. */
import type { Order } from '../order.js';

export class Level {
  /** Sum of remaining amounts (kept <= MAX_SAFE_INTEGER by the LEVEL_FULL rule, so exact). */
  total = 0;
  count = 0;
  head: Order | null = null;
  tail: Order | null = null;
  constructor(public price: number) {}
}
