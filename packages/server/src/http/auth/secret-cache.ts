/**
 * Opened API secrets, kept in memory per app so a signed request does not
 * pay an AES-GCM decryption each time. Keyed by the encrypted text (unique
 * per key: random IV), bounded (the oldest entry goes first). Secrets stay
 * encrypted at rest; only this process's memory holds them in the clear,
 * as it must to verify HMAC signatures.
 */
import { decryptSecret } from '../../app/auth/index.js';

const MAX_ENTRIES = 10_000;

export class SecretCache {
  private readonly opened = new Map<string, string>();

  constructor(private readonly serverKey: Buffer) {}

  /** The secret, or null when it cannot be opened with this server key. */
  open(secretEnc: string): string | null {
    const hit = this.opened.get(secretEnc);
    if (hit !== undefined) return hit;
    const secret = decryptSecret(secretEnc, this.serverKey);
    if (secret === null) return null;
    if (this.opened.size >= MAX_ENTRIES) {
      const oldest = this.opened.keys().next();
      if (oldest.done !== true) this.opened.delete(oldest.value);
    }
    this.opened.set(secretEnc, secret);
    return secret;
  }
}
