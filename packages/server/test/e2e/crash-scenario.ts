/**
 * The HTTP crash scenario: a served exchange under signed order load from
 * several accounts is SIGKILLed mid-load and restarted, `rounds` times.
 * After each restart:
 *   - every order the server acknowledged (entrust_id answered) is there,
 *     with the symbol, side, price and amount it was placed with;
 *   - every acknowledged cancel shows the order cancelled; no order went
 *     backwards (executed amount never below what was seen before the kill);
 *   - per currency, available + frozen over all accounts (fee account
 *     included) equals deposits - withdrawals made through the admin API;
 *   - the access tokens issued before the kill still work.
 * Used by crash-http.test.ts (short) and scripts/crash-http.ts (long).
 */
import { plainDecimal } from '../../src/domain/decimal.js';
import { adminCall, readAdminToken, startServerProcess, Trader, type ServerProcess } from './support.js';
import { prng } from '../support/prng.js';

export interface CrashOptions {
  readonly dataDir: string;
  readonly accounts: number;
  /** Load time before each SIGKILL, ms. */
  readonly loadMs: number;
  readonly rounds: number;
  readonly seed?: number;
  readonly log?: (line: string) => void;
}

export interface CrashReport {
  readonly rounds: number;
  readonly acknowledgedOrders: number;
  readonly acknowledgedCancels: number;
  /** Acknowledged orders seen (partly) filled after the last restart: the load did trade. */
  readonly ordersWithFills: number;
  readonly failedRequests: number;
  readonly problems: readonly string[];
}

interface Acked {
  readonly id: number;
  readonly account: number;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly price: string;
  readonly amount: string;
  cancelled: boolean;
  executedSeen: number;
}

const MARKETS = [
  { symbol: 'BMX_ETH', base: 'BMX', quote: 'ETH', ref: 50_000, decimals: 8 }, // 0.00050000 ETH
  { symbol: 'XLM_ETH', base: 'XLM', quote: 'ETH', ref: 10_000, decimals: 8 }, // 0.00010000 ETH
];
const DEPOSITS: Readonly<Record<string, string>> = { BMX: '1000000', XLM: '1000000', ETH: '5000' };


const norm = (v: unknown) => plainDecimal(String(v));

