/**
 * Record framing. Each record is a 16-byte header and a payload:
 *
 *   offset 0  u32 LE  payload length in bytes (1 .. MAX_PAYLOAD)
 *   offset 4  u32 LE  CRC-32 of bytes 8 .. 16+length (the seq and the payload)
 *   offset 8  u64 LE  seq (a safe integer: from 1, +1 per record, no gaps)
 *   offset 16 payload (codec.ts)
 */
import type { Command } from '../domain/index.js';
import type { ByteWriter } from './bytes.js';
import { encodeCommand } from './codec.js';
import { crc32 } from './crc32.js';

export const HEADER_BYTES = 16;
/** Largest payload a reader accepts; anything larger is a broken length field. */
export const MAX_PAYLOAD = 16 * 1024 * 1024;

const POW32 = 0x1_0000_0000;

/** Append one framed record for `command` with sequence number `seq`. */
export function appendRecord(w: ByteWriter, seq: number, command: Command): void {
  w.ensure(HEADER_BYTES);
  const start = w.pos;
  w.pos = start + HEADER_BYTES;
  encodeCommand(w, command);
  const buf = w.buf;
  const len = w.pos - start - HEADER_BYTES;
  if (len > MAX_PAYLOAD) throw new RangeError(`command of ${len} bytes exceeds the record limit of ${MAX_PAYLOAD}`);
  u32(buf, start, len);
  u32(buf, start + 8, seq % POW32);
  u32(buf, start + 12, Math.floor(seq / POW32));
  u32(buf, start + 4, crc32(buf, start + 8, w.pos));
}

/** Little-endian u32 store without Buffer's argument checks (the space is reserved). */
function u32(b: Buffer, p: number, v: number): void {
  b[p] = v;
  b[p + 1] = v >>> 8;
  b[p + 2] = v >>> 16;
  b[p + 3] = v >>> 24;
}

/** The seq in a header at `pos` (no checks). */
export function readSeq(buf: Buffer, pos: number): number {
  return buf.readUInt32LE(pos + 8) + buf.readUInt32LE(pos + 12) * POW32;
}

/** Why the frame at `pos` (with `avail` bytes present from there on) is not a valid record, or null if it is. */
export function frameProblem(buf: Buffer, pos: number, avail: number): string | null {
  if (avail < HEADER_BYTES) return `incomplete header (${avail} of ${HEADER_BYTES} bytes)`;
  const len = buf.readUInt32LE(pos);
  if (len === 0 || len > MAX_PAYLOAD) return `impossible payload length ${len}`;
  if (avail < HEADER_BYTES + len) return `incomplete payload (${avail - HEADER_BYTES} of ${len} bytes)`;
  const want = buf.readUInt32LE(pos + 4);
  const got = crc32(buf, pos + 8, pos + HEADER_BYTES + len);
  if (want !== got) return `CRC mismatch (stored ${want.toString(16)}, computed ${got.toString(16)})`;
  return null;
}
