/**
 * SqliteStore with writer 'worker': the same reads as inline after
 * settled(), seq semantics, back-pressure, failures, draining close, and the
 * writer thread loading when tsx is registered the way bin/openmart.mjs does.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { CommittedCommand } from '../../src/domain/index.js';
import { STEPS } from '../../src/store/candle-math.js';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { Journal, MARKET, balance, executed, order, placed, updated } from './fixtures.js';

const OTHER = 'ABC_ETH';

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'openmart-store-worker-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Two commands per step: a resting maker, then a taker that (partly) fills it; two symbols, four days of times. */
function flow(steps: number): CommittedCommand[] {
  const j = new Journal();
  const out: CommittedCommand[] = [];
  const t0 = Date.UTC(2026, 0, 1);
  for (let i = 1; i <= steps; i++) {
    const symbol = i % 3 === 0 ? OTHER : MARKET.symbol;
    const time = t0 + i * 1_234_567 - (i % 17 === 0 ? 3_600_000 : 0); // now and then the clock steps back
    const maker = order({ id: 2 * i - 1, accountId: 1 + (i % 4), symbol, side: 'sell', price: 900 + (i % 50), createdAt: time - 500 });
    const taker = order({ id: 2 * i, accountId: 5 + (i % 3), symbol, side: 'buy', price: 1000, createdAt: time });
    const amount = i % 2 === 0 ? 1000 : 400;
    out.push(j.commit(placed(maker), balance({ accountId: maker.accountId, currency: 'BMX', reason: 'freeze', frozenDelta: 1000n, time })));
    out.push(j.commit(
      placed(taker),
      executed({ id: i, symbol, price: maker.price, amount, time, maker: { order: maker.id, account: maker.accountId }, taker: { order: taker.id, account: taker.accountId }, makerFee: BigInt(i), takerFee: 2n }),
      updated(maker, amount === 1000 ? 3 : 2, 1000 - amount, time, BigInt(i)),
      updated(taker, amount === 1000 ? 3 : 2, 1000 - amount, time, 2n),
      balance({ accountId: taker.accountId, currency: 'ETH', reason: 'trade', availableDelta: -BigInt(amount * maker.price), tradeId: i, time }),
    ));
  }
  return out;
}

/** Cuts commands into batches of cycling sizes. */
function batches(commands: readonly CommittedCommand[], sizes: readonly number[] = [1, 7, 3, 50, 2]): CommittedCommand[][] {
  const out: CommittedCommand[][] = [];
  for (let i = 0, k = 0; i < commands.length; k++) {
    const n = sizes[k % sizes.length];
    out.push(commands.slice(i, i + n));
    i += n;
  }
  return out;
}

/** Every QueryStore read over the accounts, orders and symbols of flow(). */
function everything(store: SqliteStore, steps: number): unknown {
  const accounts = [1, 2, 3, 4, 5, 6, 7];
  const symbols = [MARKET.symbol, OTHER];
  return {
    seq: store.lastAppliedSeq(),
    orders: accounts.map((accountId) => store.listOrders({ accountId, statuses: [], page: 0, pageSize: undefined })),
    open: accounts.map((accountId) => store.listOrders({ accountId, statuses: [1, 2], page: 1, pageSize: 5 })),
    byId: Array.from({ length: 2 * steps }, (_, k) => {
      const i = (k >> 1) + 1; // the flow() step of order id k + 1
      return store.getOrder(k % 2 === 0 ? 1 + (i % 4) : 5 + (i % 3), k + 1);
    }),
    fills: accounts.map((accountId) => store.listFills({ accountId })),
    ledger: accounts.map((accountId) => store.ledger({ accountId, limit: 10_000 })),
    candles: symbols.map((symbol) => STEPS.map((step) => store.candles({ symbol, step, from: 0, to: Number.MAX_SAFE_INTEGER, limit: 100_000, keep: 'latest' }))),
    recent: symbols.map((s) => store.recentTrades(s, 10_000)),
    since: symbols.map((s) => store.tradesSince(s, 0)),
    symbols: store.tradedSymbols(),
  };
}