async function must(p: Promise<{ status: number; body: any }>, what: string): Promise<any> {
  const r = await p;
  if (r.status !== 200) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function setUp(srv: ServerProcess, n: number): Promise<{ keys: Array<{ api_key: string; api_secret: string }>; totals: Map<string, string> }> {
  const token = readAdminToken(srv.dataDir);
  const admin = (method: string, path: string, body?: unknown) => must(adminCall(srv.url, token, method, path, body), `${method} ${path}`);
  await admin('POST', '/admin/currencies', { id: 'BMX', name: 'BitMart Token', scale: 8 });
  await admin('POST', '/admin/currencies', { id: 'XLM', name: 'Stellar Lumens', scale: 7 });
  await admin('POST', '/admin/currencies', { id: 'ETH', name: 'Ethereum', scale: 18 });
  for (const m of MARKETS) {
    await admin('POST', '/admin/markets', {
      symbol: m.symbol, quote_increment: '0.00000001', base_min_size: '0.01', base_max_size: '100000000',
      price_min_precision: 6, price_max_precision: 8, maker_fee: '0.001', taker_fee: '0.002',
    });
  }
  const keys: Array<{ api_key: string; api_secret: string }> = [];
  const totals = new Map<string, bigint>();
  for (let i = 0; i < n; i++) {
    const email = `trader${i}@crash.test`;
    await admin('POST', '/admin/users', { email, password: 'crash-test-password' });
    for (const [currency, amount] of Object.entries(DEPOSITS)) {
      await admin('POST', '/admin/deposits', { user: email, currency, amount });
      totals.set(currency, (totals.get(currency) ?? 0n) + BigInt(amount));
    }
    // Withdraw a little too, so the balance check covers both directions.
    await admin('POST', '/admin/withdrawals', { user: email, currency: 'ETH', amount: '1' });
    totals.set('ETH', (totals.get('ETH') ?? 0n) - 1n);
    keys.push(await admin('POST', `/admin/users/${email}/apikeys`, { memo: `crash${i}` }));
  }
  return { keys, totals: new Map([...totals].map(([c, v]) => [c, v.toString()])) };
}

function priceText(units: number, decimals: number): string {
  const s = String(units).padStart(decimals + 1, '0');
  return `${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
}

/** One account's load loop: place (mostly) and cancel (sometimes) until `stop()` or the server dies. */
async function loadLoop(
  trader: Trader, account: number, random: () => number, acked: Acked[], stats: { cancels: number; failed: number }, stop: () => boolean,
): Promise<void> {
  const open: Acked[] = [];
  while (!stop()) {
    try {
      if (open.length > 5 && random() < 0.2) {
        const i = Math.floor(random() * open.length);
        const o = open[i] as Acked;
        const r = await trader.cancelOrder(o.id);
        if (r.status === 200) {
          o.cancelled = true;
          stats.cancels++;
        }
        open.splice(i, 1);
        continue;
      }
      const m = MARKETS[Math.floor(random() * MARKETS.length)] as (typeof MARKETS)[number];
      const side = random() < 0.5 ? 'buy' : 'sell';
      const offset = Math.floor(random() * 40) - 20; // crossing both ways: trades happen
      const price = priceText(m.ref + offset * 10, m.decimals);
      const amount = String(1 + Math.floor(random() * 50));
      const r = await trader.placeOrder(m.symbol, side, amount, price);
      if (r.status === 200 && typeof r.body?.entrust_id === 'number') {
        const a: Acked = { id: r.body.entrust_id, account, symbol: m.symbol, side, price, amount, cancelled: false, executedSeen: 0 };
        acked.push(a);
        open.push(a);
      } else stats.failed++;
    } catch {
      stats.failed++;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

async function verify(srv: ServerProcess, traders: Trader[], acked: Acked[], totals: Map<string, string>): Promise<string[]> {
  const problems: string[] = [];
  for (const o of acked) {
    const r = await traders[o.account]!.getOrder(o.id);
    if (r.status !== 200) {
      problems.push(`acknowledged order ${o.id} missing after restart: ${r.status} ${JSON.stringify(r.body)}`);
      continue;
    }
    const b = r.body;
    if (b.entrust_id !== o.id || b.symbol !== o.symbol || b.side !== o.side || norm(b.price) !== norm(o.price) || norm(b.original_amount) !== norm(o.amount)) {
      problems.push(`order ${o.id} changed: placed ${JSON.stringify(o)}, now ${JSON.stringify(b)}`);
    }
    if (o.cancelled && b.status !== 4) problems.push(`order ${o.id}: cancel was acknowledged, status is ${b.status}`);
    const executed = Number(b.executed_amount);
    if (executed < o.executedSeen) problems.push(`order ${o.id} went backwards: executed ${executed} < ${o.executedSeen} seen before`);
    o.executedSeen = executed;
    if (b.status === 4) o.cancelled = true;
  }
  const now = await adminCall(srv.url, readAdminToken(srv.dataDir), 'GET', '/admin/totals');
  for (const [currency, expected] of totals) {
    const row = (now.body as Array<{ currency: string; total: string }>).find((t) => t.currency === currency);
    if (row === undefined || norm(row.total) !== norm(expected)) {
      problems.push(`${currency}: available + frozen over all accounts is ${row?.total}, deposits - withdrawals are ${expected}`);
    }
  }
  return problems;
}

export async function runCrashScenario(opts: CrashOptions): Promise<CrashReport> {
  const log = opts.log ?? (() => undefined);
  const random = prng(opts.seed ?? 1);
  const env = { SEED_DEMO: '0', RATE_LIMITS: 'off', FSYNC: '1', LOG_LEVEL: 'warn', SNAPSHOT_EVERY: '500' };
  let srv = await startServerProcess({ dataDir: opts.dataDir, env });
  const { keys, totals } = await setUp(srv, opts.accounts);
  const traders = await Promise.all(keys.map((k) => Trader.login(srv.url, k.api_key, k.api_secret)));
  const acked: Acked[] = [];
  const stats = { cancels: 0, failed: 0 };
  const problems: string[] = [];
  try {
    for (let round = 1; round <= opts.rounds; round++) {
      let stopped = false;
      const loops = traders.map((t, i) => loadLoop(t, i, prng((opts.seed ?? 1) * 1000 + round * 100 + i), acked, stats, () => stopped));
      await new Promise((r) => setTimeout(r, opts.loadMs * (0.75 + random() * 0.5)));
      await srv.stop('SIGKILL');
      stopped = true;
      await Promise.all(loops);
      log(`round ${round}: SIGKILL after ${acked.length} acknowledged orders, ${stats.cancels} cancels`);

      srv = await startServerProcess({ dataDir: opts.dataDir, env });
      const moved = traders.map((t) => Object.assign(Object.create(Object.getPrototypeOf(t)), t, { url: srv.url }) as Trader);
      traders.splice(0, traders.length, ...moved);
      const found = await verify(srv, traders, acked, totals);
      problems.push(...found.map((p) => `round ${round}: ${p}`));
      log(`round ${round}: restarted, ${acked.length} orders checked, ${found.length} problems`);
      if (found.length > 0) break;
    }
  } finally {
    const code = await srv.stop('SIGTERM');
    if (code !== 0) problems.push(`final graceful stop exited ${code}`);
  }
  return {
    rounds: opts.rounds,
    acknowledgedOrders: acked.length,
    acknowledgedCancels: stats.cancels,
    ordersWithFills: acked.filter((o) => o.executedSeen > 0).length,
    failedRequests: stats.failed,
    problems,
  };
}
