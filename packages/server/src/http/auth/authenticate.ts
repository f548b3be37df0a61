/**
 * Authentication of the private Open API v2 endpoints, entirely
 * synchronous (see routes/orders.ts: nothing may be awaited between reading
 * a request and submitting its command):
 *   X-BM-AUTHORIZATION: Bearer <token>  -> a live token of a live API key
 *   X-BM-TIMESTAMP: <ms>                 -> within the window of server time
 *   X-BM-SIGNATURE (optional, or required by the key) -> verifies
 * Every failure is a 401 whose message contains "Unauthorized".
 */
import type { FastifyRequest } from 'fastify';
import { sha256Hex } from '../../app/auth/index.js';
import type { ApiKeyRecord } from '../../engine/types.js';
import { ApiError } from '../api-error.js';
import type { HttpContext } from '../context.js';
import type { RateClass } from '../deps.js';
import type { Params } from '../params.js';
import { verifySignature } from './signature.js';

export interface Principal {
  readonly accountId: number;
  readonly key: ApiKeyRecord;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * `params` are the signed parameters; `alsoSigned` other sets a client may
 * have signed instead (GET /v2/orders/{id}: with or without the path's
 * entrust_id).
 */
export function authenticate(ctx: HttpContext, request: FastifyRequest, params: Params, cls: RateClass, alsoSigned: readonly Params[] = []): Principal {
  const { engine, clock, config } = ctx.deps;
  const authorization = header(request, 'x-bm-authorization');
  if (authorization === undefined || authorization.trim() === '') {
    throw new ApiError('UNAUTHORIZED', 'Unauthorized: X-BM-AUTHORIZATION is missing');
  }
  const token = authorization.trim().replace(/^bearer\s+/i, '');

  const stamp = header(request, 'x-bm-timestamp')?.trim();
  if (stamp === undefined || !/^\d{1,16}$/.test(stamp)) throw new ApiError('MISSING_TIMESTAMP');
  const now = clock.now();
  if (Math.abs(Number(stamp) - now) > config.timestampWindowMs) throw new ApiError('EXPIRED_REQUEST');

  const record = engine.token(sha256Hex(token));
  if (record === undefined || record.expiresAt <= now) throw new ApiError('INVALID_TOKEN');
  const key = engine.apiKey(record.apiKey);
  if (key === undefined) throw new ApiError('INVALID_TOKEN');

  ctx.limiter.hit(cls, `key:${key.apiKey}`);

  const signature = header(request, 'x-bm-signature');
  if (signature !== undefined && signature.trim() !== '') {
    const secret = ctx.secrets.open(key.secretEnc);
    if (secret === null) {
      request.log.error({ apiKey: key.apiKey }, 'cannot open the API secret: was the server key changed?');
      throw new ApiError('INVALID_SIGNATURE');
    }
    if (!verifySignature(secret, [params, ...alsoSigned], signature)) throw new ApiError('INVALID_SIGNATURE');
  } else if (key.requireSignature) {
    throw new ApiError('SIGNATURE_REQUIRED');
  }
  return { accountId: key.accountId, key };
}
