/**
 * Hashing and comparison primitives shared by every credential check:
 * SHA-256 of opaque tokens, HMAC-SHA256 signatures, constant-time equality.
 * All synchronous (the order path must not await between reading a request
 * and submitting its command).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Lowercase hex SHA-256 of a UTF-8 string (how tokens and sessions are stored). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Lowercase hex HMAC-SHA256 of `message`, keyed by `key` (UTF-8 text or raw bytes). */
export function hmacSha256Hex(key: string | Buffer, message: string): string {
  return createHmac('sha256', key).update(message, 'utf8').digest('hex');
}

/** The 32 bytes of HMAC-SHA256 of `message`, keyed by `key`. */
export function hmacSha256(key: string | Buffer, message: string): Buffer {
  return createHmac('sha256', key).update(message, 'utf8').digest();
}

/** Constant-time equality of two digests of the same algorithm (equal, public lengths). */
export function digestEquals(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Constant-time string equality. Both sides are hashed first so the
 * comparison runs on equal-length buffers whatever the inputs' lengths
 * (timingSafeEqual throws on unequal lengths, and an early length check
 * would leak the expected length).
 */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}
