/**
 * API keys of the logged-in person: list, create (the secret is shown
 * once, sealed at rest with the server key), revoke. Revoking a key ends
 * its tokens at once (authentication looks the key up on every request).
 * The list, and the refusal of a key that is not there, wait until every
 * key creation or revocation accepted so far is durable (ctx.registryDurable):
 * a revocation still in flight could be undone by a crash.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { encryptSecret, mintApiKey } from '../../app/auth/index.js';
import { ApiError } from '../api-error.js';
import { requireSession } from '../auth/session.js';
import type { HttpContext } from '../context.js';
import { collectParams } from '../params.js';
import { describeRequestsOnly } from '../schemas/common.js';
import { createApiKeySchema, listApiKeysSchema, revokeApiKeySchema } from '../schemas/account.js';
import { accepted } from './reject.js';

const ACCOUNT = { config: { rateClass: 'account' } } as const;
const MEMO_RE = /^[\p{L}\p{N} _.\-]{1,64}$/u;

function booleanParam(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

export function apiKeyRoutes(ctx: HttpContext) {
  const { engine, sequencer, config } = ctx.deps;
  return async function plugin(app: FastifyInstance): Promise<void> {
    describeRequestsOnly(app);
    app.get('/api/account/apikeys', { ...ACCOUNT, schema: listApiKeysSchema, preHandler: ctx.registryDurable }, async (request) => {
      const who = requireSession(ctx, request, false);
      return engine.apiKeysOf(who.accountId).map((k) => ({
        api_key: k.apiKey,
        memo: k.memo,
        require_signature: k.requireSignature,
        created_at: k.createdAt,
      }));
    });

    app.post('/api/account/apikeys', { ...ACCOUNT, schema: createApiKeySchema }, async (request) => {
      const who = requireSession(ctx, request, true);
      const params = collectParams(request);
      const memo = params.requireString('memo').trim();
      if (!MEMO_RE.test(memo)) throw new ApiError('INVALID_PARAMETER', "Parameter 'memo' must be 1 to 64 letters, digits, spaces, '_', '.' or '-'");
      const requireSignature = booleanParam(params.values.get('require_signature'));
      const { apiKey, apiSecret } = mintApiKey();
      const secretEnc = encryptSecret(apiSecret, config.serverKey);
      accepted(await sequencer.submit({ type: 'createApiKey', accountId: who.accountId, apiKey, secretEnc, memo, requireSignature }));
      return { api_key: apiKey, api_secret: apiSecret, memo, require_signature: requireSignature };
    });

    app.delete('/api/account/apikeys/:apiKey', { ...ACCOUNT, schema: revokeApiKeySchema }, async (request: FastifyRequest) => {
      const who = requireSession(ctx, request, true);
      const apiKey = (request.params as { apiKey: string }).apiKey;
      const key = engine.apiKey(apiKey);
      if (key === undefined || key.accountId !== who.accountId) {
        await sequencer.registryDurable(); // it may be gone by a revocation not yet durable
        throw new ApiError('APIKEY_NOT_FOUND');
      }
      accepted(await sequencer.submit({ type: 'revokeApiKey', accountId: who.accountId, apiKey }));
      return {};
    });
  };
}
