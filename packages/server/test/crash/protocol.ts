/**
 * What the crash worker tells the crash harness, one JSON object per line on
 * stdout. An `ack` line is written only after the sequencer resolved the
 * command (durable and projected), so every ack line the harness reads is a
 * promise the journal must keep.
 */
import { createHash } from 'node:crypto';
import type { Command, EngineEvent } from '../../src/domain/index.js';

export interface ReadyMessage {
  readonly k: 'ready';
  readonly lastSeq: number;
  readonly stateHash: string;
  /** null when engine.validate() passed, else its message. */
  readonly invalid: string | null;
  readonly replayed: number;
  readonly baseSnapshot: number | null;
  readonly torn: string | null;
  /** Snapshots recovery could not use, with the reason. */
  readonly skipped: readonly string[];
  readonly recoveryMs: number;
}

export interface AckMessage {
  readonly k: 'ack';
  /** Journal seq (0: rejected). */
  readonly seq: number;
  /** The seq the engine state included when the command was applied. */
  readonly after: number;
  /** The stamped command (commandToJson). */
  readonly cmd: string;
  /** Accepted: digest of the events. Rejected: the reject code. */
  readonly out: string;
}

export type WorkerMessage = ReadyMessage | AckMessage;

const replacer = (_k: string, v: unknown): unknown => (typeof v === 'bigint' ? `${v}n` : v);
const reviver = (_k: string, v: unknown): unknown => (typeof v === 'string' && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v);

export function commandToJson(c: Command): string {
  return JSON.stringify(c, replacer);
}

export function commandFromJson(s: string): Command {
  return JSON.parse(s, reviver) as Command;
}

export function eventsDigest(events: readonly EngineEvent[]): string {
  return createHash('sha1').update(JSON.stringify(events, replacer)).digest('base64');
}
