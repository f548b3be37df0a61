export * from './commands.js';
export * from './decimal.js';
export * from './unicode.js';
export * from './events.js';
export * from './market.js';
export * from './order.js';
export * from './results.js';
export * from './projection.js';
