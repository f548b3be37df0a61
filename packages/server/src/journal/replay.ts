/**
 * Decoded reading of the journal: every command above `fromSeq`, in order.
 */
import type { Command } from '../domain/index.js';
import { ByteReader } from './bytes.js';
import { decodeCommand } from './codec.js';
import { scanJournal, type ScanResult } from './scan.js';

export type CommandSink = (seq: number, command: Command) => void;

/** Read (and check) the journal in `dir`, handing each command with seq > `fromSeq` to `sink`. */
export function readCommands(dir: string, fromSeq: number, sink: CommandSink): ScanResult {
  const reader = new ByteReader(Buffer.alloc(0), 0, 0);
  return scanJournal(dir, fromSeq, (seq, buf, start, end) => {
    reader.reset(buf, start, end);
    sink(seq, decodeCommand(reader));
  });
}
