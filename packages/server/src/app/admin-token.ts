/**
 * The operator's admin token: OPENMART_ADMIN_TOKEN, or DATA_DIR/admin-token
 * (created at the first start, mode 0600). The server keeps only its
 * SHA-256 and compares presented tokens in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { readOrCreateSecretFile } from './secret-file.js';

export const ADMIN_TOKEN_FILE = 'admin-token';

export interface AdminTokenCheck {
  /** Where the token lives: 'env' or the file path. */
  readonly source: string;
  /** True when the file was created by this start. */
  readonly created: boolean;
  /** Constant-time check of a presented token. */
  verify(presented: string): boolean;
}

export function newAdminToken(): string {
  return `omadm_${randomBytes(32).toString('base64url')}`;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** A verifier that knows only the hash of `token`. */
export function adminTokenVerifier(token: string): (presented: string) => boolean {
  const expected = sha256(token);
  return (presented: string) => timingSafeEqual(sha256(presented), expected);
}

/** Load (or create) the admin token and keep only its hash. */
export function loadAdminToken(dataDir: string, fromEnv: string | null): AdminTokenCheck {
  if (fromEnv !== null) return { source: 'env', created: false, verify: adminTokenVerifier(fromEnv) };
  const path = join(dataDir, ADMIN_TOKEN_FILE);
  const file = readOrCreateSecretFile(path, newAdminToken, `delete ${path} and start again to create a new admin token (or set OPENMART_ADMIN_TOKEN)`);
  return { source: path, created: file.created, verify: adminTokenVerifier(file.value) };
}
