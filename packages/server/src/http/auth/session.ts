/**
 * Web sessions of people (the Account page): an HttpOnly, SameSite=Strict
 * cookie carrying a random token whose SHA-256 is journaled
 * (createSession). State-changing requests made with a session must carry
 * `X-CSRF-Token`: HMAC-SHA256 of the session hash under a key derived from
 * the server key (synchronizer token, returned by login and /me).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hmacSha256Hex, safeEqual, sha256Hex } from '../../app/auth/index.js';
import { ApiError } from '../api-error.js';
import type { HttpContext } from '../context.js';

export const SESSION_COOKIE = 'openmart_session';

export interface SessionPrincipal {
  readonly accountId: number;
  readonly sessionHash: string;
  readonly csrfToken: string;
}

/** The value of one cookie from the Cookie header, or undefined. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function csrfTokenOf(ctx: HttpContext, sessionHash: string): string {
  return hmacSha256Hex(ctx.csrfKey, `csrf:${sessionHash}`);
}

export function sessionCookie(ctx: HttpContext, token: string, maxAgeSeconds: number): string {
  const secure = ctx.deps.config.secureCookies ? '; Secure' : '';
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

export function clearSessionCookie(ctx: HttpContext, reply: FastifyReply): void {
  void reply.header('set-cookie', sessionCookie(ctx, '', 0));
}

/**
 * The logged-in account of a request, or 401 NOT_LOGGED_IN. With
 * `stateChanging`, the CSRF token must match too (403 CSRF_FAILED).
 */
export function requireSession(ctx: HttpContext, request: FastifyRequest, stateChanging: boolean): SessionPrincipal {
  const token = readCookie(request, SESSION_COOKIE);
  if (token === undefined || token === '') throw new ApiError('NOT_LOGGED_IN');
  const sessionHash = sha256Hex(token);
  const session = ctx.deps.engine.session(sessionHash);
  if (session === undefined || session.expiresAt <= ctx.deps.clock.now()) throw new ApiError('NOT_LOGGED_IN');
  const csrfToken = csrfTokenOf(ctx, sessionHash);
  if (stateChanging) {
    const given = request.headers['x-csrf-token'];
    const text = Array.isArray(given) ? given[0] : given;
    if (text === undefined || !safeEqual(text, csrfToken)) throw new ApiError('CSRF_FAILED');
  }
  ctx.limiter.hit('account', `acct:${session.accountId}`);
  return { accountId: session.accountId, sessionHash, csrfToken };
}
