/**
 * Password hashing with scrypt (node:crypto), random 16-byte salt, stored as
 * self-describing text: `scrypt$N=16384,r=8,p=1$<salt b64url>$<hash b64url>`.
 * Verification reads the parameters back from the text, so they can be
 * raised later without breaking existing hashes.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

/** Minimum password length accepted at sign-up. */
export const MIN_PASSWORD_LENGTH = 8;

function scryptAsync(password: string, salt: Buffer, n: number, r: number, p: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keylen, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, N, R, P, KEYLEN);
  return `scrypt$N=${N},r=${R},p=${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

const HASH_RE = /^scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/** True when `password` matches `stored`; false for a wrong password or an unreadable hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = HASH_RE.exec(stored);
  if (!m) return false;
  const n = Number(m[1]);
  const r = Number(m[2]);
  const p = Number(m[3]);
  if (n < 2 || n > 1 << 20 || r < 1 || r > 32 || p < 1 || p > 16) return false;
  const salt = Buffer.from(m[4] ?? '', 'base64url');
  const expected = Buffer.from(m[5] ?? '', 'base64url');
  if (expected.length < 16) return false;
  const actual = await scryptAsync(password, salt, n, r, p, expected.length);
  return timingSafeEqual(actual, expected);
}

/** A hash no password matches, to spend the same time when the email is unknown. */
export const DUMMY_PASSWORD_HASH = `scrypt$N=${N},r=${R},p=${P}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEYLEN).toString('base64url')}`;
