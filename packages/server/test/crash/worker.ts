/**
 * The crash worker: a child process that opens a data directory (recovery),
 * reports the recovered state, then submits a steady seeded stream of
 * commands (users, deposits, withdrawals, orders, cancels) with a window of
 * commands in flight, printing an ack line for each as soon as its promise
 * resolves. It never stops by itself: the harness SIGKILLs it.
 *
 *   node --import tsx worker.ts <dataDir> <seed> [snapshotEvery] [segmentBytes]
 */
import type { CommandDraft } from '../../src/domain/index.js';
import { openExchange } from '../../src/app/recovery.js';
import { prng, WORKLOAD_MARKET } from '../support/workload.js';
import { commandToJson, eventsDigest, type AckMessage, type ReadyMessage } from './protocol.js';

const [dataDir, seedArg, everyArg, segmentArg] = process.argv.slice(2);
if (!dataDir || !seedArg) throw new Error('usage: worker.ts <dataDir> <seed> [snapshotEvery]');
const rnd = prng(Number(seedArg));
const int = (n: number): number => Math.floor(rnd() * n);
const WINDOW = 24;
const MID = 100_000;

function out(m: ReadyMessage | AckMessage): void {
  process.stdout.write(`${JSON.stringify(m)}\n`);
}

const t0 = performance.now();
const ex = await openExchange({ dataDir, fsync: true, snapshotEvery: Number(everyArg ?? 3000), segmentBytes: Number(segmentArg ?? 1 << 20), onFatal: (err) => {
  process.stderr.write(`worker fatal: ${err.stack ?? err.message}\n`);
  process.exit(3);
} });
const { engine, sequencer, journalInfo } = ex;
let invalid: string | null = null;
try {
  engine.validate();
} catch (err) {
  invalid = (err as Error).message;
}
out({
  k: 'ready',
  lastSeq: journalInfo.lastSeq,
  stateHash: engine.stateHash(),
  invalid,
  replayed: journalInfo.replayed,
  baseSnapshot: journalInfo.baseSnapshot?.seq ?? null,
  torn: journalInfo.torn === null ? null : `${journalInfo.torn.bytes} bytes at ${journalInfo.torn.offset}`,
  skipped: journalInfo.skippedSnapshots.map((x) => `${x.path}: ${x.reason}`),
  recoveryMs: Math.round(performance.now() - t0),
});

const sym = WORKLOAD_MARKET.symbol;
const setup: CommandDraft[] = [];
if (engine.currency('BASE') === undefined) {
  setup.push({ type: 'createCurrency', currency: { id: 'BASE', name: 'Base', scale: 8, depositEnabled: true, withdrawEnabled: true } });
  setup.push({ type: 'createCurrency', currency: { id: 'QUOTE', name: 'Quote', scale: 8, depositEnabled: true, withdrawEnabled: true } });
  setup.push({ type: 'createMarket', market: WORKLOAD_MARKET });
}
let users = engine.nextIds().account - 1;
const tag = `${seedArg}-${Date.now()}`;
let made = 0;
/** Recently accepted orders (id, owner), for cancels that can find their order. */
const placed: Array<{ id: number; accountId: number }> = [];
const FUNDS = 10n ** 15n;

function next(): CommandDraft {
  const s = setup.shift();
  if (s !== undefined) return s;
  const r = rnd();
  if (users < 5 || r < 0.03) {
    users++;
    setup.push({ type: 'deposit', accountId: users, currency: 'BASE', amount: FUNDS });
    setup.push({ type: 'deposit', accountId: users, currency: 'QUOTE', amount: FUNDS });
    return { type: 'createUser', email: `u${tag}-${made++}@crash.test`, passwordHash: 'x' };
  }
  const accountId = 1 + int(users);
  if (r < 0.12) return { type: 'deposit', accountId, currency: rnd() < 0.5 ? 'BASE' : 'QUOTE', amount: BigInt(1 + int(1_000_000)) * 1_000_000n };
  if (r < 0.15) return { type: 'withdraw', accountId, currency: rnd() < 0.5 ? 'BASE' : 'QUOTE', amount: BigInt(1 + int(1_000_000)) * 1_000n };
  if (r < 0.45 && placed.length > 0) {
    const o = placed[placed.length - 1 - int(Math.min(placed.length, 300))];
    return { type: 'cancelOrder', accountId: o.accountId, orderId: o.id };
  }
  if (r < 0.47) return { type: 'cancelAll', accountId, symbol: sym };
  const buy = rnd() < 0.5;
  const off = int(60) - 10;
  return { type: 'placeOrder', accountId, symbol: sym, side: buy ? 'buy' : 'sell', price: buy ? MID - off : MID + off, amount: 1 + int(200) };
}

async function lane(): Promise<void> {
  for (;;) {
    const after = sequencer.lastSeq;
    const r = await sequencer.submit(next());
    if (r.seq > 0 && r.command.type === 'placeOrder') {
      placed.push({ id: r.command.orderId, accountId: r.command.accountId });
      if (placed.length > 1000) placed.splice(0, 500);
    }
    out({
      k: 'ack',
      seq: r.seq,
      after,
      cmd: commandToJson(r.command),
      out: r.outcome.ok ? eventsDigest(r.outcome.events) : r.outcome.code,
    });
  }
}

await Promise.all(Array.from({ length: WINDOW }, () => lane()));
