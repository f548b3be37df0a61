/**
 * The projection keeps the newest candle per (symbol, step) in memory instead
 * of reading it back: its candles must equal those computed from scratch
 * from the trades (an independent oracle below), and the whole file must
 * equal that of a fresh store fed the same batches, also across a reopen
 * (empty cache, loaded from the table), after rolled-back transactions
 * (cache dropped), with the writer thread, and when a stored candle is newer
 * than a trade's bucket (the read-back fallback).
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { CommittedCommand, TradeView } from '../../src/domain/index.js';
import { STEPS } from '../../src/store/candle-math.js';
import type { CandleUnits } from '../../src/store/port.js';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { Journal, MARKET, balance, executed, order, placed } from './fixtures.js';

const SYMBOLS = [MARKET.symbol, 'ABC_ETH', 'XYZ_ETH'];
const MIN = 60_000;

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'openmart-candle-cache-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A seeded generator (xorshift32), so a failure repeats. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

/**
 * Commands with trades on three symbols whose times move 0-3 minutes ahead
 * (so buckets close inside batches) and now and then step back up to an
 * hour; some commands carry no trade, some two.
 */
function flow(count: number, seed: number): CommittedCommand[] {
  const r = rng(seed);
  const j = new Journal();
  const out: CommittedCommand[] = [];
  let time = Date.UTC(2026, 2, 1, 23, 30);
  let tradeId = 0;
  for (let i = 1; i <= count; i++) {
    time += Math.floor(r() * 3 * MIN);
    const at = r() < 0.08 ? time - Math.floor(r() * 60 * MIN) : time;
    const trades = r() < 0.2 ? 0 : r() < 0.8 ? 1 : 2;
    const events = [placed({ id: i, createdAt: at }), balance({ accountId: 1, currency: 'ETH', frozenDelta: 5n, time: at })];
    for (let k = 0; k < trades; k++) {
      const price = 50 + Math.floor(r() * 100);
      events.push(executed({ id: ++tradeId, symbol: SYMBOLS[Math.floor(r() * SYMBOLS.length)], price, amount: 1 + Math.floor(r() * 40), time: at + k }));
    }
    out.push(j.commit(...events));
  }
  return out;
}

function cut(commands: readonly CommittedCommand[], sizes: readonly number[]): CommittedCommand[][] {
  const out: CommittedCommand[][] = [];
  for (let i = 0, k = 0; i < commands.length; k++) {
    out.push(commands.slice(i, i + sizes[k % sizes.length]));
    i += sizes[k % sizes.length];
  }
  return out;
}

/** Candles computed from scratch: trades in order, each symbol's time never going back, epoch-aligned buckets. */
function oracle(commands: readonly CommittedCommand[]): Map<string, CandleUnits[]> {
  const trades: TradeView[] = [];
  for (const c of commands) for (const e of c.events) if (e.type === 'tradeExecuted') trades.push(e.trade);
  const last = new Map<string, number>();
  const buckets = new Map<string, CandleUnits>();
  for (const t of trades) {
    const time = Math.max(t.time, last.get(t.symbol) ?? -Infinity);
    last.set(t.symbol, time);
    for (const step of STEPS) {
      const start = Math.floor(time / (step * MIN)) * step * MIN;
      const key = `${t.symbol} ${step} ${start}`;
      const c = buckets.get(key);
      buckets.set(key, c === undefined
        ? { symbol: t.symbol, step, time: start, open: t.price, high: t.price, low: t.price, close: t.price, volume: BigInt(t.amount), quoteVolume: t.quoteAmount }
        : { ...c, high: Math.max(c.high, t.price), low: Math.min(c.low, t.price), close: t.price, volume: c.volume + BigInt(t.amount), quoteVolume: c.quoteVolume + t.quoteAmount });
    }
  }
  const out = new Map<string, CandleUnits[]>();
  for (const c of buckets.values()) {
    const k = `${c.symbol} ${c.step}`;
    out.set(k, [...(out.get(k) ?? []), c]);
  }
  for (const list of out.values()) list.sort((a, b) => a.time - b.time);
  return out;
}

