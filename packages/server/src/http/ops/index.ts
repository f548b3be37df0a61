/**
 * Operations endpoints: /healthz, /metrics (Prometheus), /docs (OpenAPI).
 * Registered through buildApp's `preRoutes`, before every route: it is not
 * encapsulated (skip-override), so its request-metrics hooks and
 * @fastify/swagger's route collection apply to every route registered
 * after it. The OpenAPI document is generated from the route schemas (the
 * /v2 and account routes: http/schemas/; the admin API: http/admin/schemas.ts).
 */
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import type { Metrics } from '../../app/metrics.js';
import { DOCS_HTML } from './docs-page.js';

export interface HealthState {
  /** True once recovery is done and the server accepts work. */
  ready(): boolean;
  /** True from the first shutdown signal on. */
  shuttingDown(): boolean;
}

export interface OpsOptions {
  readonly metrics: Metrics;
  readonly health: HealthState;
  readonly publicUrl: string;
  readonly version: string;
}

const HIDDEN = { hide: true } as const;

export function opsPlugin(opts: OpsOptions) {
  const plugin = async (app: FastifyInstance): Promise<void> => {
    const { metrics, health } = opts;

    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'openmart',
          description: 'Open API v2 (BitMart v2 REST) served by openmart, plus the operator admin API (Authorization: Bearer <admin token>).',
          version: opts.version,
        },
        servers: [{ url: opts.publicUrl }],
        tags: [
          { name: 'public', description: 'Open API v2, no authentication' },
          { name: 'authenticated', description: 'Open API v2, X-BM-AUTHORIZATION + X-BM-TIMESTAMP (+ X-BM-SIGNATURE)' },
          { name: 'account', description: 'Accounts of the web pages: session cookie, X-CSRF-Token on changes' },
          { name: 'admin', description: 'Operator admin API' },
          { name: 'ops', description: 'Operations' },
        ],
      },
    });

    // Shutdown needs no hook here: from its start every new request is answered 503 with
    // `connection: close` (buildApp), and server.ts closes keep-alive connections as they go idle.

    // Per request: the route's recorder (one Map lookup) and a few additions (app/http-request-metrics.ts).
    app.addHook('onResponse', (req, reply, done) => {
      metrics.http.route(req.routeOptions.url ?? 'unmatched').record(req.method, reply.statusCode, reply.elapsedTime / 1000);
      done();
    });

    app.get('/healthz', { schema: { tags: ['ops'], summary: '200 once recovered, 503 while shutting down' } }, async (_req, reply) => {
      if (health.shuttingDown()) return reply.code(503).send({ status: 'shutting_down' });
      if (!health.ready()) return reply.code(503).send({ status: 'starting' });
      return { status: 'ok' };
    });

    app.get('/metrics', { schema: { tags: ['ops'], summary: 'Prometheus metrics' } }, async (_req, reply) => {
      const body = await metrics.registry.metrics();
      return reply.header('content-type', metrics.registry.contentType).send(body);
    });

    app.get('/docs/json', { schema: HIDDEN }, async () => app.swagger());
    app.get('/docs', { schema: HIDDEN }, async (_req, reply) =>
      reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(DOCS_HTML),
    );
  };
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
  return plugin;
}
