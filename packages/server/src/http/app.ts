/**
 * buildApp(): the Open API v2 server as a fastify instance, separate from
 * listen() so tests and the runtime wire it the same way.
 *
 *   const app = await buildApp(deps, { logger: false, plugins: [adminPlugin] });
 *   await app.listen({ port: 0, host: '127.0.0.1' });
 *
 * Order of registration: body parser and error handling, the headers of
 * every answer, the per-IP rate limit (a hook on each route with the route
 * option `config.rateClass`), then `options.preRoutes`
 * (plugins that must see every route as it is added: the ops plugin with
 * @fastify/swagger, whose OpenAPI document is generated from the route
 * schemas, and its request metrics), the public, token, private and account
 * routes, then `options.plugins` (admin API, websocket feed…). All of them
 * inherit the same error handling and may use `config: { rateClass }` on
 * their routes.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync, type onRequestHookHandler } from 'fastify';
import type { DestinationStream, LoggerOptions } from 'pino';
import { ApiError } from './api-error.js';
import { installBodyParser } from './body-parser.js';
import { clientErrorHandler } from './client-errors.js';
import { createContext } from './context.js';
import type { AppDeps, RateClass } from './deps.js';
import { installErrorHandling } from './error-handler.js';
import { frameworkErrors, ROUTER_MAX_PARAM_LENGTH } from './framework-errors.js';
import { installGetBodyReader } from './get-body.js';
import { lazyRequestLogger } from './request-logger.js';
import { httpLoggerOptions } from './logging.js';
import { RouteIndex } from './route-index.js';
import { accountRoutes } from './routes/account.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { orderRoutes } from './routes/orders.js';
import { publicRoutes } from './routes/public.js';
import { tokenRoutes } from './routes/token.js';
import { tradeRoutes } from './routes/trades.js';
import { walletRoutes } from './routes/wallet.js';

export interface AppOptions {
  /** pino options (credentials are always redacted; `stream` for a destination) or false for no logging. */
  readonly logger?: (LoggerOptions & { stream?: DestinationStream }) | false;
  /** An existing pino logger instead of `logger` options (the runtime shares one). */
  readonly loggerInstance?: FastifyBaseLogger;
  /**
   * Registered before the built-in routes, in order. A plugin that should
   * see the routes (onRoute hooks, e.g. @fastify/swagger) or hook into every
   * request must not be encapsulated (fastify-plugin / skip-override).
   */
  readonly preRoutes?: readonly FastifyPluginAsync[];
  /** Registered after the built-in routes, in order (admin API, websocket feed…). */
  readonly plugins?: readonly FastifyPluginAsync[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Rate-limit class of the route; counted per client IP before the handler runs. */
    rateClass?: RateClass;
  }
}

export async function buildApp(deps: AppDeps, options: AppOptions = {}): Promise<FastifyInstance> {
  const ctx = createContext(deps);
  const app = Fastify({
    ...(options.loggerInstance !== undefined
      ? { loggerInstance: options.loggerInstance }
      : { logger: options.logger === undefined || options.logger === false ? false : httpLoggerOptions(options.logger) }),
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: deps.config.trustProxy,
    // Router and HTTP parser errors in the error table's format (framework-errors.ts, client-errors.ts).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: ROUTER_MAX_PARAM_LENGTH },
    frameworkErrors,
    clientErrorHandler,
    // Answered by the onRequest hook below with the table's 503 body instead of fastify's own.
    return503OnClosing: false,
    childLoggerFactory: lazyRequestLogger,
  });

  const routes = new RouteIndex();
  routes.watch(app);
  installBodyParser(app);
  installGetBodyReader(app, deps.config.bodyLimitBytes);
  installErrorHandling(app, routes);

  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  // Headers of every answer are set here, before anything can fail, so that
  // errors carry them too; a route may still replace cache-control. (An
  // onRequest header costs less than an onSend hook, which would put every
  // reply through fastify's onSend hook chain.)
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('cache-control', 'no-store');
    if (closing) {
      void reply.header('connection', 'close');
      done(new ApiError('UNAVAILABLE'));
      return;
    }
    done();
  });
  // The per-IP limit runs as a hook of each limited route only, and only when limits are on:
  // other requests do not pay for it, and the hook knows its class without a lookup.
  if (deps.config.rateLimits.enabled) {
    app.addHook('onRoute', (route) => {
      const cls = route.config?.rateClass;
      if (cls === undefined) return;
      const limit: onRequestHookHandler = (request, _reply, done) => {
        try {
          ctx.limiter.hit(cls, `ip:${request.ip}`);
        } catch (err) {
          done(err as Error);
          return;
        }
        done();
      };
      const own = route.onRequest;
      route.onRequest = own === undefined ? [limit] : [limit, ...(Array.isArray(own) ? own : [own])];
    });
  }
  app.addHook('onClose', (_instance, done) => {
    ctx.limiter.close();
    done();
  });

  for (const plugin of options.preRoutes ?? []) await app.register(plugin);
  await app.register(publicRoutes(ctx));
  await app.register(tokenRoutes(ctx));
  await app.register(walletRoutes(ctx));
  await app.register(orderRoutes(ctx));
  await app.register(tradeRoutes(ctx));
  await app.register(accountRoutes(ctx));
  await app.register(apiKeyRoutes(ctx));
  for (const plugin of options.plugins ?? []) await app.register(plugin);
  return app;
}
