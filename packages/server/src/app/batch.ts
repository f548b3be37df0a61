/**
 * One group-commit batch of the sequencer: the framed records of its
 * accepted commands, the committed commands for projections, and one
 * promise that settles when the batch is durable and projected. Every
 * submit of the batch (accepted or rejected) chains on that promise.
 */
import type { CommittedCommand } from '../domain/index.js';
import { ByteWriter } from '../journal/index.js';

export class Batch {
  readonly records = new ByteWriter(1 << 16);
  committed: CommittedCommand[] = [];
  /** Submits in this batch (accepted and rejected). */
  count = 0;
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
    this.count = 0;
    this.accepted = 0;
    this.lastSeq = 0;
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Submitters observe failures through their own chained promises.
    this.done.catch(() => undefined);
  }
}
