/**
 * Replaying the journal into an engine (and the projections that are
 * behind): decode + apply per record, the projections fed in chunks with
 * the events re-applying produced. Every journaled command was accepted
 * when it was first applied; a rejection on replay means the engine is not
 * deterministic (or the journal belongs to other code) and stops recovery.
 */
import type { CommittedCommand, Projection } from '../domain/index.js';
import type { ExchangeEngine } from '../engine/types.js';
import { readCommands, type ScanResult } from '../journal/index.js';

export interface ReplayOptions {
  readonly projections?: readonly Projection[];
  /** Compare engine.stateHash() with this hash once the replay passes `check.seq` (reported, not thrown). */
  readonly check?: { readonly seq: number; readonly stateHash: string; readonly what: string };
  /** Commands per projection batch. */
  readonly chunk?: number;
}

export interface ReplayResult {
  readonly scan: ScanResult;
  /** Commands applied to the engine. */
  readonly applied: number;
  /** `now` of the last applied command (0 if none). */
  readonly lastNow: number;
  /** The `check` result, when the replay passed its seq. */
  readonly checked: { readonly seq: number; readonly expected: string; readonly got: string; readonly what: string } | null;
  /** Per projection: the seq range it was fed (from > to: nothing). */
  readonly projections: ReadonlyArray<{ readonly name: string; readonly from: number; readonly to: number }>;
}

export class ReplayDivergedError extends Error {
  override name = 'ReplayDivergedError';
}

export function replayJournal(engine: ExchangeEngine, journalDir: string, fromSeq: number, opts: ReplayOptions = {}): ReplayResult {
  const projections = opts.projections ?? [];
  const chunk = opts.chunk ?? 4096;
  const upTo = projections.map((p) => p.lastAppliedSeq());
  const startedAt = upTo.map((s) => s + 1);
  const needFrom = upTo.length === 0 ? Infinity : Math.min(...upTo) + 1;
  let pending: CommittedCommand[] = [];
  let applied = 0;
  let lastNow = 0;
  const check = opts.check;
  let checked: ReplayResult['checked'] = null;

  const feed = (): void => {
    if (pending.length === 0) return;
    const first = pending[0].seq;
    for (let i = 0; i < projections.length; i++) {
      const skip = upTo[i] - first + 1;
      if (skip >= pending.length) continue;
      const part = skip <= 0 ? pending : pending.slice(skip);
      projections[i].applyBatch(part);
      upTo[i] = part[part.length - 1].seq;
    }
    pending = [];
  };

  const scan = readCommands(journalDir, fromSeq, (seq, command) => {
    const outcome = engine.apply(command);
    if (!outcome.ok) {
      throw new ReplayDivergedError(`replaying seq ${seq} (${command.type}) was rejected (${outcome.code}: ${outcome.message}) but it was accepted when journaled`);
    }
    applied++;
    lastNow = command.now;
    if (seq >= needFrom) {
      pending.push({ seq, command, events: outcome.events });
      if (pending.length >= chunk) feed();
    }
    if (check !== undefined && seq === check.seq) {
      checked = { seq, expected: check.stateHash, got: engine.stateHash(), what: check.what };
    }
  });
  feed();
  for (let i = 0; i < projections.length; i++) {
    if (upTo[i] > scan.lastSeq) {
      throw new Error(
        `projection ${projections[i].name} has applied up to seq ${upTo[i]} but the journal ends at ${scan.lastSeq}: ` +
          'the journal lost acknowledged records, or the projection belongs to another data directory',
      );
    }
  }
  return {
    scan,
    applied,
    lastNow,
    checked,
    projections: projections.map((p, i) => ({ name: p.name, from: startedAt[i], to: upTo[i] })),
  };
}