function storedCandles(store: SqliteStore): Map<string, CandleUnits[]> {
  const out = new Map<string, CandleUnits[]>();
  for (const symbol of SYMBOLS) {
    for (const step of STEPS) {
      const list = store.candles({ symbol, step, from: 0, to: Number.MAX_SAFE_INTEGER, limit: 1_000_000, keep: 'latest' });
      if (list.length > 0) out.set(`${symbol} ${step}`, [...list]);
    }
  }
  return out;
}

/** Every row of every table of a closed store file. */
function dump(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
    return Object.fromEntries(tables.map(({ name }) => {
      const columns = db.prepare(`SELECT name FROM pragma_table_info('${name}')`).all().map((_, i) => i + 1);
      return [name, db.prepare(`SELECT * FROM ${name} ORDER BY ${columns.join(', ')}`).all()];
    }));
  } finally {
    db.close();
  }
}

async function fresh(path: string, batches: readonly (readonly CommittedCommand[])[]): Promise<Record<string, unknown[]>> {
  const store = new SqliteStore({ path });
  for (const b of batches) store.applyBatch(b);
  await store.close();
  return dump(path);
}

test('candles equal the from-scratch oracle for any batching', async (t) => {
  const dir = tempDir(t);
  const commands = flow(1500, 1);
  const want = oracle(commands);
  assert.ok([...want.values()].some((l) => l.length > 100), 'the flow spans many one-minute buckets');
  let n = 0;
  for (const sizes of [[1], [3, 1, 17], [250], [commands.length]]) {
    const store = new SqliteStore({ path: join(dir, `s${n++}.db`) });
    for (const b of cut(commands, sizes)) store.applyBatch(b);
    assert.deepEqual(storedCandles(store), want, `batch sizes ${sizes.join(',')}`);
    await store.close();
  }
});

test('reopening (the cache starts empty and loads from the table) changes nothing', async (t) => {
  const dir = tempDir(t);
  const commands = flow(1200, 2);
  const batches = cut(commands, [5, 1, 40, 2]);
  const path = join(dir, 'reopened.db');
  for (const [from, to] of [[0, 37], [37, 38], [38, 120], [120, batches.length]]) {
    const store = new SqliteStore({ path });
    for (const b of batches.slice(from, to)) store.applyBatch(b);
    await store.close();
  }
  const reference = await fresh(join(dir, 'fresh.db'), batches);
  assert.deepEqual(dump(path), reference);
  const store = new SqliteStore({ path });
  assert.deepEqual(storedCandles(store), oracle(commands));
  await store.close();
});

test('after rolled-back transactions (seq gap, SQL error) the cache is reloaded: same file as a fresh store', async (t) => {
  const dir = tempDir(t);
  const commands = flow(900, 3);
  const batches = cut(commands, [4, 9, 1]);
  const path = join(dir, 'rolled-back.db');
  const store = new SqliteStore({ path });
  let failures = 0;
  for (const [k, b] of batches.entries()) {
    const afterNext = commands[b[b.length - 1].seq + 1]; // seq: last of this batch + 2
    if (k % 10 === 3 && afterNext !== undefined) {
      // This batch and then a gap: its trades are merged into the cache before the gap rolls everything back.
      assert.throws(() => store.applyBatch([...b, afterNext]), /gap or disorder/);
      failures++;
    }
    if (k % 10 === 7) {
      // This batch plus a copy of its last command under the next seq: the repeated trade id fails the insert.
      const last = b[b.length - 1];
      const repeat = { ...last, seq: last.seq + 1 };
      if (last.events.some((e) => e.type === 'tradeExecuted')) {
        assert.throws(() => store.applyBatch([...b, repeat]), /UNIQUE/);
        failures++;
      }
    }
    store.applyBatch(b);
  }
  assert.ok(failures > 25, `${failures} rolled-back transactions`);
  assert.deepEqual(storedCandles(store), oracle(commands));
  await store.close();
  assert.deepEqual(dump(path), await fresh(join(dir, 'fresh.db'), batches));
});