test('worker and inline stores give identical reads for the same batches', async (t) => {
  const dir = tempDir(t);
  const steps = 400;
  const all = batches(flow(steps));
  const inline = new SqliteStore({ path: join(dir, 'inline.db') });
  const worker = new SqliteStore({ path: join(dir, 'worker.db'), writer: 'worker', maxLagCommands: 64 });
  for (const b of all) {
    inline.applyBatch(b);
    worker.applyBatch(b);
  }
  await worker.settled();
  assert.equal(worker.lastAppliedSeq(), 2 * steps);
  const expected = everything(inline, steps);
  assert.deepEqual(everything(worker, steps), expected);
  await worker.close();
  await inline.close();
  const reopened = new SqliteStore({ path: join(dir, 'worker.db') });
  assert.deepEqual(everything(reopened, steps), expected, 'the same after close and reopen');
  await reopened.close();
});

test('lastAppliedSeq starts at meta.last_seq; settled(); already handed seqs are ignored', async (t) => {
  const path = join(tempDir(t), 'store.db');
  const commands = flow(10); // 20 commands
  const first = new SqliteStore({ path });
  first.applyBatch(commands.slice(0, 6));
  await first.settled(); // inline: resolved at once
  await first.close();

  const store = new SqliteStore({ path, writer: 'worker' });
  t.after(() => store.close().catch(() => undefined));
  assert.equal(store.lastAppliedSeq(), 6, 'known before the worker says anything');
  await store.settled(); // nothing handed: resolves
  store.applyBatch(commands.slice(0, 10)); // 1..6 skipped, 7..10 handed
  store.applyBatch(commands.slice(8, 10)); // all handed already: nothing
  const settledAt10 = store.settled();
  store.applyBatch(commands.slice(10, 20));
  await settledAt10;
  assert.ok(store.lastAppliedSeq() >= 10);
  await store.settled();
  assert.equal(store.lastAppliedSeq(), 20);
  assert.equal(store.recentTrades(MARKET.symbol, 100).length + store.recentTrades(OTHER, 100).length, 10, 'no trade twice');
  const ledgerRows = [1, 2, 3, 4, 5, 6, 7].reduce((n, accountId) => n + store.ledger({ accountId, limit: 100 }).length, 0);
  assert.equal(ledgerRows, 20);
  store.applyBatch(commands); // a full replay of what it has: nothing
  await store.settled();
  assert.equal(store.lastAppliedSeq(), 20);
});

test('back-pressure: the uncommitted lag stays within the bound, and everything arrives', async (t) => {
  const path = join(tempDir(t), 'store.db');
  const max = 50;
  const chunk = 10;
  const commands = flow(1500); // 3000 commands
  const store = new SqliteStore({ path, writer: 'worker', maxLagCommands: max });
  t.after(() => store.close().catch(() => undefined));
  let handed = 0;
  let worst = 0;
  for (let i = 0; i < commands.length; i += chunk) {
    const part = commands.slice(i, i + chunk);
    store.applyBatch(part);
    handed = part[part.length - 1].seq;
    worst = Math.max(worst, handed - store.lastAppliedSeq());
  }
  t.diagnostic(`largest lag seen after applyBatch: ${worst} commands (bound ${max})`);
  assert.ok(worst <= max, `lag ${worst} > ${max}`);
  // A chunk larger than the bound waits until everything before it is committed, then goes over alone.
  const big = flow(1600).slice(3000);
  store.applyBatch(big);
  assert.ok(3200 - store.lastAppliedSeq() <= big.length);
  await store.settled();
  assert.equal(store.lastAppliedSeq(), 3200);
  assert.equal(store.listFills({ accountId: 5, pageSize: 1 }).total + store.listFills({ accountId: 6, pageSize: 1 }).total +
    store.listFills({ accountId: 7, pageSize: 1 }).total, 1600);
});

