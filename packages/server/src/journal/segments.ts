/**
 * Journal segment files: `<dataDir>/journal/<first seq, 20 digits>.log`.
 * A segment holds consecutive records starting at the seq in its name; the
 * next segment starts where it ends. Segments are never deleted.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { mkdirDurable } from './io.js';

export interface Segment {
  readonly firstSeq: number;
  readonly path: string;
}

const NAME_RE = /^(\d{20})\.log$/;

export function journalDir(dataDir: string): string {
  return join(dataDir, 'journal');
}

export function segmentPath(dir: string, firstSeq: number): string {
  return join(dir, `${String(firstSeq).padStart(20, '0')}.log`);
}

/** Segments in `dir`, ascending by first seq (creates `dir` if missing, durably). */
export function listSegments(dir: string): Segment[] {
  mkdirDurable(dir);
  const out: Segment[] = [];
  for (const name of readdirSync(dir)) {
    const m = NAME_RE.exec(name);
    if (m) out.push({ firstSeq: Number(m[1]), path: join(dir, name) });
  }
  return out.sort((a, b) => a.firstSeq - b.firstSeq);
}
