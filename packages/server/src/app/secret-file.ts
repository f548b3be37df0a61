/**
 * Small files of secrets in the data directory (admin token, server key):
 * created once with mode 0600, read back on later starts. A file that is
 * readable by group or others is reported, not silently used.
 *
 * Creation is durable and all-or-nothing: the content goes to a temporary
 * file (0600) that is fsynced and then hard-linked to the final name
 * (link never replaces an existing file, so two starting processes cannot
 * both create one, and an existing key is never overwritten), then the
 * directory is fsynced. So the file is either absent or complete, also after
 * a SIGKILL or a power loss, and it is on disk before anything sealed with it
 * (API secrets in the journal) can be acknowledged. A start killed between
 * the link and the removal of the temporary file leaves that file behind
 * (`.<name>.<pid>.<random>.tmp`, mode 0600); it can be deleted.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, linkSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { mkdirDurable } from '../journal/index.js';

export interface SecretFile {
  readonly value: string;
  /** True when this call created the file. */
  readonly created: boolean;
}

/**
 * Read the file, or create it with `make()` (mode 0600) when absent.
 * `ifUnusable`: what the operator should do when the file exists but is empty
 * (left so by versions that created it without fsync), added to the error.
 */
export function readOrCreateSecretFile(path: string, make: () => string, ifUnusable?: string): SecretFile {
  const value = make();
  if (createFileDurably(path, `${value}\n`)) return { value, created: true };
  return { value: readSecretFile(path, ifUnusable), created: false };
}

/** Read a secret file (trimmed); throws when it is empty or readable by group/others. */
export function readSecretFile(path: string, ifUnusable?: string): string {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`${path} has mode ${mode.toString(8).padStart(4, '0')}; it must not be readable by group or others (chmod 600 ${path})`);
  }
  const value = readFileSync(path, 'utf8').trim();
  if (value === '') {
    throw new Error(`${path} is empty (a first start interrupted while creating it can leave it so)${ifUnusable === undefined ? '' : `; ${ifUnusable}`}`);
  }
  return value;
}

/** Write a new file with mode 0600, durably; fails (EEXIST) when it exists. */
export function writeSecretFile(path: string, content: string): void {
  if (!createFileDurably(path, content)) {
    throw Object.assign(new Error(`EEXIST: file already exists, ${path}`), { code: 'EEXIST', path });
  }
}

/** Hard links unsupported by the file system: fall back to an exclusive create in place. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/** Create `path` (0600) holding `content`, durably and all-or-nothing; false when it already exists. */
function createFileDurably(path: string, content: string): boolean {
  const dir = dirname(path);
  mkdirDurable(dir, 0o700);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeSynced(tmp, content);
    try {
      linkSync(tmp, path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code === undefined || !NO_LINKS.has(code)) throw err;
      try {
        writeSynced(path, content);
      } catch (err2) {
        if ((err2 as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw err2;
      }
    }
  } finally {
    rmSync(tmp, { force: true });
  }
  fsyncDir(dir);
  return true;
}

/** Exclusive create with mode 0600, write everything, fsync. */
function writeSynced(path: string, content: string): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeFileSync(fd, content);
    fsyncSync(fd);
  } catch (err) {
    rmSync(path, { force: true }); // created just above: never leave it partial
    throw err;
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
