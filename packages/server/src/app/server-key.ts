/**
 * The server key encrypts API secrets at rest (they are stored encrypted in
 * the journal and snapshots, because the server must recompute HMACs with
 * them). OPENMART_SERVER_KEY, or DATA_DIR/server-key created at the first
 * start (32 random bytes, hex, mode 0600). Losing the key makes every
 * existing API key unusable: back it up with the data directory.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { parseServerKey } from './config.js';
import { readOrCreateSecretFile } from './secret-file.js';

export const SERVER_KEY_FILE = 'server-key';

export interface ServerKey {
  readonly key: Buffer;
  readonly source: string;
  readonly created: boolean;
}

export function loadServerKey(dataDir: string, fromEnv: Buffer | null): ServerKey {
  if (fromEnv !== null) return { key: fromEnv, source: 'env', created: false };
  const path = join(dataDir, SERVER_KEY_FILE);
  // Never replaced by a new key on its own: that would make every stored API secret unusable.
  const todo =
    'the server will not replace it by itself. If no API key was ever created with this data directory, ' +
    `delete ${path} and start again to create a new key; otherwise restore the file from a backup ` +
    '(or set OPENMART_SERVER_KEY to the key): with a new key every stored API secret is unusable';
  const file = readOrCreateSecretFile(path, () => randomBytes(32).toString('hex'), todo);
  const key = parseServerKey(file.value);
  if (key === null) throw new Error(`${path} does not hold a 32-byte key (64 hex characters); ${todo}`);
  return { key, source: path, created: file.created };
}
