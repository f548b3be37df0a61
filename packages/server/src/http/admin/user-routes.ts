/** Users, their API keys and balances. */
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { formatUnits } from '../../domain/index.js';
import type { ExchangeEngine, UserRecord } from '../../engine/types.js';
import { apiError } from '../api-error.js';
import type { BalanceReader } from '../deps.js';
import { ensureAccepted } from './errors.js';
import { allUsers, findUser } from './lookup.js';
import { ApiKeyBody, KeyParams, UserBody, UserParams } from './schemas.js';
import type { AdminOptions } from './types.js';

const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;

function userView(u: UserRecord): Record<string, unknown> {
  return { user_id: u.accountId, email: u.email, created_at: u.createdAt };
}

/** Every currency the account holds or held, in creation order, as of the last durable batch. */
export function balancesView(engine: ExchangeEngine, balances: BalanceReader, accountId: number): Array<Record<string, unknown>> {
  return engine.currencies().filter((c) => balances.held(accountId, c.id)).map((c) => {
    const b = balances.balance(accountId, c.id);
    return {
      currency: c.id,
      available: formatUnits(b.available, c.scale, false),
      frozen: formatUnits(b.frozen, c.scale, false),
    };
  });
}

export function userRoutes(app: FastifyInstance, opts: AdminOptions): void {
  const { engine, sink, credentials } = opts;

  app.get('/users', { schema: { tags: ['admin'], summary: 'List users' } }, async () => allUsers(engine).map(userView));

  app.post<{ Body: Static<typeof UserBody> }>(
    '/users',
    { schema: { tags: ['admin'], summary: 'Create a user (an account)', body: UserBody } },
    async (req) => {
      const email = req.body.email.trim().toLowerCase();
      if (!EMAIL_RE.test(email)) throw apiError('INVALID_PARAMETER', `Not an email address: ${req.body.email}`);
      const passwordHash = await credentials.hashPassword(req.body.password);
      const r = await sink.submit({ type: 'createUser', email, passwordHash });
      ensureAccepted(r.outcome);
      if (r.command.type !== 'createUser') throw new Error('sequencer answered another command');
      return { user_id: r.command.accountId, email };
    },
  );

  app.get<{ Params: Static<typeof UserParams> }>(
    '/users/:user',
    { schema: { tags: ['admin'], summary: 'One user with its API keys (never their secrets)', params: UserParams } },
    async (req) => {
      const u = findUser(engine, req.params.user);
      return {
        ...userView(u),
        api_keys: engine.apiKeysOf(u.accountId).map((k) => ({
          api_key: k.apiKey,
          memo: k.memo,
          require_signature: k.requireSignature,
          created_at: k.createdAt,
        })),
      };
    },
  );

  app.get<{ Params: Static<typeof UserParams> }>(
    '/users/:user/balances',
    { schema: { tags: ['admin'], summary: 'Balances of one user', params: UserParams } },
    async (req) => balancesView(engine, opts.balances, findUser(engine, req.params.user).accountId),
  );

  app.post<{ Params: Static<typeof UserParams>; Body: Static<typeof ApiKeyBody> }>(
    '/users/:user/apikeys',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create an API key; the answer holds the secret, shown this once',
        params: UserParams,
        body: ApiKeyBody,
      },
    },
    async (req) => {
      const u = findUser(engine, req.params.user);
      const { apiKey, apiSecret } = credentials.mintApiKey();
      const r = await sink.submit({
        type: 'createApiKey',
        accountId: u.accountId,
        apiKey,
        secretEnc: credentials.encryptSecret(apiSecret),
        memo: req.body.memo,
        requireSignature: req.body.require_signature ?? false,
      });
      ensureAccepted(r.outcome);
      return { api_key: apiKey, api_secret: apiSecret, memo: req.body.memo, user_id: u.accountId, email: u.email };
    },
  );

  app.delete<{ Params: Static<typeof KeyParams> }>(
    '/users/:user/apikeys/:apiKey',
    { schema: { tags: ['admin'], summary: 'Revoke an API key and its tokens', params: KeyParams } },
    async (req) => {
      const u = findUser(engine, req.params.user);
      const r = await sink.submit({ type: 'revokeApiKey', accountId: u.accountId, apiKey: req.params.apiKey });
      ensureAccepted(r.outcome);
      return {};
    },
  );
}
