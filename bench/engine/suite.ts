/**
 * Engine benchmark (issue "Exchange core", item 7): the same seeded order
 * flow through our engine and through nodejs-order-book in one run, then our
 * engine with the journal on (real fdatasync), restart from a snapshot plus
 * the flow as journal tail, and RSS with 1M resting orders (own process).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makeWorkload } from '../../packages/server/test/support/workload.js';
import { machineInfo } from '../lib/machine.js';
import { median, round } from '../lib/timing.js';
import { prepareEngine, runEngine } from './engine-only.js';
import { runJournaled } from './journaled.js';
import { peerOps, runPeer } from './peer.js';
import { runRestart } from './restart.js';

export async function run(opts: { json: boolean; quick: boolean }): Promise<void> {
  const count = opts.quick ? 100_000 : 1_000_000;
  const restingOrders = opts.quick ? 100_000 : 1_000_000;
  const reps = opts.quick ? 3 : 5;
  const log = (line: string): void => { process.stdout.write(`${line}\n`); };

  log(`workload: ${count} commands, 1000 accounts, 750 ticks, seed 42`);
  const { setup, flow } = makeWorkload({ seed: 42, count, accounts: 1_000, ticks: 750 });
  const ops = peerOps(flow);

  // Warm both up once on a slice, then alternate full runs so drift and noise hit both.
  runEngine(prepareEngine(setup), flow.slice(0, 50_000));
  runPeer(ops.slice(0, 50_000));
  const ours: number[] = [];
  const peer: number[] = [];
  for (let r = 0; r < reps; r++) {
    const engine = prepareEngine(setup);
    let t = process.hrtime.bigint();
    runEngine(engine, flow);
    ours.push(flow.length / (Number(process.hrtime.bigint() - t) / 1e9));
    t = process.hrtime.bigint();
    runPeer(ops);
    peer.push(ops.length / (Number(process.hrtime.bigint() - t) / 1e9));
    log(`  run ${r + 1}: openmart ${Math.round(ours[r] as number)} ops/s, nodejs-order-book ${Math.round(peer[r] as number)} ops/s`);
  }
  const opsPerS = median(ours);
  const peerOpsPerS = median(peer);

  // Journal on: alternate an engine-only run and a journaled run of the same flow, and take the median of the ratios.
  const journalRatios: number[] = [];
  const journalRates: number[] = [];
  let batches = 0;
  for (let r = 0; r < 3; r++) {
    const engine = prepareEngine(setup);
    const t = process.hrtime.bigint();
    runEngine(engine, flow);
    const alone = flow.length / (Number(process.hrtime.bigint() - t) / 1e9);
    const journaled = await runJournaled(setup, flow, true);
    const rate = flow.length / journaled.seconds;
    batches = journaled.batches;
    journalRates.push(rate);
    journalRatios.push(rate / alone);
    log(`  journal run ${r + 1}: engine alone ${Math.round(alone)} ops/s, journal on (fdatasync per batch) ${Math.round(rate)} ops/s in ${journaled.batches} batches: ${round(rate / alone, 2)}x`);
  }
  const journalOpsPerS = median(journalRates);
  const journalRatio = median(journalRatios);

  // Restart: snapshot after the setup plus a tail of exactly `tail` journaled commands (rejections are not journaled, so use a longer flow).
  const tail = count;
  const long = makeWorkload({ seed: 43, count: Math.ceil(tail * 1.3), accounts: 1_000, ticks: 750 });
  const restart = await runRestart(long.setup, long.flow, tail);
  log(`  restart from snapshot + ${restart.replayed} command tail: ${round(restart.seconds, 3)} s (same state hash: ${restart.sameHash})`);

  const child = fileURLToPath(new URL('./rss-child.ts', import.meta.url));
  const rssOut = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', child, String(restingOrders)], { encoding: 'utf8' });
  const rss = JSON.parse(rssOut.trim().split('\n').pop() as string) as { rss_mb: number; rss_before_mb: number };
  log(`  RSS with ${restingOrders} resting orders: ${round(rss.rss_mb, 1)} MB (before the orders: ${round(rss.rss_before_mb, 1)} MB)`);

  const result = {
    suite: 'engine',
    commands: flow.length,
    ops_per_s: Math.round(opsPerS),
    peer_ops_per_s: Math.round(peerOpsPerS),
    ratio: round(opsPerS / peerOpsPerS, 2),
    journal_ops_per_s: Math.round(journalOpsPerS),
    journal_ratio: round(journalRatio, 2),
    journal_batches: batches,
    restart_tail_commands: restart.replayed,
    restart_1m_s: round(restart.seconds, 3),
    restart_same_hash: restart.sameHash,
    resting_orders: restingOrders,
    rss_1m_orders_mb: round(rss.rss_mb, 1),
    machine: machineInfo(),
  };
  log(`openmart ${result.ops_per_s} ops/s vs nodejs-order-book ${result.peer_ops_per_s} ops/s: ${result.ratio}x; journal ${result.journal_ratio}x of engine-only`);
  if (opts.json) log(JSON.stringify(result));
}
