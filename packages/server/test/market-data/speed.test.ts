/** Cost of the cached read paths (printed, not asserted). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MarketData } from '../../src/app/market-data/index.js';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { Journal, MARKET, executed } from '../store/fixtures.js';
import { FakeEngine } from './fake-engine.js';

test('cached ticker, book and trades reads are cheap (time printed)', () => {
  const engine = new FakeEngine();
  engine.setDepth(MARKET.symbol, 'buy', Array.from({ length: 2000 }, (_, i) => ({ price: 1_000_000 - i * 7, amount: 100 + i, count: 1 + (i % 3) })));
  engine.setDepth(MARKET.symbol, 'sell', Array.from({ length: 2000 }, (_, i) => ({ price: 1_000_001 + i * 7, amount: 100 + i, count: 1 })));
  const store = new SqliteStore({ path: ':memory:' });
  const md = new MarketData({ engine, store, publicBaseUrl: 'http://h', bookSource: 'engine' });
  const j = new Journal();
  const now = Date.UTC(2026, 10, 23);
  md.applyBatch(Array.from({ length: 1000 }, (_, i) => j.commit(executed({ id: i + 1, price: 1_000_000 + (i % 50), amount: 10, time: now - 1000 + i }))));
  const n = 100_000;
  const time = (f: () => unknown) => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) f();
    return Number(process.hrtime.bigint() - t) / n;
  };
  const cold = process.hrtime.bigint();
  const book = md.book(MARKET.symbol, 6);
  const coldNs = Number(process.hrtime.bigint() - cold);
  assert.equal(book?.buys.length, 50);
  const ticker = time(() => md.ticker(MARKET.symbol, now + 5000));
  const cachedBook = time(() => md.book(MARKET.symbol, 6));
  const trades = time(() => md.trades(MARKET.symbol));
  console.log(`market-data: cold book(precision 6) ${(coldNs / 1000).toFixed(0)} us; cached per call: ticker ${ticker.toFixed(0)} ns, book ${cachedBook.toFixed(0)} ns, trades ${trades.toFixed(0)} ns`);
});
