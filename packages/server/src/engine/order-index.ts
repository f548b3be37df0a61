/**
 * The open orders by id, in memory that follows the open orders, not the
 * ids ever handed out (closed orders leave nothing behind).
 *
 * Ids are sequential, so open orders are mostly dense runs of recent ids:
 * those live in chunks of CHUNK_SIZE slots (chunk (id - 1) / CHUNK_SIZE,
 * slot (id - 1) % CHUNK_SIZE, one pointer (8 bytes on Node's 64-bit builds,
 * which do not compress pointers) a slot), found through a Map of chunk
 * number -> chunk, with the newest chunk at hand. A chunk other than the
 * newest keeps at least MIN_DENSE open orders (at most 128 bytes of slots per
 * order); when it falls below that, its remaining orders move to a Map by
 * id (`sparse`) and the chunk is dropped, once. So stragglers (an old order
 * resting for days) cost a Map entry each, not a chunk each. The newest
 * chunk stays even when empty, so placing and cancelling one order at a
 * time allocates nothing.
 */
import type { Order } from './order.js';

const CHUNK_SIZE = 4096;
const MIN_DENSE = 256;

class Chunk {
  readonly slots: (Order | undefined)[] = new Array<Order | undefined>(CHUNK_SIZE);
  count = 0;
}

/** Sizes of the index, for tests and diagnostics. */
export interface OrderIndexStats {
  /** Open orders. */
  readonly open: number;
  /** Chunks held (the newest one included, even when empty). */
  readonly chunks: number;
  /** Open orders kept one by one in the sparse map. */
  readonly sparse: number;
}

export class OrderIndex {
  private readonly chunks = new Map<number, Chunk>();
  private readonly sparse = new Map<number, Order>();
  /** Highest chunk number created so far (-1: none) and that chunk. */
  private newestIndex = -1;
  private newest: Chunk | undefined = undefined;
  private total = 0;

  /** Number of open orders. */
  get openCount(): number {
    return this.total;
  }

  stats(): OrderIndexStats {
    return { open: this.total, chunks: this.chunks.size, sparse: this.sparse.size };
  }

  /** The open order with this id, if any (any number is accepted: ids come from commands). */
  get(id: number): Order | undefined {
    const k = id - 1;
    const ci = Math.floor(k / CHUNK_SIZE);
    const chunk = ci === this.newestIndex ? this.newest : this.chunks.get(ci);
    const o = chunk === undefined ? this.sparse.get(id) : chunk.slots[k - ci * CHUNK_SIZE];
    return o !== undefined && o.id === id ? o : undefined;
  }

  /** Add an order that is now open; its id must not be open already. */
  open(order: Order): void {
    const id = order.id;
    const k = id - 1;
    const ci = Math.floor(k / CHUNK_SIZE);
    let chunk: Chunk | undefined;
    if (ci === this.newestIndex) chunk = this.newest;
    else if (ci > this.newestIndex) chunk = this.advance(ci);
    else chunk = this.chunks.get(ci);
    if (chunk === undefined) {
      // An id below the newest chunk whose chunk was dropped (restore only).
      if (this.sparse.has(id)) throw new Error(`order ${id} is already open`);
      this.sparse.set(id, order);
    } else {
      const i = k - ci * CHUNK_SIZE;
      if (chunk.slots[i] !== undefined) throw new Error(`order ${id} is already open`);
      chunk.slots[i] = order;
      chunk.count++;
    }
    this.total++;
  }

  /** Remove an open order (filled or cancelled). */
  close(order: Order): void {
    const id = order.id;
    const k = id - 1;
    const ci = Math.floor(k / CHUNK_SIZE);
    const chunk = ci === this.newestIndex ? this.newest : this.chunks.get(ci);
    if (chunk === undefined) {
      if (this.sparse.get(id) !== order) throw new Error(`order ${id} is not in the open-order index`);
      this.sparse.delete(id);
    } else {
      const i = k - ci * CHUNK_SIZE;
      if (chunk.slots[i] !== order) throw new Error(`order ${id} is not in the open-order index`);
      chunk.slots[i] = undefined;
      chunk.count--;
      if (ci !== this.newestIndex && chunk.count < MIN_DENSE) this.drop(ci, chunk);
    }
    this.total--;
  }

  /** The index's own structure; throws naming the first fault. */
  validate(): void {
    let n = 0;
    for (const [ci, chunk] of this.chunks) {
      let count = 0;
      chunk.slots.forEach((o, i) => {
        if (o === undefined) return;
        if (o.id !== ci * CHUNK_SIZE + i + 1) throw new Error(`order index: order ${o.id} sits in the slot of id ${ci * CHUNK_SIZE + i + 1}`);
        count++;
      });
      if (count !== chunk.count) throw new Error(`order index: chunk ${ci} counts ${chunk.count} orders but holds ${count}`);
      if (ci !== this.newestIndex && count < MIN_DENSE) throw new Error(`order index: chunk ${ci} holds ${count} orders, fewer than ${MIN_DENSE}`);
      if (ci > this.newestIndex) throw new Error(`order index: chunk ${ci} is above the newest chunk ${this.newestIndex}`);
      n += count;
    }
    if (this.newestIndex >= 0 && this.chunks.get(this.newestIndex) !== this.newest) throw new Error('order index: the newest chunk is not held');
    for (const [id, o] of this.sparse) {
      const ci = Math.floor((id - 1) / CHUNK_SIZE);
      if (o.id !== id) throw new Error(`order index: order ${o.id} is kept under id ${id}`);
      if (ci >= this.newestIndex || this.chunks.has(ci)) throw new Error(`order index: sparse order ${id} belongs to a held or the newest chunk`);
      n++;
    }
    if (n !== this.total) throw new Error(`order index: counts ${this.total} open orders but holds ${n}`);
  }

  /** Make chunk `ci` the newest; the previous newest keeps its chunk only if dense enough. */
  private advance(ci: number): Chunk {
    const prev = this.newest;
    const prevIndex = this.newestIndex;
    const chunk = new Chunk();
    this.chunks.set(ci, chunk);
    this.newestIndex = ci;
    this.newest = chunk;
    if (prev !== undefined && prev.count < MIN_DENSE) this.drop(prevIndex, prev);
    return chunk;
  }

  /** Move a chunk's remaining orders to the sparse map and forget the chunk. */
  private drop(ci: number, chunk: Chunk): void {
    if (chunk.count > 0) for (const o of chunk.slots) if (o !== undefined) this.sparse.set(o.id, o);
    this.chunks.delete(ci);
  }
}
