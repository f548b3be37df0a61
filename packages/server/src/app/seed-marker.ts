/**
 * Demo seeding survives an interrupted first start. Seeding runs before the
 * server listens, so while it runs the data directory holds nothing but
 * seed commands. A marker file is made durable before the first seed
 * command and removed once the demo credentials are saved; a start that
 * finds it knows the previous first start died while seeding, and starts
 * the exchange over (the paths it is given, i.e. journal, snapshots, query
 * store and demo credentials, are deleted; the server key and admin token
 * are kept), then seeds again.
 */
import { closeSync, existsSync, fsyncSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const SEEDING_MARKER = 'seeding-in-progress';

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Durably mark the data directory as being seeded. */
export function beginSeeding(dataDir: string): void {
  const fd = openSync(join(dataDir, SEEDING_MARKER), 'w', 0o600);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  syncDirectory(dataDir);
}

/** Seeding finished (its credentials are saved): remove the mark. */
export function endSeeding(dataDir: string): void {
  rmSync(join(dataDir, SEEDING_MARKER), { force: true });
  syncDirectory(dataDir);
}

/**
 * When the previous first start died while seeding, delete `paths` (what
 * seeding writes) and answer the ones that existed; else answer null and
 * touch nothing.
 */
export function resetInterruptedSeeding(dataDir: string, paths: readonly string[]): string[] | null {
  if (!existsSync(join(dataDir, SEEDING_MARKER))) return null;
  const removed = paths.filter((p) => existsSync(p));
  for (const p of removed) rmSync(p, { recursive: true, force: true });
  endSeeding(dataDir);
  return removed;
}
