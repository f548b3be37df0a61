/**
 * `openmart serve` started in this process on a fresh temp data dir (no
 * demo data, fsync off, rate limits off, silent), for the admin API tests:
 * the admin token is the one the server generated in its data dir.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/app/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { readAdminToken } from '../e2e/support.js';

export interface InProcessServer {
  readonly dir: string;
  readonly server: RunningServer;
  readonly token: string;
  /** Stop the server and remove its data dir. */
  close(): Promise<void>;
}

export async function startInProcessServer(prefix: string): Promise<InProcessServer> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const config = loadConfig({ DATA_DIR: dir, PORT: '0', SEED_DEMO: '0', FSYNC: '0', LOG_LEVEL: 'silent', RATE_LIMITS: 'off' });
  const server = await startServer({ config, console: () => undefined });
  return {
    dir,
    server,
    token: readAdminToken(dir),
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
