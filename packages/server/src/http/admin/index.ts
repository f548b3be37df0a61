/**
 * The operator's admin API, a fastify plugin mounted under /admin (through
 * buildApp's `plugins`, so it shares the app's error handling). Every route
 * needs `Authorization: Bearer <admin token>`; every change goes through the
 * sequencer as a command, like any other. Every read (GET) first waits
 * until every registry change accepted so far (currency, market, user, API
 * key) is durable: the lists and look-ups read the engine, which can be one
 * batch ahead of the journal. Request bodies are validated against the
 * route schemas without coercion, and decimals are read exactly as sent,
 * JSON numbers included (validation.ts, decimals.ts).
 */
import type { FastifyInstance } from 'fastify';
import { registryBarrier } from '../context.js';
import { adminAuthHook } from './auth.js';
import { feeRoutes } from './fee-routes.js';
import { fundsRoutes } from './funds-routes.js';
import { registryRoutes } from './registry-routes.js';
import type { AdminOptions } from './types.js';
import { userRoutes } from './user-routes.js';
import { validateWithoutCoercion } from './validation.js';

export type { AdminCredentials, AdminOptions } from './types.js';

export async function adminPlugin(app: FastifyInstance, opts: AdminOptions): Promise<void> {
  app.addHook('onRequest', adminAuthHook(opts.verifyToken));
  // Request schemas are checked as they are: no value is coerced into another type (validation.ts).
  validateWithoutCoercion(app);
  const registryDurable = registryBarrier(opts.sink);
  app.addHook('preHandler', function readsAfterRegistry(request, reply, done) {
    if (request.method === 'GET' || request.method === 'HEAD') registryDurable.call(this, request, reply, done);
    else done();
  });
  registryRoutes(app, opts);
  userRoutes(app, opts);
  fundsRoutes(app, opts);
  feeRoutes(app, opts);
}

/** Register under /admin: `app.register(adminRoutes(opts))`. */
export function adminRoutes(opts: AdminOptions) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(adminPlugin, { ...opts, prefix: '/admin' } as AdminOptions & { prefix: string });
  };
}
