/** Shared helpers of the journal tests: temp dirs, drafts from the seeded workload, a recording projection, a gated io. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileHandle } from 'node:fs/promises';
import type { Command, CommandDraft, CommittedCommand, Projection } from '../../src/domain/index.js';
import { nodeIo, type JournalIo } from '../../src/journal/index.js';
import { makeWorkload } from '../support/workload.js';

export function tempDir(t: { after(fn: () => void): void }, name = 'journal'): string {
  const dir = mkdtempSync(join(tmpdir(), `openmart-${name}-`));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The draft the sequencer would receive for a stamped command. */
export function draftOf(c: Command): CommandDraft {
  if (c.type === 'placeOrder') {
    const { now: _n, orderId: _o, ...draft } = c;
    return draft;
  }
  if (c.type === 'createUser') {
    const { now: _n, accountId: _a, ...draft } = c;
    return draft;
  }
  const { now: _n, ...draft } = c;
  return draft as CommandDraft;
}

/** Seeded drafts: setup (currencies, market, users, deposits) then a mixed order flow. */
export function workloadDrafts(seed: number, count: number, accounts = 20): CommandDraft[] {
  const w = makeWorkload({ seed, count, accounts });
  return [...w.setup, ...w.flow].map(draftOf);
}

/** A projection that keeps everything it is given (and can start at a given seq). */
export class RecordingProjection implements Projection {
  readonly batches: CommittedCommand[][] = [];
  constructor(
    readonly name: string,
    private last = 0,
  ) {}

  lastAppliedSeq(): number {
    return this.last;
  }

  applyBatch(batch: readonly CommittedCommand[]): void {
    if (batch.length === 0) throw new Error('empty batch');
    if (batch[0].seq !== this.last + 1) throw new Error(`${this.name}: got seq ${batch[0].seq} after ${this.last}`);
    for (let i = 1; i < batch.length; i++) if (batch[i].seq !== batch[i - 1].seq + 1) throw new Error('gap in batch');
    this.batches.push([...batch]);
    this.last = batch[batch.length - 1].seq;
  }

  get all(): CommittedCommand[] {
    return this.batches.flat();
  }
}

/** An io whose syncs can be held at a gate and made to fail; it logs every completed sync. */
export class GatedIo implements JournalIo {
  syncs = 0;
  log: string[] = [];
  failNext: Error | null = null;
  private gate: Promise<void> | null = null;
  private open: (() => void) | null = null;

  hold(): void {
    this.gate = new Promise((r) => (this.open = r));
  }

  release(): void {
    this.open?.();
    this.gate = null;
  }

  write(fh: FileHandle, buf: Buffer, len: number, position: number): Promise<void> {
    return nodeIo.write(fh, buf, len, position);
  }

  async sync(fh: FileHandle): Promise<void> {
    if (this.gate) await this.gate;
    if (this.failNext) throw this.failNext;
    await nodeIo.sync(fh);
    this.syncs++;
    this.log.push(`synced ${this.syncs}`);
  }
}
