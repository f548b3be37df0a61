/**
 * The crash rounds: run the worker (engine + journal in a child process),
 * SIGKILL it at a random moment, check the data directory against every
 * ack it printed (verify.ts), restart it and check that recovery yields the
 * state of a fresh replay of the whole journal and validates. Used by
 * scripts/crash-test.ts (long) and crash.test.ts (short).
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { journalDir, listSegments } from '../../src/journal/index.js';
import { prng } from '../support/workload.js';
import type { AckMessage, ReadyMessage, WorkerMessage } from './protocol.js';
import { AckBook, verifyDataDir } from './verify.js';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '../../../..');
const WORKER = join(here, 'worker.ts');

export interface CrashOptions {
  readonly rounds: number;
  /** Stop starting new rounds after this many seconds. */
  readonly seconds: number;
  readonly seed: number;
  /** Kill between these many ms after the worker is ready. */
  readonly minKillMs?: number;
  readonly maxKillMs?: number;
  /** Share of rounds killed while still starting (during recovery), 0..1. */
  readonly earlyKillShare?: number;
  /**
   * Share of kills after which a partial record is appended to the journal,
   * as a torn write of an unacknowledged batch would leave it, 0..1.
   */
  readonly tornShare?: number;
  readonly snapshotEvery?: number;
  readonly segmentBytes?: number;
  /** Keep the data directory here instead of a temp dir that is removed. */
  readonly dataDir?: string;
  readonly log?: (line: string) => void;
}

export interface CrashSummary {
  readonly rounds: number;
  readonly acked: number;
  readonly ackedRejections: number;
  readonly lastSeq: number;
  readonly tornTailsRecovered: number;
  readonly snapshotStarts: number;
  readonly earlyKills: number;
  readonly recoveryMs: number[];
  readonly elapsedMs: number;
  readonly violations: string[];
}

interface Run {
  ready: ReadyMessage | null;
  acks: AckMessage[];
  exit: Promise<{ code: number | null; signal: string | null }>;
  readyAt: Promise<ReadyMessage | null>;
  stderr: () => string;
  kill: () => void;
}

function startWorker(dataDir: string, seed: number, snapshotEvery: number, segmentBytes: number): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, dataDir, String(seed), String(snapshotEvery), String(segmentBytes)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buf = '';
  let err = '';
  let onReady: (r: ReadyMessage | null) => void = () => undefined;
  const run: Run = {
    ready: null,
    acks: [],
    exit: new Promise((res) => child.on('exit', (code, signal) => res({ code, signal }))),
    readyAt: new Promise((res) => (onReady = res)),
    stderr: () => err,
    kill: () => child.kill('SIGKILL'),
  };
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const m = JSON.parse(buf.slice(0, nl)) as WorkerMessage;
      buf = buf.slice(nl + 1);
      if (m.k === 'ack') run.acks.push(m);
      else {
        run.ready = m;
        onReady(m);
      }
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (err += chunk));
  void run.exit.then(() => onReady(null));
  return run;
}

