/**
 * Reading the journal: every segment from the one holding `fromSeq + 1`,
 * record by record, checking length, CRC and seq continuity. Large chunked
 * reads, no syscall per record. A bad frame in the last segment with no
 * valid record after it is a torn tail (reported, not delivered); any other
 * bad frame is corruption and throws JournalCorruptError naming the file and
 * byte offset.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { frameProblem, HEADER_BYTES, MAX_PAYLOAD, readSeq } from './frame.js';
import { listSegments, type Segment } from './segments.js';

/** Called for each record above `fromSeq`; the payload is `buf[start, end)`, valid only during the call. */
export type RecordSink = (seq: number, buf: Buffer, start: number, end: number) => void;

export class JournalCorruptError extends Error {
  override name = 'JournalCorruptError';
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`journal corrupt: ${file} at byte ${offset}: ${reason}; refusing to start (valid records follow, so this is not a torn tail)`);
  }
}

export interface TornTail {
  readonly file: string;
  /** Byte offset of the first bad frame: the file is valid up to here. */
  readonly offset: number;
  /** Bytes from `offset` to the end of the file. */
  readonly bytes: number;
  readonly reason: string;
}

export interface ScanResult {
  /** Highest valid seq in the journal (0 when empty). */
  readonly lastSeq: number;
  /** The last segment and the end of its valid records (null when there is no segment). */
  readonly tail: { readonly segment: Segment; readonly validBytes: number } | null;
  readonly torn: TornTail | null;
  /** Records handed to the sink. */
  readonly delivered: number;
  readonly bytesRead: number;
}

const CHUNK = 8 * 1024 * 1024;

export function scanJournal(dir: string, fromSeq: number, sink: RecordSink): ScanResult {
  const segments = listSegments(dir);
  if (segments.length === 0) return { lastSeq: 0, tail: null, torn: null, delivered: 0, bytesRead: 0 };
  if (segments[0].firstSeq !== 1) {
    throw new JournalCorruptError(segments[0].path, 0, `the first segment starts at seq ${segments[0].firstSeq}, not 1`);
  }
  let start = 0;
  while (start + 1 < segments.length && segments[start + 1].firstSeq <= fromSeq + 1) start++;
  const state = { delivered: 0, bytesRead: 0 };
  let lastSeq = segments[start].firstSeq - 1;
  let validBytes = 0;
  let torn: TornTail | null = null;
  for (let i = start; i < segments.length; i++) {
    const seg = segments[i];
    if (seg.firstSeq !== lastSeq + 1) {
      throw new JournalCorruptError(seg.path, 0, `segment starts at seq ${seg.firstSeq} but the previous one ends at ${lastSeq}`);
    }
    const isLast = i === segments.length - 1;
    const r = scanSegment(seg, isLast, fromSeq, sink, state);
    lastSeq = r.lastSeq;
    validBytes = r.validBytes;
    torn = r.torn;
  }
  const tail = { segment: segments[segments.length - 1], validBytes };
  return { lastSeq, tail, torn, delivered: state.delivered, bytesRead: state.bytesRead };
}

interface SegmentResult {
  lastSeq: number;
  validBytes: number;
  torn: TornTail | null;
}

function scanSegment(
  seg: Segment,
  isLast: boolean,
  fromSeq: number,
  sink: RecordSink,
  state: { delivered: number; bytesRead: number },
): SegmentResult {
  const fd = openSync(seg.path, 'r');
  try {
    const size = fstatSync(fd).size;
    let buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(size, HEADER_BYTES)));
    let fileOff = 0; // file offset of buf[0]
    let have = 0; // bytes of buf holding file data
    let p = 0; // read position in buf
    let expected = seg.firstSeq;
    for (;;) {
      const fileP = fileOff + p;
      if (fileP === size) return { lastSeq: expected - 1, validBytes: size, torn: null };
      let avail = have - p;
      let need = HEADER_BYTES;
      if (avail >= HEADER_BYTES) {
        const len = buf.readUInt32LE(p);
        if (len >= 1 && len <= MAX_PAYLOAD) need = HEADER_BYTES + len;
      }
      if (avail < need && fileOff + have < size) {
        if (p > 0) buf.copy(buf, 0, p, have);
        fileOff += p;
        have -= p;
        p = 0;
        if (buf.length < need) {
          const bigger = Buffer.allocUnsafe(Math.max(need, buf.length * 2));
          buf.copy(bigger, 0, 0, have);
          buf = bigger;
        }
        const n = readFully(fd, buf, have, fileOff + have);
        if (n === 0) throw new Error(`journal ${seg.path} shrank while being read (at byte ${fileOff + have} of ${size})`);
        have += n;
        state.bytesRead += n;
        continue;
      }
      avail = Math.min(avail, need);
      const problem = frameProblem(buf, p, avail);
      if (problem !== null) {
        if (!isLast) throw new JournalCorruptError(seg.path, fileP, `${problem} in a segment that is not the last`);
        const follower = probeValidRecord(fd, fileP, size, expected);
        if (follower !== null) {
          throw new JournalCorruptError(seg.path, fileP, `${problem}; a valid record (seq ${follower.seq}) follows at byte ${follower.offset}`);
        }
        return {
          lastSeq: expected - 1,
          validBytes: fileP,
          torn: { file: seg.path, offset: fileP, bytes: size - fileP, reason: problem },
        };
      }
      const seq = readSeq(buf, p);
      if (seq !== expected) throw new JournalCorruptError(seg.path, fileP, `record has seq ${seq} where ${expected} was expected`);
      if (seq > fromSeq) {
        try {
          sink(seq, buf, p + HEADER_BYTES, p + need);
        } catch (err) {
          const msg = err instanceof Error ? err.message : String(err);
          throw new Error(`journal ${seg.path} at byte ${fileP} (seq ${seq}): ${msg}`, { cause: err });
        }
        state.delivered++;
      }
      p += need;
      expected++;
    }
  } finally {
    closeSync(fd);
  }
}

function readFully(fd: number, buf: Buffer, at: number, position: number): number {
  let total = 0;
  while (at + total < buf.length) {
    const n = readSync(fd, buf, at + total, buf.length - at - total, position + total);
    if (n === 0) break;
    total += n;
  }
  return total;
}

/** The first CRC-valid record with seq >= `minSeq` after byte `from`, or null. */
function probeValidRecord(fd: number, from: number, size: number, minSeq: number): { offset: number; seq: number } | null {
  const len = size - from;
  if (len <= HEADER_BYTES) return null;
  const buf = Buffer.allocUnsafe(len);
  readFully(fd, buf, 0, from);
  const maxSeq = minSeq + Math.ceil(len / (HEADER_BYTES + 1));
  for (let q = 1; q + HEADER_BYTES < len; q++) {
    const plen = buf.readUInt32LE(q);
    if (plen === 0 || plen > len - q - HEADER_BYTES) continue;
    const seq = readSeq(buf, q);
    if (seq < minSeq || seq > maxSeq) continue;
    if (frameProblem(buf, q, len - q) === null) return { offset: from + q, seq };
  }
  return null;
}