test('writer thread: same file as a fresh inline store, across a writer failure and a restart that replays', async (t) => {
  const dir = tempDir(t);
  const commands = flow(1000, 4);
  const batches = cut(commands, [1, 2, 6, 30]);
  const path = join(dir, 'worker.db');
  const errors: Error[] = [];
  const first = new SqliteStore({ path, writer: 'worker', maxLagCommands: 100, onWriterError: (e) => errors.push(e) });
  for (const b of batches.slice(0, 60)) first.applyBatch(b);
  await first.settled();
  const at = first.lastAppliedSeq();
  first.applyBatch([...commands.slice(at, at + 3), commands[at + 4]]); // a gap after three commands with trades
  await assert.rejects(first.settled(), /gap or disorder/);
  await assert.rejects(first.close());
  assert.equal(errors.length, 1);

  const second = new SqliteStore({ path, writer: 'worker', maxLagCommands: 100 });
  assert.equal(second.lastAppliedSeq(), at, 'the failed transaction left nothing');
  for (const b of batches) second.applyBatch(b); // replay: what is stored is skipped
  await second.settled();
  assert.deepEqual(storedCandles(second), oracle(commands));
  await second.close();
  assert.deepEqual(dump(path), await fresh(join(dir, 'fresh.db'), batches));
});

test('a stored candle newer than a trade\'s bucket: the trade is merged into its own bucket, read back', async (t) => {
  const path = join(tempDir(t), 'store.db');
  const t0 = Date.UTC(2026, 3, 1, 12, 0, 10);
  const first = new SqliteStore({ path });
  await first.close();
  // A newer candle than any trade (the table is not the trades' own: e.g. an older version's rows).
  const db = new Database(path);
  db.prepare('INSERT INTO candles VALUES (?, 1, ?, 7, 7, 7, 7, ?, ?)').run(MARKET.symbol, t0 + 10 * MIN - 10_000, '1', '7');
  db.close();
  const store = new SqliteStore({ path });
  const j = new Journal();
  store.applyBatch([j.commit(executed({ id: 1, price: 100, amount: 2, time: t0 })), j.commit(executed({ id: 2, price: 90, amount: 1, time: t0 + 1000 }))]);
  store.applyBatch([j.commit(executed({ id: 3, price: 120, amount: 4, time: t0 + 2000 }))]);
  const oneMinute = store.candles({ symbol: MARKET.symbol, step: 1, from: 0, to: Number.MAX_SAFE_INTEGER, limit: 10, keep: 'latest' });
  assert.deepEqual(oneMinute.map((c) => [c.time, c.open, c.high, c.low, c.close, c.volume, c.quoteVolume]), [
    [t0 - 10_000, 100, 120, 90, 120, 7n, 200n + 90n + 480n],
    [t0 + 10 * MIN - 10_000, 7, 7, 7, 7, 1n, 7n],
  ]);
  const fiveMinutes = store.candles({ symbol: MARKET.symbol, step: 5, from: 0, to: Number.MAX_SAFE_INTEGER, limit: 10, keep: 'latest' });
  assert.deepEqual(fiveMinutes.map((c) => [c.open, c.close, c.volume]), [[100, 120, 7n]], 'steps without a newer row merge in memory');
  await store.close();
});

test('orders and ledger of a batch stay as before next to the candles (sanity of the shared transaction)', async (t) => {
  const path = join(tempDir(t), 'store.db');
  const store = new SqliteStore({ path });
  const j = new Journal();
  const o = order({ id: 1 });
  store.applyBatch([j.commit(placed(o), executed({ id: 1, price: 5, amount: 5, time: 1 }), balance({ accountId: 1, currency: 'ETH', availableDelta: -25n, time: 1 }))]);
  assert.equal(store.getOrder(1, 1)?.id, 1);
  assert.equal(store.ledger({ accountId: 1, limit: 10 }).length, 1);
  assert.equal(store.candles({ symbol: MARKET.symbol, step: 1, from: 0, to: 10, limit: 10, keep: 'latest' }).length, 1);
  await store.close();
});
