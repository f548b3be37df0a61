/**
 * The append side of the journal: one write and one fdatasync per batch, at
 * the end of the last segment. When a segment reaches `segmentBytes` after a
 * batch, the next batch goes to a new segment named by its first seq.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { fileLinks, nodeIo, syncDir, type JournalIo } from './io.js';
import { listSegments, segmentPath } from './segments.js';

export interface BatchTiming {
  readonly bytes: number;
  readonly writeMs: number;
  readonly syncMs: number;
}

export interface JournalWriterOptions {
  readonly dir: string;
  /** The segment to append to and the length of its valid records; null: create the first segment. */
  readonly tail: { readonly path: string; readonly validBytes: number } | null;
  /** Seq of the next record (lastSeq + 1). */
  readonly nextSeq: number;
  readonly segmentBytes?: number;
  /** false: skip fdatasync (tests and benchmarks that say so). */
  readonly fsync?: boolean;
  readonly io?: JournalIo;
}

export const DEFAULT_SEGMENT_BYTES = 256 * 1024 * 1024;

/**
 * The segment being appended to has no name left: it (or the journal
 * directory) was deleted while the server ran. Its records live only as
 * long as the open descriptor, so nothing written to it may be acknowledged.
 */
export class JournalUnlinkedError extends Error {
  override name = 'JournalUnlinkedError';
  constructor(readonly path: string) {
    super(
      `the journal file ${path} was removed while the server was running (it has no link left): ` +
        'nothing written to it since would survive a restart, so the batch is not acknowledged. ' +
        'Restore the journal directory from a backup (or move it back if it was moved) before restarting',
    );
  }
}

export class JournalWriter {
  private constructor(
    private readonly dir: string,
    private fh: FileHandle,
    private path: string,
    private size: number,
    private readonly segmentBytes: number,
    private readonly fsync: boolean,
    private readonly io: JournalIo,
  ) {}

  static async open(opts: JournalWriterOptions): Promise<JournalWriter> {
    const io = opts.io ?? nodeIo;
    const fsync = opts.fsync ?? true;
    const segmentBytes = opts.segmentBytes ?? DEFAULT_SEGMENT_BYTES;
    if (opts.tail === null) {
      const path = segmentPath(opts.dir, opts.nextSeq);
      const fh = await open(path, 'wx');
      if (fsync) await syncDir(opts.dir);
      return new JournalWriter(opts.dir, fh, path, 0, segmentBytes, fsync, io);
    }
    const { path, validBytes } = opts.tail;
    const fh = await open(path, 'r+');
    const { size } = await fh.stat();
    if (size > validBytes) {
      await fh.truncate(validBytes);
      await fh.sync();
    } else if (fsync) {
      // Never append after records that may only be in the page cache (recovery
      // already did this before replaying them: syncJournalTail).
      await io.sync(fh);
    }
    return new JournalWriter(opts.dir, fh, path, validBytes, segmentBytes, fsync, io);
  }

  /** The segment being appended to. */
  get file(): string {
    return this.path;
  }

  /** Bytes in the current segment. */
  get bytes(): number {
    return this.size;
  }

  /** Append `buf[0, len)` (whole records ending with seq `lastSeq`) and make it durable. */
  async append(buf: Buffer, len: number, lastSeq: number): Promise<BatchTiming> {
    const t0 = performance.now();
    const before = this.size;
    let t1 = t0;
    try {
      await this.io.write(this.fh, buf, len, before);
      t1 = performance.now();
      if (this.fsync) await this.io.sync(this.fh);
    } catch (err) {
      await this.undo(before);
      throw err;
    }
    // Once per batch, before it is acknowledged: a deleted segment still takes writes and syncs.
    if ((this.io.links ?? fileLinks)(this.fh) < 1) throw new JournalUnlinkedError(this.path);
    this.size = before + len;
    const t2 = performance.now();
    if (this.size >= this.segmentBytes) await this.roll(lastSeq + 1);
    return { bytes: len, writeMs: t1 - t0, syncMs: t2 - t1 };
  }

  /**
   * After a failed write or sync: cut the segment back to `size` and sync,
   * best effort. After a failed fdatasync Linux may mark the pages clean
   * ("fsyncgate"), so the batch could stay readable from the page cache and
   * a restart would replay (and build on) records that were never durable
   * nor acknowledged. The caller fails the sequencer either way.
   */
  private async undo(size: number): Promise<void> {
    try {
      await this.fh.truncate(size);
      if (this.fsync) await this.io.sync(this.fh);
    } catch {
      // Best effort: the append fails anyway, and recovery syncs the tail before replaying it.
    }
  }

  private async roll(nextSeq: number): Promise<void> {
    await this.fh.close();
    this.path = segmentPath(this.dir, nextSeq);
    this.fh = await open(this.path, 'wx');
    this.size = 0;
    if (this.fsync) await syncDir(this.dir);
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}

/**
 * Make the journal's last segment and the directory durable before recovery
 * reads them. A process that died between a batch's write and its fdatasync
 * left the batch in the page cache: a restart would replay it and serve
 * state built on it, and a later power loss could then lose what clients
 * have seen. Only the last segment can hold unsynced records (a segment is
 * rolled only after its last batch was synced).
 */
export async function syncJournalTail(dir: string, io: JournalIo = nodeIo): Promise<void> {
  const segments = listSegments(dir);
  const last = segments[segments.length - 1];
  if (last !== undefined) {
    const fh = await open(last.path, 'r+');
    try {
      await io.sync(fh);
    } finally {
      await fh.close();
    }
  }
  await syncDir(dir);
}
