import type { RejectCode, Rejected } from '../domain/index.js';

export function reject(code: RejectCode, message: string): Rejected {
  return { ok: false, code, message };
}
