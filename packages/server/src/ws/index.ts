/** The public websocket feed (docs/websocket.md). */
export { attachWsFeed, type WsFeed } from './feed.js';
export { wsFeedPlugin, type WsFeedPluginOptions } from './plugin.js';
export { resolveOptions, type WsFeedOptions } from './options.js';
export type { FeedSource, WsFeedDeps } from './source.js';
export type { DepthPush, FeedError, FeedPush, FeedTrade, KlinePush, Pong, PriceData, PricePush, TradePush, UnsubscribeAck } from './wire.js';