/** The start of a record whose payload never made it to disk: a header and part of a payload. */
function tornRecord(rnd: () => number): Buffer {
  const b = Buffer.alloc(16 + Math.floor(rnd() * 24));
  b.writeUInt32LE(40 + Math.floor(rnd() * 40), 0);
  for (let i = 4; i < b.length; i++) b[i] = Math.floor(rnd() * 256);
  return b.subarray(0, 1 + Math.floor(rnd() * b.length));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runCrashRounds(opts: CrashOptions): Promise<CrashSummary> {
  const log = opts.log ?? (() => undefined);
  const rnd = prng(opts.seed);
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'openmart-crash-'));
  const minKill = opts.minKillMs ?? 100;
  const maxKill = opts.maxKillMs ?? 1500;
  const early = opts.earlyKillShare ?? 0.15;
  const tornShare = opts.tornShare ?? 0.25;
  const snapshotEvery = opts.snapshotEvery ?? 3000;
  const segmentBytes = opts.segmentBytes ?? 256 * 1024;
  const started = performance.now();
  const book = new AckBook();
  const violations: string[] = [];
  const recoveryMs: number[] = [];
  let expected = verifyDataDir(dataDir, book);
  let rounds = 0;
  let torn = 0;
  let snapStarts = 0;
  let earlyKills = 0;

  const checkReady = (r: ReadyMessage, round: number): void => {
    recoveryMs.push(r.recoveryMs);
    if (r.torn !== null) torn++;
    if (r.baseSnapshot !== null) snapStarts++;
    if (r.lastSeq !== expected.lastSeq) violations.push(`round ${round}: recovered to seq ${r.lastSeq}, journal replay ends at ${expected.lastSeq}`);
    else if (r.stateHash !== expected.stateHash) violations.push(`round ${round}: recovered state hash ${r.stateHash} differs from a fresh replay (${expected.stateHash})`);
    if (r.invalid !== null) violations.push(`round ${round}: recovered engine fails validate(): ${r.invalid}`);
    for (const x of r.skipped) log(`round ${round}: recovery skipped snapshot ${x}`);
  };

  const oneRun = async (round: number, final: boolean): Promise<void> => {
    const run = startWorker(dataDir, opts.seed * 1000 + round, snapshotEvery, segmentBytes);
    const killEarly = !final && rnd() < early;
    if (killEarly) {
      earlyKills++;
      await sleep(Math.floor(rnd() * 600));
      run.kill();
    } else {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<null>((r) => (timer = setTimeout(() => r(null), 60_000)));
      const ready = await Promise.race([run.readyAt, timeout]);
      clearTimeout(timer);
      if (ready === null) violations.push(`round ${round}: worker never became ready: ${run.stderr().slice(-2000)}`);
      else await sleep(final ? 50 : minKill + Math.floor(rnd() * (maxKill - minKill)));
      run.kill();
    }
    const exit = await run.exit;
    if (exit.signal !== 'SIGKILL') violations.push(`round ${round}: worker exited by itself (code ${exit.code}): ${run.stderr().slice(-2000)}`);
    if (run.ready !== null) checkReady(run.ready, round);
    for (const a of run.acks) {
      const dup = book.add(a);
      if (dup !== null) violations.push(`round ${round}: ${dup}`);
    }
    const v = verifyDataDir(dataDir, book);
    for (const x of v.violations) violations.push(`round ${round}: ${x}`);
    expected = v;
    if (!final && rnd() < tornShare) {
      const last = listSegments(journalDir(dataDir)).at(-1);
      if (last !== undefined) appendFileSync(last.path, tornRecord(rnd));
    }
    log(
      `round ${String(round).padStart(3)}: ${killEarly ? 'killed during start-up' : 'killed while running'}, ` +
        `${run.acks.length} acks, journal at seq ${v.lastSeq}${v.torn ? `, torn tail ${v.torn.bytes} B` : ''}` +
        (run.ready ? `, recovered in ${run.ready.recoveryMs} ms (${run.ready.replayed} replayed from ${run.ready.baseSnapshot ?? 'seq 0'})` : ''),
    );
  };

  try {
    while (rounds < opts.rounds && (performance.now() - started) / 1000 < opts.seconds && violations.length === 0) {
      rounds++;
      await oneRun(rounds, false);
    }
    if (violations.length === 0) await oneRun(rounds + 1, true);
  } finally {
    if (opts.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
  }
  let rejected = 0;
  for (const l of book.rejected.values()) rejected += l.length;
  return {
    rounds,
    acked: book.count,
    ackedRejections: rejected,
    lastSeq: expected.lastSeq,
    tornTailsRecovered: torn,
    snapshotStarts: snapStarts,
    earlyKills,
    recoveryMs,
    elapsedMs: performance.now() - started,
    violations,
  };
}
