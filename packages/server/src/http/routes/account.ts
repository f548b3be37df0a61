/**
 * Accounts of people (JSON; the web pages use these): sign up, log in,
 * log out, who am I, balances. Passwords are hashed with scrypt; log-in is
 * rate-limited per IP and per email (class `login`); sign-up and log-in
 * from another site are refused (auth/same-origin.ts). Who-am-I and the
 * balances (every currency) read the registry: they first wait until every
 * registry change accepted so far is durable (ctx.registryDurable).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DUMMY_PASSWORD_HASH, hashPassword, MIN_PASSWORD_LENGTH, mintToken, sha256Hex, verifyPassword } from '../../app/auth/index.js';
import type { CreateUser } from '../../domain/index.js';
import { ApiError } from '../api-error.js';
import { refuseCrossSite } from '../auth/same-origin.js';
import { clearSessionCookie, csrfTokenOf, requireSession, sessionCookie } from '../auth/session.js';
import type { HttpContext } from '../context.js';
import { walletWire } from '../format.js';
import { collectParams } from '../params.js';
import { describeRequestsOnly } from '../schemas/common.js';
import { balancesSchema, loginSchema, logoutSchema, meSchema, signupSchema } from '../schemas/account.js';
import { accepted } from './reject.js';

const EMAIL_RE = /^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]{1,60}$/;
const MAX_PASSWORD_LENGTH = 1024;
const LOGIN = { config: { rateClass: 'login' } } as const;
const ACCOUNT = { config: { rateClass: 'account' } } as const;

/** Credentials travel in the body only: a query string ends up in proxy logs and browser history. */
function bodyOnly(request: FastifyRequest): void {
  const query = request.query;
  if (typeof query !== 'object' || query === null) return;
  for (const name of ['email', 'password']) {
    if (Object.hasOwn(query, name)) throw new ApiError('INVALID_PARAMETER', `Parameter '${name}' is accepted in the request body only, not in the query string`);
  }
}

function normalEmail(text: string): string {
  const email = text.trim().toLowerCase();
  if (!EMAIL_RE.test(email)) throw new ApiError('INVALID_PARAMETER', "Parameter 'email' must be an email address");
  return email;
}

export function accountRoutes(ctx: HttpContext) {
  const { engine, sequencer, clock, config } = ctx.deps;
  return async function plugin(app: FastifyInstance): Promise<void> {
    describeRequestsOnly(app);
    app.post('/api/account/signup', { ...LOGIN, schema: signupSchema }, async (request) => {
      refuseCrossSite(ctx, request);
      bodyOnly(request);
      const params = collectParams(request);
      const email = normalEmail(params.requireString('email'));
      const password = params.requireString('password');
      if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
        throw new ApiError('INVALID_PARAMETER', `The password must have ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`);
      }
      // No look-up before the command: a taken email is the engine's rejection, answered once its batch is durable
      // (never on the strength of a sign-up still in flight), and a taken email costs the same scrypt as a new one.
      const passwordHash = await hashPassword(password);
      const submitted = accepted(await sequencer.submit({ type: 'createUser', email, passwordHash }));
      return { account_id: (submitted.command as CreateUser).accountId, email };
    });

    app.post('/api/account/login', { ...LOGIN, schema: loginSchema }, async (request, reply) => {
      refuseCrossSite(ctx, request);
      bodyOnly(request);
      const params = collectParams(request);
      const email = params.requireString('email').trim().toLowerCase();
      const password = params.requireString('password');
      // Per email only failures are counted: guessing is slowed, a user who logs in is never limited by it.
      const failures = `email:${email}`;
      ctx.limiter.check('login', failures);
      const user = engine.userByEmail(email);
      const ok = await verifyPassword(password.slice(0, MAX_PASSWORD_LENGTH), user?.passwordHash ?? DUMMY_PASSWORD_HASH);
      if (user === undefined || !ok) {
        ctx.limiter.record('login', failures);
        throw new ApiError('LOGIN_FAILED');
      }
      const token = mintToken();
      const sessionHash = sha256Hex(token);
      const ttl = config.sessionTtlSeconds;
      accepted(await sequencer.submit({ type: 'createSession', accountId: user.accountId, sessionHash, expiresAt: clock.now() + ttl * 1000 }));
      void reply.header('set-cookie', sessionCookie(ctx, token, ttl));
      return { account_id: user.accountId, email: user.email, csrf_token: csrfTokenOf(ctx, sessionHash) };
    });

    app.post('/api/account/logout', { ...ACCOUNT, schema: logoutSchema }, async (request, reply) => {
      const who = requireSession(ctx, request, true);
      accepted(await sequencer.submit({ type: 'endSession', sessionHash: who.sessionHash }));
      clearSessionCookie(ctx, reply);
      return {};
    });

    app.get('/api/account/me', { ...ACCOUNT, schema: meSchema, preHandler: ctx.registryDurable }, async (request) => {
      const who = requireSession(ctx, request, false);
      const user = engine.user(who.accountId);
      if (user === undefined) throw new ApiError('NOT_LOGGED_IN');
      return { account_id: user.accountId, email: user.email, created_at: user.createdAt, csrf_token: who.csrfToken };
    });

    app.get('/api/account/balances', { ...ACCOUNT, schema: balancesSchema, preHandler: ctx.registryDurable }, async (request) => {
      const who = requireSession(ctx, request, false);
      return walletWire(engine, ctx.deps.balances, who.accountId);
    });
  };
}
