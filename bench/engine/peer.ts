/**
 * The same order flow through nodejs-order-book (the peer). It has no
 * accounts, balances or fees: it gets only the book operations
 * (limit orders and cancels) of the flow.
 */
import { OrderBook, Side } from 'nodejs-order-book';
import type { Command } from '../../packages/server/src/domain/index.js';

type PeerOp = { readonly kind: 'limit'; readonly id: string; readonly side: Side; readonly size: number; readonly price: number } | { readonly kind: 'cancel'; readonly id: string };

/** Translate the flow once, outside the timed part. */
export function peerOps(flow: readonly Command[]): PeerOp[] {
  const ops: PeerOp[] = [];
  for (const c of flow) {
    if (c.type === 'placeOrder') ops.push({ kind: 'limit', id: String(c.orderId), side: c.side === 'buy' ? Side.BUY : Side.SELL, size: c.amount, price: c.price });
    else if (c.type === 'cancelOrder') ops.push({ kind: 'cancel', id: String(c.orderId) });
  }
  return ops;
}

/** Run the ops on a fresh book; returns how many ops ran. */
export function runPeer(ops: readonly PeerOp[]): number {
  const ob = new OrderBook();
  for (const op of ops) {
    if (op.kind === 'limit') ob.limit({ side: op.side, id: op.id, size: op.size, price: op.price });
    else ob.cancel(op.id);
  }
  return ops.length;
}
