/**
 * One group-commit batch of the sequencer: the framed records of its
 * accepted commands, the committed commands for projections, the replies
 * waiting for the batch to be durable and projected (their results and the
 * resolve/reject functions of their promises), and one promise for the
 * batch as a whole (what flush() waits on).
 */
import type { CommittedCommand, Outcome, Command } from '../domain/index.js';
import { ByteWriter } from '../journal/index.js';

export interface Submitted {
  /** Journal seq of the command; 0 if the engine rejected it. */
  readonly seq: number;
  /** The command as stamped and applied. */
  readonly command: Command;
  readonly outcome: Outcome;
}

export class Batch {
  readonly records = new ByteWriter(1 << 16);
  committed: CommittedCommand[] = [];
  /** Submits in this batch (accepted and rejected). */
  count = 0;
  /** Per submit: its result, and the resolve and reject of its promise. */
  results: Submitted[] = [];
  resolvers: Array<(s: Submitted) => void> = [];
  rejecters: Array<(err: Error) => void> = [];
  accepted = 0;
  /** Seq of the last accepted command (meaningful when accepted > 0). */
  lastSeq = 0;
  done!: Promise<void>;
  resolve!: () => void;
  reject!: (err: Error) => void;

  constructor() {
    this.reset();
  }

  reset(): void {
    this.records.pos = 0;
    this.committed = [];
    this.results = [];
    this.resolvers = [];
    this.rejecters = [];
    this.count = 0;
    this.accepted = 0;
    this.lastSeq = 0;
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Submitters observe failures through their own promises.
    this.done.catch(() => undefined);
  }

  /** Settle every reply of the batch, then the batch promise. */
  settle(): void {
    const results = this.results;
    const resolvers = this.resolvers;
    for (let i = 0; i < results.length; i++) resolvers[i](results[i]);
    this.resolve();
  }

  fail(err: Error): void {
    for (const reject of this.rejecters) reject(err);
    this.reject(err);
  }
}
