/**
 * The few file operations the journal writer needs, behind a port so tests
 * can count, delay or fail writes and syncs.
 */
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface JournalIo {
  /** Write all of `buf[0, len)` at `position`. */
  write(fh: FileHandle, buf: Buffer, len: number, position: number): Promise<void>;
  /** Make written data durable (fdatasync). */
  sync(fh: FileHandle): Promise<void>;
  /**
   * Hard links of the open file (fstat's nlink): 0 once the file was
   * deleted while open. Optional; the writer falls back to `fileLinks`.
   */
  links?(fh: FileHandle): number;
}

/** fstat(fd).nlink: synchronous, one cheap syscall (the writer calls it once per batch). */
export function fileLinks(fh: FileHandle): number {
  return fstatSync(fh.fd).nlink;
}

/**
 * The write is synchronous: it only copies the batch into the page cache
 * (microseconds for a batch), and doing it in place saves the batch a trip
 * through the thread pool and one event-loop turn, which is most of its
 * latency when the loop is busy applying commands. The fdatasync, which
 * waits for the disk, runs in the thread pool.
 */
export const nodeIo: JournalIo = {
  async write(fh, buf, len, position) {
    let done = 0;
    while (done < len) {
      const n = writeSync(fh.fd, buf, done, len - done, position + done);
      if (n <= 0) throw new Error(`write returned ${n}`);
      done += n;
    }
  },
  sync(fh) {
    return fh.datasync();
  },
  links: fileLinks,
};

/** fsync a directory so that a create or rename in it is durable. */
export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * `mkdir -p dir`, and when that created directories, fsync the parent of
 * each so that the new entries survive a power loss (a journal or snapshot
 * file synced inside a directory whose own entry was lost would be lost too).
 */
export function mkdirDurable(dir: string, mode?: number): void {
  const first = mkdirSync(dir, { recursive: true, mode });
  if (first === undefined) return;
  for (let d = dir; ; d = dirname(d)) {
    const fd = openSync(dirname(d), 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (d === first || dirname(d) === d) break;
  }
}
