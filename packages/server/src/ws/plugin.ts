/**
 * wsFeedPlugin(): the websocket feed as a fastify plugin, for buildApp's /
 * startServer's `plugins`. It attaches to the app's HTTP server and closes
 * every feed connection in `preClose`, before fastify closes the server (an
 * upgraded socket would otherwise hold server.close() open).
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { attachWsFeed, type WsFeed } from './feed.js';
import type { WsFeedOptions } from './options.js';
import type { WsFeedDeps } from './source.js';

export interface WsFeedPluginOptions extends WsFeedOptions {
  /** Called with the feed once attached (tests, metrics). */
  readonly onAttach?: (feed: WsFeed) => void;
}

export function wsFeedPlugin(deps: WsFeedDeps | (() => WsFeedDeps), options: WsFeedPluginOptions = {}): FastifyPluginAsync {
  return async function wsFeed(app: FastifyInstance): Promise<void> {
    const feed = attachWsFeed(app.server, deps, {
      onError: (err, context) => app.log.error({ err }, `ws feed: ${context}`),
      ...options,
    });
    options.onAttach?.(feed);
    app.addHook('preClose', async () => {
      await feed.close();
    });
  };
}
