/**
 * POST /v2/authentication: client credentials -> access token.
 * Parameters from a form body, a JSON body or the query string.
 * client_secret is the API secret itself (seed revision) or
 * hex HMAC-SHA256(secret, `apiKey:secret:memo`) (later revision).
 * Only the token's SHA-256 is journaled (issueToken), so tokens survive
 * restarts. Limited per IP and per client_id (class `token`).
 */
import type { FastifyInstance } from 'fastify';
import type { Token } from '@openmart/protocol';
import { mintToken, safeEqual, sha256Hex, tokenClientSecret } from '../../app/auth/index.js';
import { ApiError } from '../api-error.js';
import type { HttpContext } from '../context.js';
import { collectParams } from '../params.js';
import { describeRequestsOnly } from '../schemas/common.js';
import { tokenSchema } from '../schemas/private.js';
import { accepted } from './reject.js';

export function tokenRoutes(ctx: HttpContext) {
  const { engine, sequencer, clock, config } = ctx.deps;
  return async function plugin(app: FastifyInstance): Promise<void> {
    describeRequestsOnly(app);
    app.post('/v2/authentication', { config: { rateClass: 'token' }, schema: tokenSchema }, async (request): Promise<Token> => {
      const params = collectParams(request);
      if (params.optionalString('grant_type') !== 'client_credentials') throw new ApiError('UNSUPPORTED_GRANT_TYPE');
      const clientId = params.requireString('client_id');
      const clientSecret = params.requireString('client_secret');
      // The per-key budget counts tokens issued, so someone without the secret cannot spend it (and lock the key's owner out);
      // failed attempts are limited per IP (the class limit every request of this route passes).
      const budget = `key:${clientId}`;
      ctx.limiter.check('token', budget);

      const key = engine.apiKey(clientId);
      const secret = key === undefined ? null : ctx.secrets.open(key.secretEnc);
      if (key !== undefined && secret === null) request.log.error({ apiKey: key.apiKey }, 'cannot open the API secret: was the server key changed?');
      const given = clientSecret.trim();
      if (key === undefined || secret === null) throw new ApiError('INVALID_CREDENTIALS');
      // For a known key both comparisons always run (constant time whichever form the client used).
      const plainOk = safeEqual(given, secret);
      const hmacOk = safeEqual(given.toLowerCase(), tokenClientSecret(key.apiKey, secret, key.memo));
      if (!plainOk && !hmacOk) throw new ApiError('INVALID_CREDENTIALS');
      ctx.limiter.hit('token', budget);

      const token = mintToken();
      const ttl = config.tokenTtlSeconds;
      accepted(await sequencer.submit({ type: 'issueToken', apiKey: key.apiKey, tokenHash: sha256Hex(token), expiresAt: clock.now() + ttl * 1000 }));
      return { access_token: token, expires_in: ttl };
    });
  };
}
