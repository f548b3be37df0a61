/** Route schemas of the account routes of the web pages (/api/account/*, session cookie). */
import { WalletEntrySchema } from '@openmart/protocol';
import { Type } from '@sinclair/typebox';
import type { FastifySchema } from 'fastify';
import { errors, ok } from './common.js';

const tags = ['account'];
const CSRF = Type.Object({ 'X-CSRF-Token': Type.String({ description: 'csrf_token from log-in or /api/account/me' }) });
const Credentials = Type.Object({
  email: Type.String({ description: 'email address (lower-cased)' }),
  password: Type.String({ description: '8 to 1024 characters' }),
});

const ApiKeyView = Type.Object({
  api_key: Type.String(),
  memo: Type.String(),
  require_signature: Type.Boolean(),
  created_at: Type.Integer({ description: 'ms' }),
});

export const signupSchema: FastifySchema = {
  tags, summary: 'Sign up', description: 'Creates a user. Duplicate email: 400 (3017). From another site (Origin / Sec-Fetch-Site): 403.',
  body: Credentials,
  response: { 200: ok(Type.Object({ account_id: Type.Integer(), email: Type.String() }), 'the new user'), ...errors([403]) },
};

export const loginSchema: FastifySchema = {
  tags, summary: 'Log in', description: 'Sets the session cookie (openmart_session, HttpOnly, SameSite=Strict). Wrong email or password: 401. From another site (Origin / Sec-Fetch-Site): 403.',
  body: Credentials,
  response: {
    200: ok(Type.Object({ account_id: Type.Integer(), email: Type.String(), csrf_token: Type.String() }), 'the session\'s user and CSRF token'),
    ...errors([401, 403]),
  },
};

export const logoutSchema: FastifySchema = {
  tags, summary: 'Log out', description: 'Ends the session and clears the cookie.',
  headers: CSRF,
  response: { 200: ok(Type.Object({}, { additionalProperties: false }), 'always {}'), ...errors([401, 403]) },
};

export const meSchema: FastifySchema = {
  tags, summary: 'Who am I', description: 'The logged-in user.',
  response: {
    200: ok(
      Type.Object({ account_id: Type.Integer(), email: Type.String(), created_at: Type.Integer({ description: 'ms' }), csrf_token: Type.String() }),
      'the user',
    ),
    ...errors([401]),
  },
};

export const balancesSchema: FastifySchema = {
  tags, summary: 'Balances', description: 'Like GET /v2/wallet, for the logged-in user.',
  response: { 200: ok(Type.Array(WalletEntrySchema), 'balances'), ...errors([401]) },
};

export const listApiKeysSchema: FastifySchema = {
  tags, summary: 'API keys', description: 'The user\'s API keys (never their secrets).',
  response: { 200: ok(Type.Array(ApiKeyView), 'API keys'), ...errors([401]) },
};

export const createApiKeySchema: FastifySchema = {
  tags, summary: 'Create an API key', description: 'The secret is in this answer only.',
  headers: CSRF,
  body: Type.Object({
    memo: Type.String({ description: "1 to 64 letters, digits, spaces, '_', '.' or '-'" }),
    require_signature: Type.Optional(Type.Boolean({ description: 'require X-BM-SIGNATURE on every request of this key' })),
  }),
  response: {
    200: ok(
      Type.Object({ api_key: Type.String(), api_secret: Type.String(), memo: Type.String(), require_signature: Type.Boolean() }),
      'the new key with its secret',
    ),
    ...errors([401, 403]),
  },
};

export const revokeApiKeySchema: FastifySchema = {
  tags, summary: 'Revoke an API key', description: 'Revokes an own key and ends its tokens at once. Anyone else\'s: 404.',
  headers: CSRF,
  params: Type.Object({ apiKey: Type.String() }),
  response: { 200: ok(Type.Object({}, { additionalProperties: false }), 'always {}'), ...errors([401, 403, 404]) },
};
