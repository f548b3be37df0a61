/**
 * One server per data directory, enforced by an OS lock.
 *
 * DATA_DIR/lock.db is an (empty) SQLite database in which the server holds
 * a write transaction (`BEGIN IMMEDIATE`, no busy wait) open for as long as
 * it runs: SQLite's RESERVED lock, a POSIX advisory lock on one byte of the
 * file that only one connection can hold. A second holder fails at once
 * with SQLITE_BUSY, whether it is another process or another connection in
 * this process (SQLite keys its locks by inode, so another path to the same
 * directory is refused as well), and the kernel drops the lock when the
 * process dies, SIGKILL included: no stale lock is ever left behind.
 * (Not `BEGIN EXCLUSIVE`: going from SHARED to EXCLUSIVE waits for other
 * connections' SHARED locks, so two racing starters without a busy wait
 * could both be refused. Taking RESERVED is a single test-and-set: of any
 * number of racers exactly one wins. Nothing is ever written, so no one
 * asks for EXCLUSIVE.)
 *
 * DATA_DIR/LOCK holds the pid of the holder, written only once the lock
 * is held and removed before it is released. It is information for the
 * refusal message and for operators; nothing is decided from it. (Earlier
 * versions used LOCK alone as a pid-file "lock"; such a file is simply
 * replaced by the new holder.)
 *
 * Never open lock.db other than through this module: closing any other
 * descriptor of that file in the holding process would drop its POSIX lock.
 */
import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** The locked SQLite file: never deleted (a holder may have it open). */
export const LOCK_DB_FILE = 'lock.db';
/** The holder's pid, for messages only. */
export const LOCK_PID_FILE = 'LOCK';

/** Held connections: kept reachable so that garbage collection cannot close one. */
const held = new Set<Database.Database>();

/** Thrown when another process (or this one) already holds the data directory. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number | null,
  ) {
    const by =
      holderPid === null ? 'another process' : holderPid === process.pid ? `this process (${holderPid})` : `process ${holderPid}`;
    super(`data directory ${dataDir} is in use by ${by}: one server per data directory (${join(dataDir, LOCK_DB_FILE)} is locked)`);
    this.name = 'DataDirLockedError';
  }
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** The pid in LOCK, or null when it is missing, being written, or not a pid. */
function readHolderPid(dataDir: string): number | null {
  try {
    const text = readFileSync(join(dataDir, LOCK_PID_FILE), 'utf8').trim();
    const pid = Number(text);
    return /^[0-9]+$/.test(text) && Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Takes the data directory's lock; returns its release function (safe to
 * call more than once). Throws DataDirLockedError when the lock is held,
 * by another process or already by this one.
 */
export function lockDataDir(dataDir: string): () => void {
  const dbPath = join(dataDir, LOCK_DB_FILE);
  const db = new Database(dbPath, { timeout: 0 });
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (err) {
    // Closing this connection keeps the holder's lock (SQLite defers closing a descriptor whose inode it still locks).
    db.close();
    if (isBusy(err)) throw new DataDirLockedError(dataDir, readHolderPid(dataDir));
    throw new Error(`cannot lock the data directory through ${dbPath}: ${(err as Error).message}`, { cause: err });
  }
  held.add(db);
  let released = false;
  const pidPath = join(dataDir, LOCK_PID_FILE);
  // Written aside and renamed: a refused starter reads a whole pid or the previous file, never a torn one.
  const tmp = `${pidPath}.${process.pid}.tmp`;
  let step = `chmod ${dbPath}`;
  try {
    // chmod, never open: a created-by-SQLite file under a looser umask becomes owner-only.
    chmodSync(dbPath, 0o600);
    step = `write ${tmp}`;
    writeFileSync(tmp, `${process.pid}\n`, { mode: 0o600 });
    step = `rename ${tmp} to ${pidPath}`;
    renameSync(tmp, pidPath);
  } catch (err) {
    // A write that failed (ENOSPC) may have left the file, empty or torn: nothing may stay behind.
    try {
      rmSync(tmp, { force: true });
    } catch {
      /* reported below: the step that failed matters more */
    }
    held.delete(db);
    db.close();
    // Write errors do not name their file ("ENOSPC: no space left on device, write"): say which.
    const e: NodeJS.ErrnoException = new Error(`cannot ${step} while locking the data directory: ${(err as Error).message}`, { cause: err });
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== undefined) e.code = code;
    throw e;
  }
  return () => {
    if (released) return;
    released = true;
    try {
      // Removed while the lock is still held: only the holder ever writes or removes it.
      rmSync(pidPath, { force: true });
    } catch {
      /* informational file only */
    }
    held.delete(db);
    db.close();
  };
}
