/**
 * One server per data directory: DATA_DIR/LOCK holds the pid of the
 * running server. A lock left by a process that no longer runs (a crash,
 * SIGKILL) is taken over; a live one is refused.
 */
import { openSync, readFileSync, rmSync, writeFileSync, closeSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'LOCK';

function alive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the lock; returns its release function. Throws when another live process holds it. */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  try {
    const fd = openSync(path, 'wx', 0o600);
    try {
      writeSync(fd, `${process.pid}\n`);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const pid = Number(readFileSync(path, 'utf8').trim());
    if (alive(pid)) throw new Error(`data directory ${dataDir} is in use by process ${pid} (${path})`);
    writeFileSync(path, `${process.pid}\n`, { mode: 0o600 });
  }
  return () => {
    try {
      if (Number(readFileSync(path, 'utf8').trim()) === process.pid) rmSync(path);
    } catch {
      /* already gone */
    }
  };
}
