/**
 * Crash test: run the engine with its journal in a child process, SIGKILL
 * it at random moments, restart it, and check after every kill that every
 * acknowledged command survived (same seq, same command, same outcome),
 * that recovery equals a fresh replay of the whole journal, and that the
 * engine validates. Exits 1 on any violation.
 *
 *   npm run crash -- [--rounds 20] [--seconds 240] [--seed 1] [--keep <dir>]
 */
import { parseArgs } from 'node:util';
import { runCrashRounds } from '../packages/server/test/crash/harness.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '240' },
    seed: { type: 'string', default: String(Date.now() % 100_000) },
    'min-kill-ms': { type: 'string', default: '100' },
    'max-kill-ms': { type: 'string', default: '1500' },
    'snapshot-every': { type: 'string', default: '3000' },
    keep: { type: 'string' },
  },
});

const seed = Number(values.seed);
console.log(`crash test: ${values.rounds} rounds, at most ${values.seconds} s, seed ${seed}`);
const s = await runCrashRounds({
  rounds: Number(values.rounds),
  seconds: Number(values.seconds),
  seed,
  minKillMs: Number(values['min-kill-ms']),
  maxKillMs: Number(values['max-kill-ms']),
  snapshotEvery: Number(values['snapshot-every']),
  dataDir: values.keep,
  log: (l) => console.log(l),
});
const rec = [...s.recoveryMs].sort((a, b) => a - b);
console.log(
  `\n${s.rounds} rounds in ${(s.elapsedMs / 1000).toFixed(1)} s (seed ${seed}): ${s.acked} acknowledged commands ` +
    `(${s.ackedRejections} rejections), journal at seq ${s.lastSeq}; ${s.earlyKills} kills during start-up, ` +
    `${s.tornTailsRecovered} torn tails truncated, ${s.snapshotStarts} restarts from a snapshot; ` +
    `recovery median ${rec[Math.floor(rec.length / 2)] ?? '-'} ms, max ${rec[rec.length - 1] ?? '-'} ms`,
);
if (s.rounds < Number(values.rounds)) console.log(`note: the time bound allowed ${s.rounds} of ${values.rounds} rounds`);
if (s.violations.length > 0) {
  console.log(`\nFAILED: ${s.violations.length} violations`);
  for (const v of s.violations.slice(0, 50)) console.log(`  ${v}`);
  process.exit(1);
}
console.log('OK: every acknowledged command survived every kill');
