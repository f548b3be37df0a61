/**
 * Small files of secrets in the data directory (admin token, server key):
 * created once with mode 0600 (exclusive create, so two starting processes
 * cannot both write one), read back on later starts. A file that is
 * readable by group or others is reported, not silently used.
 */
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SecretFile {
  readonly value: string;
  /** True when this call created the file. */
  readonly created: boolean;
}

/** Read the file, or create it with `make()` (mode 0600) when absent. */
export function readOrCreateSecretFile(path: string, make: () => string): SecretFile {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    const fd = openSync(path, 'wx', 0o600);
    const value = make();
    try {
      writeSync(fd, `${value}\n`);
    } finally {
      closeSync(fd);
    }
    chmodSync(path, 0o600);
    return { value, created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return { value: readSecretFile(path), created: false };
}

/** Read a secret file (trimmed); throws when it is empty or readable by group/others. */
export function readSecretFile(path: string): string {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`${path} has mode ${mode.toString(8).padStart(4, '0')}; it must not be readable by group or others (chmod 600 ${path})`);
  }
  const value = readFileSync(path, 'utf8').trim();
  if (value === '') throw new Error(`${path} is empty`);
  return value;
}

/** Write a new file with mode 0600; fails when it exists. */
export function writeSecretFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(path, 0o600);
}
