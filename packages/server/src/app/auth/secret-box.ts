/**
 * API secrets at rest: AES-256-GCM under a key derived from the operator's
 * server key (32 bytes, app/server-key.ts). The engine and the journal only ever see
 * the sealed text `v1.<iv>.<tag>.<ciphertext>` (base64url parts); the HTTP
 * layer opens it to verify signatures. Losing the server key makes every
 * stored API secret unusable (keys must then be re-created); changing it
 * likewise. See docs/api.md "Key management".
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/** Derive a 32-byte purpose-bound key from the server key (HKDF-SHA256). */
export function deriveKey(serverKey: Buffer, purpose: string): Buffer {
  if (serverKey.length < 16) throw new Error('the server key must be at least 16 bytes');
  return Buffer.from(hkdfSync('sha256', serverKey, Buffer.from('openmart', 'utf8'), Buffer.from(purpose, 'utf8'), 32));
}

const keyCache = new WeakMap<Buffer, Buffer>();
function secretKey(serverKey: Buffer): Buffer {
  let key = keyCache.get(serverKey);
  if (key === undefined) {
    key = deriveKey(serverKey, 'api-secret-encryption');
    keyCache.set(serverKey, key);
  }
  return key;
}

/** Seal an API secret for storage (random 96-bit IV per call). */
export function encryptSecret(secret: string, serverKey: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secretKey(serverKey), iv);
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
}

/** Open a sealed secret; null when the text is malformed or was sealed under another key. */
export function decryptSecret(sealed: string, serverKey: Buffer): string | null {
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) return null;
  try {
    const iv = Buffer.from(parts[1] ?? '', 'base64url');
    const tag = Buffer.from(parts[2] ?? '', 'base64url');
    const data = Buffer.from(parts[3] ?? '', 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', secretKey(serverKey), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
