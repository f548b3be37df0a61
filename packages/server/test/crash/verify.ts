/**
 * The harness's check of a data directory after a kill: replay the whole
 * journal from seq 0 into a fresh engine and hold it against every ack the
 * workers printed. An accepted ack must be in the journal at its seq, as
 * the same command, producing the same events; a rejected ack, applied
 * again to the state it saw (the journal up to its `after` seq), must be
 * rejected again with the same code. The engine must validate at the end.
 */
import { Engine } from '../../src/engine/engine.js';
import { journalDir, readCommands, type TornTail } from '../../src/journal/index.js';
import { commandFromJson, commandToJson, eventsDigest, type AckMessage } from './protocol.js';

export class AckBook {
  readonly accepted = new Map<number, AckMessage>();
  readonly rejected = new Map<number, AckMessage[]>();
  maxSeq = 0;
  count = 0;

  add(a: AckMessage): string | null {
    this.count++;
    if (a.seq === 0) {
      const list = this.rejected.get(a.after);
      if (list) list.push(a);
      else this.rejected.set(a.after, [a]);
      return null;
    }
    const prior = this.accepted.get(a.seq);
    if (prior !== undefined) return `seq ${a.seq} acknowledged twice: ${prior.cmd} and ${a.cmd}`;
    this.accepted.set(a.seq, a);
    if (a.seq > this.maxSeq) this.maxSeq = a.seq;
    return null;
  }
}

export interface Verified {
  readonly lastSeq: number;
  readonly stateHash: string;
  readonly torn: TornTail | null;
  readonly violations: string[];
}

class Abort extends Error {}

export function verifyDataDir(dataDir: string, book: AckBook): Verified {
  const violations: string[] = [];
  const engine = new Engine();
  const checkRejected = (after: number): void => {
    for (const a of book.rejected.get(after) ?? []) {
      const out = engine.apply(commandFromJson(a.cmd));
      if (out.ok) {
        violations.push(`acknowledged rejection ${a.cmd} (${a.out}) is accepted by the journal state at seq ${after}`);
        throw new Abort();
      }
      if (out.code !== a.out) violations.push(`rejection ${a.cmd} was ${a.out} but is ${out.code} at seq ${after}`);
    }
  };
  let lastSeq = 0;
  let torn: TornTail | null = null;
  try {
    checkRejected(0);
    const scan = readCommands(journalDir(dataDir), 0, (seq, c) => {
      const out = engine.apply(c);
      if (!out.ok) {
        violations.push(`journal seq ${seq} (${c.type}) is rejected on replay: ${out.code}`);
        throw new Abort();
      }
      const ack = book.accepted.get(seq);
      if (ack !== undefined) {
        const cmd = commandToJson(c);
        if (cmd !== ack.cmd) violations.push(`seq ${seq}: journal has ${cmd}, acknowledged was ${ack.cmd}`);
        else if (eventsDigest(out.events) !== ack.out) violations.push(`seq ${seq}: replay produces other events than acknowledged`);
      }
      checkRejected(seq);
    });
    lastSeq = scan.lastSeq;
    torn = scan.torn;
    if (book.maxSeq > lastSeq) {
      const lost = [...book.accepted.keys()].filter((s) => s > lastSeq).length;
      violations.push(`${lost} acknowledged commands are missing: acked up to seq ${book.maxSeq}, journal ends at ${lastSeq}`);
    }
    for (const after of book.rejected.keys()) {
      if (after > lastSeq) violations.push(`a rejection was acknowledged on state at seq ${after}, beyond the journal end ${lastSeq}`);
    }
    engine.validate();
  } catch (err) {
    if (!(err instanceof Abort)) violations.push(`replay failed: ${(err as Error).message}`);
  }
  return { lastSeq, stateHash: engine.stateHash(), torn, violations };
}
