/**
 * Minting of opaque credentials. Everything random comes from
 * crypto.randomBytes; only SHA-256 digests of tokens and sessions are kept.
 */
import { randomBytes } from 'node:crypto';

/** A new API key: public id and secret, 32 lowercase hex chars each (as in the public docs). */
export function mintApiKey(): { apiKey: string; apiSecret: string } {
  return { apiKey: randomBytes(16).toString('hex'), apiSecret: randomBytes(16).toString('hex') };
}

/** A new access token or session token: 256 random bits, 64 hex chars. */
export function mintToken(): string {
  return randomBytes(32).toString('hex');
}
