/**
 * Snapshot files: `<dataDir>/snapshots/<seq, 20 digits>.snap`, one per
 * covered seq. Layout: a one-line JSON header, "\n", then the body (the
 * engine snapshot as JSON). The header names the seq the state covers, the
 * engine's stateHash at that seq, the last command time, and the body's
 * length and SHA-256. Written atomically: tmp file, fsync, rename, fsync dir.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, readSync, rmSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineSnapshot } from '../engine/types.js';
import { mkdirDurable, syncDir } from './io.js';

export const SNAPSHOT_FORMAT = 'openmart-snapshot/1';

export interface SnapshotHeader {
  readonly format: string;
  /** The state includes every command up to and including this seq. */
  readonly seq: number;
  readonly stateHash: string;
  /** `now` of the command at `seq` (0 for seq 0). */
  readonly lastNow: number;
  readonly bodyBytes: number;
  readonly bodySha256: string;
}

export interface LoadedSnapshot {
  readonly path: string;
  readonly header: SnapshotHeader;
  readonly engine: EngineSnapshot;
}

export interface SnapshotFile {
  readonly seq: number;
  readonly path: string;
}

export function snapshotDir(dataDir: string): string {
  return join(dataDir, 'snapshots');
}

const NAME_RE = /^(\d{20})\.snap$/;

/** Snapshot files, newest (highest seq) first; stale tmp files are removed. */
export function listSnapshots(dir: string): SnapshotFile[] {
  mkdirDurable(dir);
  const out: SnapshotFile[] = [];
  for (const name of readdirSync(dir)) {
    const m = NAME_RE.exec(name);
    if (m) out.push({ seq: Number(m[1]), path: join(dir, name) });
    else if (name.endsWith('.tmp')) rmSync(join(dir, name), { force: true });
  }
  return out.sort((a, b) => b.seq - a.seq);
}

/**
 * Delete every snapshot but the newest `keep` (by seq); returns the deleted
 * paths. Only snapshots are deleted, never journal segments: a start-up
 * whose store is older than every kept snapshot replays from seq 1.
 */
export function pruneSnapshots(dir: string, keep: number): string[] {
  if (keep < 1) throw new Error(`pruneSnapshots: keep must be at least 1, got ${keep}`);
  const old = listSnapshots(dir).slice(keep);
  for (const s of old) rmSync(s.path, { force: true });
  return old.map((s) => s.path);
}

/** Serialize now (synchronous: the state is captured by the caller), write later. */
export function encodeSnapshot(seq: number, stateHash: string, lastNow: number, engine: EngineSnapshot): Buffer {
  const body = Buffer.from(JSON.stringify(engine), 'utf8');
  const header: SnapshotHeader = {
    format: SNAPSHOT_FORMAT,
    seq,
    stateHash,
    lastNow,
    bodyBytes: body.length,
    bodySha256: createHash('sha256').update(body).digest('hex'),
  };
  return Buffer.concat([Buffer.from(JSON.stringify(header) + '\n', 'utf8'), body]);
}

/** Write an encoded snapshot atomically; returns its path. */
export async function writeSnapshot(dir: string, seq: number, bytes: Buffer, fsync = true): Promise<string> {
  mkdirDurable(dir);
  const path = join(dir, `${String(seq).padStart(20, '0')}.snap`);
  const tmp = `${path}.tmp`;
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(bytes);
      if (fsync) await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    // A failed write (disk full, EIO) must not leave a possibly huge partial file behind.
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  if (fsync) await syncDir(dir);
  return path;
}

export class SnapshotInvalidError extends Error {
  override name = 'SnapshotInvalidError';
}

/** Read and verify one snapshot file. */
export function loadSnapshot(path: string): LoadedSnapshot {
  const bytes = readFileSync(path);
  const nl = bytes.indexOf(10);
  if (nl < 0) throw new SnapshotInvalidError(`${path}: no header line`);
  let header: SnapshotHeader;
  try {
    header = JSON.parse(bytes.toString('utf8', 0, nl)) as SnapshotHeader;
  } catch (err) {
    throw new SnapshotInvalidError(`${path}: unreadable header (${(err as Error).message})`);
  }
  if (header.format !== SNAPSHOT_FORMAT) throw new SnapshotInvalidError(`${path}: unknown format ${String(header.format)}`);
  const body = bytes.subarray(nl + 1);
  if (body.length !== header.bodyBytes) {
    throw new SnapshotInvalidError(`${path}: body has ${body.length} bytes, header says ${header.bodyBytes}`);
  }
  const sha = createHash('sha256').update(body).digest('hex');
  if (sha !== header.bodySha256) throw new SnapshotInvalidError(`${path}: body checksum mismatch`);
  const engine = JSON.parse(body.toString('utf8')) as EngineSnapshot;
  return { path, header, engine };
}

/** Only the header line of a snapshot (seq, stateHash), without reading or checking the body; null if unreadable. */
export function readSnapshotHeader(path: string): SnapshotHeader | null {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const nl = buf.subarray(0, n).indexOf(10);
    if (nl < 0) return null;
    const h = JSON.parse(buf.toString('utf8', 0, nl)) as SnapshotHeader;
    return h.format === SNAPSHOT_FORMAT ? h : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
