/**
 * The methods of every registered path pattern, so that a request with a
 * known path and an unknown method is answered 405 METHOD_NOT_ALLOWED
 * (with `Allow`) instead of 404.
 */
import type { FastifyInstance } from 'fastify';

interface Entry {
  readonly re: RegExp;
  readonly methods: Set<string>;
}

function patternRe(url: string): RegExp {
  const body = url
    .replace(/\/+$/, '')
    .split('/')
    .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg === '*' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body}/?$`);
}

export class RouteIndex {
  private readonly entries = new Map<string, Entry>();

  /** Record every route registered on `app` from now on (call before registering routes). */
  watch(app: FastifyInstance): void {
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      let e = this.entries.get(route.url);
      if (e === undefined) {
        e = { re: patternRe(route.url), methods: new Set() };
        this.entries.set(route.url, e);
      }
      for (const m of methods) e.methods.add(m.toUpperCase());
    });
  }

  /** Methods allowed on a concrete path (empty when no route matches it). */
  allowed(path: string): string[] {
    const out = new Set<string>();
    for (const e of this.entries.values()) if (e.re.test(path)) for (const m of e.methods) out.add(m);
    return [...out].sort();
  }
}
