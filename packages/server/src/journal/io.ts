/**
 * The few file operations the journal writer needs, behind a port so tests
 * can count, delay or fail writes and syncs.
 */
import { open, type FileHandle } from 'node:fs/promises';

export interface JournalIo {
  /** Write all of `buf[0, len)` at `position`. */
  write(fh: FileHandle, buf: Buffer, len: number, position: number): Promise<void>;
  /** Make written data durable (fdatasync). */
  sync(fh: FileHandle): Promise<void>;
}

export const nodeIo: JournalIo = {
  async write(fh, buf, len, position) {
    let done = 0;
    while (done < len) {
      const { bytesWritten } = await fh.write(buf, done, len - done, position + done);
      if (bytesWritten <= 0) throw new Error(`write returned ${bytesWritten}`);
      done += bytesWritten;
    }
  },
  sync(fh) {
    return fh.datasync();
  },
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
