/**
 * HTTP benchmark (issue "Open API v2 server", item 11): autocannon against
 * durable signed POST /v2/orders (several accounts, rate limits off, fsync
 * on), GET /v2/ticker and the book, and in the same run on the same machine
 * against a bare fastify server's GET and POST routes returning {}. Both
 * servers are separate processes; the load generator is this process.
 * Each target runs in back-to-back pairs with its bare baseline, then in 3
 * pairs at one fixed request rate that both sustain, where the figure is the
 * server CPU per request (bare / ours).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineInfo } from '../lib/machine.js';
import { median, round } from '../lib/timing.js';
import { load, type LoadResult, type LoadSpec } from './load.js';
import { startBare, startOpenmart } from './processes.js';
import { makeTraders, signedOrder } from './traders.js';

const SYMBOL = 'BMX_ETH';
const PRICE = '0.0005';
/** Fixed request rates of the CPU comparison: well below what each server sustains here. */
const ORDERS_RATE = 1_500;
const GET_RATE = 8_000;

export async function run(opts: { json: boolean; quick: boolean }): Promise<void> {
  const seconds = opts.quick ? 3 : 5;
  const pairs = opts.quick ? 2 : 5;
  const warmup = opts.quick ? 1 : 2;
  const fixedSeconds = opts.quick ? 2 : 3;
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
    const show = (name: string, r: LoadResult): void => {
      const cpu = r.cpu_us_per_req === null ? '' : `  server CPU ${r.cpu_us_per_req} µs/req (main thread ${r.main_cpu_us_per_req})`;
      log(`  ${name.padEnd(12)} ${String(Math.round(r.rps)).padStart(7)} req/s  p50 ${r.p50_ms} ms  p99 ${r.p99_ms} ms  errors ${r.errors}  non-2xx ${r.non2xx}${cpu}`);
    };
    /**
     * Each target is measured in pairs with its bare baseline, back to back
     * and in alternating order, so load drift on a shared machine hits both;
     * the ratio reported is the median of the pairs' ratios.
     */
    const paired = async (name: string, target: LoadSpec, bareName: string, baseline: LoadSpec): Promise<{ target: LoadResult; bare: LoadResult; ratio: number }> => {
      // Warm-up, not recorded: both servers' JIT settle on the path under test.
      await load({ ...baseline, seconds: warmup });
      await load({ ...target, seconds: warmup });
      const ratios: number[] = [];
      const targets: LoadResult[] = [];
      const bares: LoadResult[] = [];
      for (let k = 0; k < pairs; k++) {
        const first = k % 2 === 0;
        const a = await load(first ? baseline : target);
        const b = await load(first ? target : baseline);
        const [bare, ours] = first ? [a, b] : [b, a];
        show(bareName, bare);
        show(name, ours);
        bares.push(bare);
        targets.push(ours);
        ratios.push(ours.rps / bare.rps);
      }
      const mid = (xs: LoadResult[]): LoadResult => [...xs].sort((x, y) => x.rps - y.rps)[Math.floor(xs.length / 2)] as LoadResult;
      return { target: mid(targets), bare: mid(bares), ratio: median(ratios) };
    };
    /**
     * Server CPU per request at one fixed request rate that both servers
     * sustain (3 alternating pairs): the work each request costs, without
     * the effects of who is the bottleneck at full speed (a saturated server
     * wakes an idle load generator on every reply; an unsaturated one does
     * not). Reported as bare CPU / ours: 1 means as cheap as the bare route.
     */
    const cpuAtRate = async (target: LoadSpec, baseline: LoadSpec, rate: number): Promise<{ ours: number; bare: number; ratio: number }> => {
      const ours: number[] = [];
      const bares: number[] = [];
      for (let k = 0; k < 3; k++) {
        const first = k % 2 === 0;
        const a = await load({ ...(first ? baseline : target), rate, seconds: fixedSeconds });
        const b = await load({ ...(first ? target : baseline), rate, seconds: fixedSeconds });
        const [bare, our] = first ? [a, b] : [b, a];
        if (bare.cpu_us_per_req !== null) bares.push(bare.cpu_us_per_req);
        if (our.cpu_us_per_req !== null) ours.push(our.cpu_us_per_req);
      }
      const o = median(ours);
      const b = median(bares);
      log(`  at ${rate} req/s: server CPU ${o} µs/req against bare ${b} µs/req (${round(b / o, 2)})`);
      return { ours: o, bare: b, ratio: round(b / o, 2) };
    };
    log(`${connections} connections, ${seconds} s per run after a ${warmup} s warm-up of each side, ${pairs} pairs per target`);
    const barePost: LoadSpec = { pid: bare.child.pid, url: `${bare.url}/v2/bare`, method: 'POST', connections, seconds, body: '{"symbol":"BMX_ETH","side":"buy","amount":"1","price":"0.0005"}', headers: { 'content-type': 'application/json' } };
    const bareGet: LoadSpec = { pid: bare.child.pid, url: `${bare.url}/v2/bare`, connections, seconds };
    const ordersSpec: LoadSpec = { pid: om.child.pid, url: `${om.url}/v2/orders`, method: 'POST', connections, seconds, next: nextOrder };
    const tickerSpec: LoadSpec = { pid: om.child.pid, url: `${om.url}/v2/ticker?symbol=${SYMBOL}`, connections, seconds };
    const bookSpec: LoadSpec = { pid: om.child.pid, url: `${om.url}/v2/symbols/${SYMBOL}/orders`, connections, seconds };
    const orders = await paired('orders POST', ordersSpec, 'bare POST', barePost);
    const ordersCpu = await cpuAtRate(ordersSpec, barePost, ORDERS_RATE);
    const ticker = await paired('ticker GET', tickerSpec, 'bare GET', bareGet);
    const tickerCpu = await cpuAtRate(tickerSpec, bareGet, GET_RATE);
    const book = await paired('book GET', bookSpec, 'bare GET', bareGet);
    const bookCpu = await cpuAtRate(bookSpec, bareGet, GET_RATE);
    const result = {
      suite: 'http',
      connections,
      seconds,
      pairs,
      warmup_seconds: warmup,
      orders_rps: Math.round(orders.target.rps),
      orders_p50_ms: orders.target.p50_ms,
      orders_p99_ms: orders.target.p99_ms,
      orders_non2xx: orders.target.non2xx,
      orders_cpu_us_per_req: orders.target.cpu_us_per_req,
      orders_main_cpu_us_per_req: orders.target.main_cpu_us_per_req,
      bare_post_rps: Math.round(orders.bare.rps),
      bare_post_cpu_us_per_req: orders.bare.cpu_us_per_req,
      orders_ratio: round(orders.ratio, 2),
      ticker_rps: Math.round(ticker.target.rps),
      book_rps: Math.round(book.target.rps),
      bare_get_rps: Math.round(ticker.bare.rps),
      ticker_ratio: round(ticker.ratio, 2),
      book_ratio: round(book.ratio, 2),
      // Server CPU per request at a fixed rate, bare / ours (see cpuAtRate).
      orders_cpu_rate: ORDERS_RATE,
      orders_cpu_us_fixed: ordersCpu.ours,
      bare_post_cpu_us_fixed: ordersCpu.bare,
      orders_cpu_ratio: ordersCpu.ratio,
      get_cpu_rate: GET_RATE,
      ticker_cpu_us_fixed: tickerCpu.ours,
      book_cpu_us_fixed: bookCpu.ours,
      bare_get_cpu_us_fixed: tickerCpu.bare,
      ticker_cpu_ratio: tickerCpu.ratio,
      book_cpu_ratio: bookCpu.ratio,
      machine: machineInfo(),
    };
    log(`orders ${result.orders_ratio}x of bare POST (p99 ${result.orders_p99_ms} ms), ticker ${result.ticker_ratio}x and book ${result.book_ratio}x of bare GET`);
    log(`server CPU per request at a fixed rate, bare / ours: orders ${result.orders_cpu_ratio}, ticker ${result.ticker_cpu_ratio}, book ${result.book_cpu_ratio}`);
    if (opts.json) log(JSON.stringify(result));
  } finally {
    await om.stop();
    await bare.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
