/** Credential helpers for the HTTP layer, the admin API and the operator CLI. */
export { sha256Hex, hmacSha256, hmacSha256Hex, digestEquals, safeEqual } from './digest.js';
export { encryptSecret, decryptSecret, deriveKey } from './secret-box.js';
export { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH, DUMMY_PASSWORD_HASH } from './passwords.js';
export { mintApiKey, mintToken } from './tokens.js';
export { tokenClientSecret } from './client-secret.js';
export { credentialsFor, type BoundCredentials } from './credentials.js';