test('a seq gap fails the writer: onWriterError once, settled rejects, applyBatch and close throw it', async (t) => {
  const path = join(tempDir(t), 'store.db');
  const errors: Error[] = [];
  const store = new SqliteStore({ path, writer: 'worker', onWriterError: (err) => errors.push(err) });
  const j = new Journal();
  store.applyBatch([j.commit(placed({ id: 1 })), j.commit(placed({ id: 2 }))]);
  await store.settled();
  j.seq += 1; // seq 3 is missing
  store.applyBatch([j.commit(placed({ id: 4 }))]);
  await assert.rejects(store.settled(), /seq 4 after 2 \(gap/);
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /gap/);
  assert.throws(() => store.applyBatch([j.commit(placed({ id: 5 }))]), (err) => err === errors[0]);
  await assert.rejects(store.settled(), (err) => err === errors[0]);
  assert.equal(store.lastAppliedSeq(), 2);
  assert.equal(store.getOrder(1, 2)?.id, 2, 'reads still answer with what was committed');
  await assert.rejects(store.close(), (err) => err === errors[0]);
  await assert.rejects(store.close(), (err) => err === errors[0], 'idempotent');
  assert.equal(errors.length, 1, 'reported once');
  const after = new SqliteStore({ path });
  assert.equal(after.lastAppliedSeq(), 2, 'nothing of the failed batch is in the file');
  await after.close();
});

