/**
 * The credential helpers bound to one server key, in the shape the admin
 * API (http/admin AdminCredentials) and the demo seed expect.
 */
import { hashPassword } from './passwords.js';
import { encryptSecret } from './secret-box.js';
import { mintApiKey } from './tokens.js';

export interface BoundCredentials {
  hashPassword(password: string): Promise<string>;
  mintApiKey(): { readonly apiKey: string; readonly apiSecret: string };
  encryptSecret(secret: string): string;
}

export function credentialsFor(serverKey: Buffer): BoundCredentials {
  return {
    hashPassword,
    mintApiKey,
    encryptSecret: (secret) => encryptSecret(secret, serverKey),
  };
}
