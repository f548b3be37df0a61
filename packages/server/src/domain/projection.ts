/**
 * How committed work reaches read models. The sequencer calls every
 * projection with each durable batch, in journal order, before any reply of
 * that batch goes out; at start-up, recovery replays the journal into each
 * projection from its own `lastAppliedSeq()`. In-memory projections seeded
 * from the engine join later, at rest (`Sequencer.attach`). A projection may
 * hand the batch to another thread (the SQLite store does); its readers then
 * wait until it has caught up (`QueryStore.settled()`).
 */
import type { Command } from './commands.js';
import type { EngineEvent } from './events.js';

/** An accepted, durable command with the journal sequence number it got. */
export interface CommittedCommand {
  /** Journal sequence number, from 1, without gaps. */
  readonly seq: number;
  readonly command: Command;
  readonly events: readonly EngineEvent[];
}

export interface Projection {
  readonly name: string;
  /** Highest seq this projection has durably applied (0 when empty). */
  lastAppliedSeq(): number;
  /** Apply one batch (ascending seq, all above lastAppliedSeq()). Synchronous. */
  applyBatch(batch: readonly CommittedCommand[]): void;
}

/** A command as callers hand it to the sequencer: it stamps `now` and the ids of what it creates. */
export type CommandDraft = Command extends infer C
  ? C extends { type: 'placeOrder' }
    ? Omit<C, 'now' | 'orderId'>
    : C extends { type: 'createUser' }
      ? Omit<C, 'now' | 'accountId'>
      : Omit<C, 'now'>
  : never;
