/**
 * The long HTTP crash test (bounded): `npm run crash:http [-- --rounds N
 * --accounts N --load-ms N --seed N --max-seconds N --keep]`. Starts `openmart serve` on a temp
 * data dir, runs signed order load from several accounts, SIGKILLs the
 * server mid-load, restarts it and checks every acknowledged order and the
 * balance totals (see packages/server/test/e2e/crash-scenario.ts), N rounds.
 * Exit code 0 when nothing was lost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCrashScenario } from '../packages/server/test/e2e/crash-scenario.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    accounts: { type: 'string', default: '6' },
    'load-ms': { type: 'string', default: '3000' },
    seed: { type: 'string', default: String(Date.now() % 100_000) },
    keep: { type: 'boolean', default: false },
    'max-seconds': { type: 'string', default: '600' },
  },
});

// Bounded: whatever happens, the run ends within --max-seconds.
const watchdog = setTimeout(() => {
  console.log(`crash:http: FAILED, still running after ${values['max-seconds']} s`);
  process.exit(2);
}, Number(values['max-seconds']) * 1000);
watchdog.unref();

const dir = mkdtempSync(join(tmpdir(), 'openmart-crash-http-'));
const started = Date.now();
console.log(`crash:http: data dir ${dir}, rounds ${values.rounds}, accounts ${values.accounts}, load ${values['load-ms']} ms, seed ${values.seed}`);
const report = await runCrashScenario({
  dataDir: dir,
  rounds: Number(values.rounds),
  accounts: Number(values.accounts),
  loadMs: Number(values['load-ms']),
  seed: Number(values.seed),
  log: (line) => console.log(`crash:http: ${line}`),
});
console.log(
  `crash:http: ${report.rounds} rounds, ${report.acknowledgedOrders} acknowledged orders (${report.ordersWithFills} with fills), ` +
    `${report.acknowledgedCancels} cancels, ` +
    `${report.failedRequests} failed requests (expected around each kill), ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
for (const p of report.problems) console.log(`crash:http: PROBLEM ${p}`);
if (!values.keep) rmSync(dir, { recursive: true, force: true });
console.log(report.problems.length === 0 ? 'crash:http: OK, nothing acknowledged was lost' : 'crash:http: FAILED');
process.exit(report.problems.length === 0 ? 0 : 1);
