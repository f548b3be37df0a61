/**
 * Log-in CSRF guard for the requests that create a session or an account
 * without one (sign-up, log-in): a browser on another site could otherwise
 * post them with the attacker's credentials and log the victim into the
 * attacker's account. Browsers say where a request comes from: a request
 * marked `Sec-Fetch-Site: cross-site`, or with an `Origin` that is neither
 * this server's public URL nor the host it was sent to, is refused with
 * 403 FORBIDDEN. Clients that send neither header (curl, bots) pass.
 */
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../api-error.js';
import type { HttpContext } from '../context.js';

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export function refuseCrossSite(ctx: HttpContext, request: FastifyRequest): void {
  const site = header(request, 'sec-fetch-site');
  const origin = header(request, 'origin');
  if (site === 'cross-site') throw new ApiError('FORBIDDEN', 'Forbidden: cross-site request');
  if (origin === undefined) return;
  const host = header(request, 'host');
  const allowed = [originOf(ctx.deps.config.publicBaseUrl), host === undefined ? undefined : originOf(`${request.protocol}://${host}`)];
  if (!allowed.includes(originOf(origin) ?? '')) throw new ApiError('FORBIDDEN', 'Forbidden: cross-site request');
}
