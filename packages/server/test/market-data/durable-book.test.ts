/**
 * The public book never shows work that is not durable yet: the engine may
 * already hold the next batch while the previous one is being synced, but
 * MarketData's levels and best bid/ask follow only the committed batches it
 * was given. Checked against a second engine that applied exactly the
 * durable prefix, over a seeded random flow with the projection one batch
 * behind the live engine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command, CommittedCommand } from '../../src/domain/index.js';
import { Engine } from '../../src/engine/engine.js';
import { aggregateBook } from '../../src/app/market-data/book.js';
import { MarketData } from '../../src/app/market-data/index.js';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { makeWorkload, WORKLOAD_MARKET } from '../support/workload.js';

test('book and best prices follow the durable batches, not the engine running ahead', () => {
  const { setup, flow } = makeWorkload({ seed: 11, count: 6_000, accounts: 20, ticks: 60 });
  const live = new Engine();
  const durable = new Engine();
  for (const c of setup) {
    assert.ok(live.apply(c).ok);
    assert.ok(durable.apply(c).ok);
  }
  const store = new SqliteStore({ path: ':memory:' });
  const md = new MarketData({ engine: live, store, publicBaseUrl: 'http://h' });
  md.syncBook(live);
  const symbol = WORKLOAD_MARKET.symbol;
  let seq = 0;
  let pending: { commands: Command[]; committed: CommittedCommand[] } | null = null;
  let compared = 0;
  for (let i = 0; i < flow.length; i += 250) {
    // The live engine applies the next batch ("submitted while the previous one syncs").
    const batch = { commands: [] as Command[], committed: [] as CommittedCommand[] };
    for (const c of flow.slice(i, i + 250)) {
      const out = live.apply(c);
      batch.commands.push(c);
      if (out.ok) batch.committed.push({ seq: ++seq, command: c, events: out.events });
    }
    // The previous batch becomes durable: projection and reference engine catch up to it.
    if (pending !== null) {
      for (const c of pending.commands) durable.apply(c);
      md.applyBatch(pending.committed);
      for (let p = WORKLOAD_MARKET.pricePrecisionMin; p <= WORKLOAD_MARKET.pricePrecisionMax; p++) {
        const want = aggregateBook((s, side, n) => durable.depth(s, side, n), WORKLOAD_MARKET, p, 1_000);
        const got = md.bookUnits(symbol, p);
        assert.deepEqual(got?.bids, want.bids.slice(0, 50), `bids at precision ${p} after seq ${seq}`);
        assert.deepEqual(got?.asks, want.asks.slice(0, 50), `asks at precision ${p} after seq ${seq}`);
      }
      const t = md.tickerUnits(symbol, 1_700_000_000_000 + i);
      assert.deepEqual(t?.bestBid, durable.depth(symbol, 'buy', 1)[0]);
      assert.deepEqual(t?.bestAsk, durable.depth(symbol, 'sell', 1)[0]);
      compared++;
    }
    pending = batch;
  }
  assert.ok(compared > 20);
  // The live engine really was ahead: its book differs from the durable one at the end.
  assert.notDeepEqual(live.depth(symbol, 'buy', 1_000), durable.depth(symbol, 'buy', 1_000));
  store.close();
});

test('syncBook seeds the levels from the engine at start-up', () => {
  const { setup, flow } = makeWorkload({ seed: 12, count: 2_000, accounts: 10, ticks: 60 });
  const engine = new Engine();
  for (const c of [...setup, ...flow]) engine.apply(c);
  const store = new SqliteStore({ path: ':memory:' });
  const md = new MarketData({ engine, store, publicBaseUrl: 'http://h' });
  md.syncBook(engine);
  const p = WORKLOAD_MARKET.pricePrecisionMax;
  const want = aggregateBook((s, side, n) => engine.depth(s, side, n), WORKLOAD_MARKET, p, 50);
  assert.deepEqual(md.bookUnits(WORKLOAD_MARKET.symbol, p), want);
  assert.ok(want.bids.length > 0 && want.asks.length > 0);
  store.close();
});
