/** `Authorization: Bearer <admin token>`, checked in constant time; 401 ADMIN_UNAUTHORIZED otherwise. */
import type { FastifyRequest } from 'fastify';
import { apiError } from '../api-error.js';

export function adminAuthHook(verify: (presented: string) => boolean) {
  return async (req: FastifyRequest): Promise<void> => {
    const header = req.headers.authorization;
    const m = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (m === null || !verify(m[1] as string)) throw apiError('ADMIN_UNAUTHORIZED');
  };
}