test('a failure while applyBatch is blocked on the lag bound wakes it with the writer\'s error', async (t) => {
  const path = join(tempDir(t), 'store.db');
  const errors: Error[] = [];
  const store = new SqliteStore({ path, writer: 'worker', maxLagCommands: 10, onWriterError: (err) => errors.push(err) });
  const j = new Journal();
  const run = (n: number): CommittedCommand[] => Array.from({ length: n }, () => j.commit(placed({ id: j.seq + 1 })));
  store.applyBatch(run(5));
  j.seq += 1; // seq 6 is missing
  store.applyBatch(run(10)); // waits for 1..5, then hands 7..16 over
  assert.throws(() => store.applyBatch(run(10)), /seq 7 after 5 \(gap/, 'blocked until the worker failed, then thrown');
  assert.equal(errors.length, 1);
  assert.equal(store.lastAppliedSeq(), 5);
  await assert.rejects(store.settled(), (err) => err === errors[0]);
  await assert.rejects(store.close(), (err) => err === errors[0]);
  assert.equal(errors.length, 1);
});

test('a writer thread that commits nothing while applyBatch is blocked on the lag bound fails the store after stallMs', async (t) => {
  const path = join(tempDir(t), 'store.db');
  const errors: Error[] = [];
  const store = new SqliteStore({ path, writer: 'worker', maxLagCommands: 10, stallMs: 300, handOffMs: 0, onWriterError: (err) => errors.push(err) });
  await store.settled();
  // Another connection holds the write lock: the writer waits on it (busy timeout 5 s) and commits nothing.
  const blocker = new Database(path);
  blocker.exec('BEGIN EXCLUSIVE');
  try {
    const j = new Journal();
    const run = (n: number): CommittedCommand[] => Array.from({ length: n }, () => j.commit(placed({ id: j.seq + 1 })));
    store.applyBatch(run(8));
    const t0 = performance.now();
    assert.throws(() => store.applyBatch(run(8)), /committed nothing for \d+ ms while 8 commands waited/);
    const waited = performance.now() - t0;
    assert.ok(waited >= 250 && waited < 4_000, `blocked ${Math.round(waited)} ms`);
    assert.equal(errors.length, 1);
    await assert.rejects(store.settled(), (err) => err === errors[0]);
  } finally {
    blocker.exec('ROLLBACK');
    blocker.close();
  }
  await assert.rejects(store.close(), (err) => err === errors[0]);
});

test('an SQL error in the writer thread fails the store the same way', async (t) => {
  const path = join(tempDir(t), 'store.db');
  const errors: Error[] = [];
  const store = new SqliteStore({ path, writer: 'worker', onWriterError: (err) => errors.push(err) });
  const j = new Journal();
  store.applyBatch([j.commit(placed({ id: 1 }))]);
  await store.settled();
  const other = new Database(path);
  other.exec('DROP TABLE trades');
  other.close();
  store.applyBatch([j.commit(executed({ id: 1, price: 5, amount: 5, time: 1 }))]);
  await assert.rejects(store.settled(), /trades/);
  assert.equal(errors.length, 1);
  assert.throws(() => store.applyBatch([j.commit(placed({ id: 3 }))]), /trades/);
  await assert.rejects(store.close(), /trades/);
  assert.equal(errors.length, 1);
});

test('close() commits everything handed over before it stops', async (t) => {
  const path = join(tempDir(t), 'store.db');
  const commands = flow(1000);
  const store = new SqliteStore({ path, writer: 'worker' });
  for (const c of commands) store.applyBatch([c]);
  const behind = commands.length - store.lastAppliedSeq();
  await store.close();
  t.diagnostic(`${behind} of ${commands.length} commands were not committed yet when close() was called`);
  await store.close(); // idempotent
  assert.throws(() => store.applyBatch(flow(1001).slice(2000)), /closed/);
  const again = new SqliteStore({ path });
  assert.equal(again.lastAppliedSeq(), commands.length);
  assert.equal(again.recentTrades(MARKET.symbol, 10_000).length + again.recentTrades(OTHER, 10_000).length, 1000);
  await again.close();
});

test("writer 'worker' refuses ':memory:'; inline close() is synchronous and idempotent", async () => {
  assert.throws(() => new SqliteStore({ path: ':memory:', writer: 'worker' }), /':memory:'/);
  const store = new SqliteStore({ path: ':memory:' });
  const closed = store.close();
  assert.throws(() => store.tradedSymbols(), /not open/);
  await closed;
  await store.close();
});

/** A plain `node` child (no --import tsx) that registers tsx like bin/openmart.mjs, then uses a worker store. */
async function childRun(dir: string, mode: 'settle' | 'unclosed' | 'exit-pending', path: string): Promise<{ code: number | null; out: string; err: string }> {
  const script = join(dir, `child-${mode}.mjs`);
  writeFileSync(script, `
import { register } from 'node:module';
import { register as registerTsx } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
registerTsx();
register('data:text/javascript,' + encodeURIComponent(\`export function resolve(specifier, context, next) {
  const conditions = context.conditions.includes('openmart-source') ? context.conditions : [...context.conditions, 'openmart-source'];
  return next(specifier, { ...context, conditions });
}\`));
const { SqliteStore } = await import(${JSON.stringify(import.meta.resolve('../../src/store/sqlite/index.ts'))});
const { Journal, executed, placed } = await import(${JSON.stringify(import.meta.resolve('./fixtures.ts'))});
const [mode, path] = process.argv.slice(2);
const store = new SqliteStore({ path, writer: 'worker' });
const j = new Journal();
j.seq = store.lastAppliedSeq();
for (let i = 0; i < 200; i++) {
  store.applyBatch([j.commit(placed({ id: j.seq + 1 })), j.commit(executed({ id: j.seq + 1, price: 5, amount: 5, time: j.seq }))]);
}
if (mode !== 'exit-pending') await store.settled();
console.log(JSON.stringify({ execArgv: process.execArgv, handed: j.seq, seq: store.lastAppliedSeq(), trades: store.recentTrades('BMX_ETH', 1000).length }));
if (mode === 'settle') await store.close();
`);
  const nodeOptions = (process.env.NODE_OPTIONS ?? '')
    .replace(/--(import|require|loader)(=|\s+)\S+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const child = spawn(process.execPath, [script, mode, path], {
    env: { ...process.env, NODE_OPTIONS: nodeOptions },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  return { code, out, err };
}

test('bin-style loading (tsx registered by register(), no --import): the worker loads, writes, and never holds the process', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'store.db');
  const settle = await childRun(dir, 'settle', path);
  assert.equal(settle.code, 0, settle.err);
  const r = JSON.parse(settle.out) as { execArgv: string[]; handed: number; seq: number; trades: number };
  assert.ok(!r.execArgv.some((a) => a.includes('import') || a.includes('tsx')), `child execArgv ${r.execArgv.join(' ')}`);
  assert.deepEqual([r.handed, r.seq, r.trades], [400, 400, 200]);

  const unclosed = await childRun(dir, 'unclosed', path); // settled, never closed: must still exit
  assert.equal(unclosed.code, 0, unclosed.err);
  assert.equal((JSON.parse(unclosed.out) as { seq: number }).seq, 800);

  const pending = await childRun(dir, 'exit-pending', path); // handed over, neither settled nor closed: kept alive until committed
  assert.equal(pending.code, 0, pending.err);
  assert.equal((JSON.parse(pending.out) as { handed: number }).handed, 1200);
  const store = new SqliteStore({ path });
  assert.equal(store.lastAppliedSeq(), 1200, 'no handed batch lost when the process ended without close()');
  assert.equal(store.recentTrades(MARKET.symbol, 10_000).length, 600);
  await store.close();
});
