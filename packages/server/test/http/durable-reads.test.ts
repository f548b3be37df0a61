/**
 * Reads answer as of the last durable batch: while a batch waits for its
 * fsync, the engine already holds its effects, but no reply may show them
 * (a crash would undo them). And what a reply acknowledged is readable at
 * once, although the query store is written by its own thread.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatedIo } from '../journal/helpers.js';
import { startExchange } from './harness.js';

type Wallet = Array<{ id: string; available: string; frozen: string }>;

const ticks = async (n = 5): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

test('GET /v2/wallet does not show a deposit or a fill whose batch is not yet durable', async (t) => {
  const io = new GatedIo();
  const ex = await startExchange({ io, fsync: true });
  t.after(() => ex.close());
  await ex.seedDocsMarket();
  const alice = await ex.createTrader({ ETH: '10' });
  const bob = await ex.createTrader({ BMX: '100' });
  await alice.authenticate();
  await bob.authenticate();
  const eth = async (): Promise<string> => {
    const r = await alice.get<Wallet>('/v2/wallet');
    assert.equal(r.status, 200, r.text);
    return r.body.find((w) => w.id === 'ETH')?.available ?? '';
  };
  assert.equal(await eth(), '10');

  const sold = await bob.post<{ entrust_id: number }>('/v2/orders', { symbol: 'BMX_ETH', side: 'sell', amount: '10', price: '0.1' });
  assert.equal(sold.status, 200, sold.text);

  io.hold();
  const deposit = ex.deposit(alice.accountId, 'ETH', '5');
  await ticks();
  assert.equal(ex.exchange.engine.balance(alice.accountId, 'ETH').available, 15n * 10n ** 18n, 'the engine is ahead');
  assert.equal(await eth(), '10', 'the wallet is not');
  io.release();
  await deposit;
  assert.equal(await eth(), '15');

  io.hold();
  // Alice's buy fills Bob's sell: 1 ETH (+ 0.2% taker fee in BMX, paid from what she receives).
  const buy = alice.post<{ entrust_id: number }>('/v2/orders', { symbol: 'BMX_ETH', side: 'buy', amount: '10', price: '0.1' });
  for (let i = 0; i < 50 && ex.exchange.sequencer.lastSeq === ex.exchange.sequencer.durableSeq; i++) await ticks();
  assert.notEqual(ex.exchange.sequencer.lastSeq, ex.exchange.sequencer.durableSeq, 'the order is applied, not yet durable');
  const bobWallet = await bob.get<Wallet>('/v2/wallet');
  assert.equal(bobWallet.body.find((w) => w.id === 'ETH')?.available, '0', "the counterparty's in-flight fill does not show");
  io.release();
  const placed = await buy;
  assert.equal(placed.status, 200, placed.text);
  assert.equal(await eth(), '14');
  const bobAfter = await bob.get<Wallet>('/v2/wallet');
  assert.equal(bobAfter.body.find((w) => w.id === 'ETH')?.available, '0.999');
});

test('an order whose entrust_id was answered is found at once, and so are its fills and its place in the list', async (t) => {
  const ex = await startExchange();
  t.after(() => ex.close());
  await ex.seedDocsMarket();
  const alice = await ex.createTrader({ ETH: '10' });
  const bob = await ex.createTrader({ BMX: '1000' });
  for (let i = 0; i < 20; i++) {
    const s = await bob.post<{ entrust_id: number }>('/v2/orders', { symbol: 'BMX_ETH', side: 'sell', amount: '1', price: '0.001' });
    const b = await alice.post<{ entrust_id: number }>('/v2/orders', { symbol: 'BMX_ETH', side: 'buy', amount: '1', price: '0.001' });
    assert.equal(b.status, 200, b.text);
    const [one, fills, list] = await Promise.all([
      alice.get<{ status: number }>(`/v2/orders/${b.body.entrust_id}`),
      alice.get<{ trades: unknown[] }>('/v2/trades', { entrust_id: b.body.entrust_id }),
      bob.get<{ orders: Array<{ entrust_id: number; status: number }> }>('/v2/orders', { symbol: 'BMX_ETH', status: 0, offset: 0, limit: 1 }),
    ]);
    assert.equal(one.status, 200, one.text);
    assert.equal(one.body.status, 3);
    assert.equal(fills.body.trades.length, 1);
    assert.equal(list.body.orders[0]?.entrust_id, s.body.entrust_id);
    assert.equal(list.body.orders[0]?.status, 3);
  }
});
