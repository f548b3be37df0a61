/**
 * The data directory holds every user's email, password hash, encrypted
 * API secrets and order history: only the server's own user may read it.
 * Files the server creates get no group/other bits (umask 077 for the
 * process: the journal, snapshots and the SQLite files alike, whichever
 * thread creates them), files left by an earlier version are tightened the
 * same way, and a data directory that others may enter is reported (it is
 * the operator's: not changed, only named).
 */
import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const GROUP_OTHER = 0o077;

/** Files and directories created from now on by this process: owner only. */
export function restrictNewFiles(): void {
  process.umask(GROUP_OTHER);
}

/**
 * Removes group/other bits from the data directory's own entries (files,
 * and one level below for the journal and snapshot directories); returns
 * the paths it changed. Symbolic links are left alone.
 */
export function tightenDataDir(dataDir: string, subdirs: readonly string[]): string[] {
  const changed: string[] = [];
  const tighten = (path: string): void => {
    const st = lstatSync(path, { throwIfNoEntry: false });
    if (st === undefined || st.isSymbolicLink() || (st.mode & GROUP_OTHER) === 0) return;
    chmodSync(path, st.mode & 0o7700);
    changed.push(path);
  };
  for (const name of readdirSync(dataDir)) tighten(join(dataDir, name));
  for (const dir of subdirs) {
    if (lstatSync(dir, { throwIfNoEntry: false })?.isDirectory() !== true) continue;
    for (const name of readdirSync(dir)) tighten(join(dir, name));
  }
  return changed;
}

/** A warning when others may enter or list the data directory itself, else null. */
export function dataDirWarning(dataDir: string): string | null {
  const mode = lstatSync(dataDir).mode & 0o777;
  if ((mode & GROUP_OTHER) === 0) return null;
  return `the data directory ${dataDir} is mode ${mode.toString(8)}: others can list it (its files are owner-only); chmod 700 it`;
}
