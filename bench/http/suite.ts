/**
 * HTTP benchmark (issue "Open API v2 server", item 11): autocannon against
 * durable signed POST /v2/orders (several accounts, rate limits off, fsync
 * on), GET /v2/ticker and the book, and in the same run on the same machine
 * against a bare fastify server's GET and POST routes returning {}. Both
 * servers are separate processes; the load generator is this process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineInfo } from '../lib/machine.js';
import { round } from '../lib/timing.js';
import { load, type LoadResult } from './load.js';
import { startBare, startOpenmart } from './processes.js';
import { makeTraders, signedOrder } from './traders.js';

const SYMBOL = 'BMX_ETH';
const PRICE = '0.0005';

export async function run(opts: { json: boolean; quick: boolean }): Promise<void> {
  const seconds = opts.quick ? 4 : 10;
  const connections = 10;
  const log = (line: string): void => { process.stdout.write(`${line}\n`); };
  const dataDir = mkdtempSync(join(tmpdir(), 'openmart-bench-http-'));
  const bare = await startBare();
  const om = await startOpenmart(dataDir);
  try {
    const traders = await makeTraders(om.url, dataDir, 8, { ETH: '1000000', BMX: '1000000000' });
    let i = 0;
    const nextOrder = (): { headers: Record<string, string>; body: string } => {
      const t = traders[i % traders.length] as (typeof traders)[number];
      // Alternate sides across different accounts at one price: orders rest and then fill.
      const side = Math.floor(i / traders.length) % 2 === 0 ? 'buy' : 'sell';
      i++;
      return signedOrder(t, { symbol: SYMBOL, side, amount: '1', price: PRICE });
    };
    const runs: Record<string, LoadResult> = {};
    const step = async (name: string, spec: Parameters<typeof load>[0]): Promise<void> => {
      const r = await load(spec);
      runs[name] = r;
      log(`  ${name.padEnd(12)} ${String(Math.round(r.rps)).padStart(7)} req/s  p50 ${r.p50_ms} ms  p99 ${r.p99_ms} ms  errors ${r.errors}  non-2xx ${r.non2xx}`);
    };
    log(`${connections} connections, ${seconds} s per run`);
    await step('bare POST', { url: `${bare.url}/v2/bare`, method: 'POST', connections, seconds, body: '{"symbol":"BMX_ETH","side":"buy","amount":"1","price":"0.0005"}', headers: { 'content-type': 'application/json' } });
    await step('orders POST', { url: `${om.url}/v2/orders`, method: 'POST', connections, seconds, next: nextOrder });
    await step('bare GET', { url: `${bare.url}/v2/bare`, connections, seconds });
    await step('ticker GET', { url: `${om.url}/v2/ticker?symbol=${SYMBOL}`, connections, seconds });
    await step('book GET', { url: `${om.url}/v2/symbols/${SYMBOL}/orders`, connections, seconds });
    const r = (n: string): LoadResult => runs[n] as LoadResult;
    const result = {
      suite: 'http',
      connections,
      seconds,
      orders_rps: Math.round(r('orders POST').rps),
      orders_p50_ms: r('orders POST').p50_ms,
      orders_p99_ms: r('orders POST').p99_ms,
      orders_non2xx: r('orders POST').non2xx,
      bare_post_rps: Math.round(r('bare POST').rps),
      orders_ratio: round(r('orders POST').rps / r('bare POST').rps, 2),
      ticker_rps: Math.round(r('ticker GET').rps),
      book_rps: Math.round(r('book GET').rps),
      bare_get_rps: Math.round(r('bare GET').rps),
      ticker_ratio: round(r('ticker GET').rps / r('bare GET').rps, 2),
      book_ratio: round(r('book GET').rps / r('bare GET').rps, 2),
      machine: machineInfo(),
    };
    log(`orders ${result.orders_ratio}x of bare POST (p99 ${result.orders_p99_ms} ms), ticker ${result.ticker_ratio}x and book ${result.book_ratio}x of bare GET`);
    if (opts.json) log(JSON.stringify(result));
  } finally {
    await om.stop();
    await bare.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
