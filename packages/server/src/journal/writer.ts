/**
 * The append side of the journal: one write and one fdatasync per batch, at
 * the end of the last segment. When a segment reaches `segmentBytes` after a
 * batch, the next batch goes to a new segment named by its first seq.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { nodeIo, syncDir, type JournalIo } from './io.js';
import { segmentPath } from './segments.js';

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
    await this.io.write(this.fh, buf, len, this.size);
    this.size += len;
    const t1 = performance.now();
    if (this.fsync) await this.io.sync(this.fh);
    const t2 = performance.now();
    if (this.size >= this.segmentBytes) await this.roll(lastSeq + 1);
    return { bytes: len, writeMs: t1 - t0, syncMs: t2 - t1 };
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
