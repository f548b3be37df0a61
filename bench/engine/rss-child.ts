/**
 * Run in its own process: RSS of an engine holding N resting orders
 * (no crossing: buys below the mid, sells above). Prints one JSON line.
 * The engine is used after the last gc(), so that gc cannot collect it:
 * heap_used_mb is the live engine, rss_mb what the process holds.
 */
import { makeWorkload, WORKLOAD_MARKET } from '../../packages/server/test/support/workload.js';
import { prepareEngine } from './engine-only.js';

const count = Number(process.argv[2] ?? 1_000_000);
const accounts = 1_000;
const { setup } = makeWorkload({ seed: 7, count: 0, accounts });
const engine = prepareEngine(setup);
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const before = process.memoryUsage().rss;
const mid = 100_000;
let now = 1_800_000_000_000;
for (let i = 0; i < count; i++) {
  const buy = i % 2 === 0;
  const depth = 1 + (i % 5_000);
  const out = engine.apply({
    type: 'placeOrder', now: now++, orderId: i + 1, accountId: 1 + (i % accounts), symbol: WORKLOAD_MARKET.symbol,
    side: buy ? 'buy' : 'sell', price: buy ? mid - depth : mid + depth, amount: 1 + (i % 100),
  });
  if (!out.ok) throw new Error(`order ${i + 1} rejected: ${out.message}`);
}
gc?.();
const after = process.memoryUsage().rss;
const heapUsed = process.memoryUsage().heapUsed;
const index = engine.orderIndexStats();
if (index.open !== count) throw new Error(`${index.open} open orders, expected ${count}`);
console.log(JSON.stringify({
  orders: count, rss_mb: after / 2 ** 20, rss_before_mb: before / 2 ** 20, heap_used_mb: heapUsed / 2 ** 20, index_chunks: index.chunks, index_sparse: index.sparse,
}));
