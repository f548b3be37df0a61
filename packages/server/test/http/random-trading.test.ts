/**
 * Seeded random trading through the API: several accounts place and cancel
 * orders concurrently; then, from the outside, money is conserved per
 * currency (fee account included), frozen equals the open orders'
 * reservations, and the book is not crossed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OrderBook, OrderList, WalletEntry } from '@openmart/protocol';
import { parseUnits } from '../../src/domain/index.js';
import { FEE_ACCOUNT_ID } from '../../src/engine/types.js';
import { prng } from '../support/prng.js';
import { startExchange, type ApiClient } from './harness.js';


const SEED = Number(process.env.HTTP_RANDOM_SEED ?? 20181116);
const ROUNDS = 40;
const DEPOSITS = { ETH: '50', BMX: '5000' };

test(`random trading through the API keeps the books straight (seed ${SEED})`, async () => {
  const ex = await startExchange();
  try {
    await ex.seedDocsMarket();
    const rnd = prng(SEED);
    const traders: ApiClient[] = [];
    for (let i = 0; i < 4; i++) traders.push(await ex.createTrader(DEPOSITS));
    const open = new Map<ApiClient, number[]>(traders.map((t) => [t, []]));
    let placed = 0;
    let rejected = 0;

    for (let round = 0; round < ROUNDS; round++) {
      const ops = traders.map(async (t) => {
        const r = rnd();
        const mine = open.get(t) as number[];
        if (r < 0.65 || mine.length === 0) {
          const side = rnd() < 0.5 ? 'buy' : 'sell';
          const price = (900 + Math.floor(rnd() * 200)) * 1e-6;
          const amount = 1 + Math.floor(rnd() * 500) / 100;
          const res = await t.post<{ entrust_id: number }>('/v2/orders', {
            symbol: 'BMX_ETH',
            side,
            price: rnd() < 0.5 ? price : price.toFixed(6),
            amount,
          });
          if (res.status === 200) {
            mine.push(res.body.entrust_id);
            placed++;
          } else {
            assert.equal(res.status, 400, res.text);
            rejected++;
          }
        } else if (r < 0.95) {
          const id = mine.splice(Math.floor(rnd() * mine.length), 1)[0] as number;
          const res = await t.delete(`/v2/orders/${id}`);
          assert.ok(res.status === 200 || (res.status === 400 && (res.body as { code: number }).code === 3010), res.text);
        } else {
          const res = await t.delete('/v2/orders', { query: { symbol: 'BMX_ETH', side: rnd() < 0.5 ? 'buy' : 'sell' } });
          assert.equal(res.status, 200, res.text);
        }
      });
      await Promise.all(ops);
    }
    assert.ok(placed > 50, `placed ${placed}, rejected ${rejected}`);

    const engine = ex.exchange.engine;
    engine.validate();
    const totals = { ETH: 0n, BMX: 0n };
    const scale = { ETH: 18, BMX: 8 };
    for (const t of traders) {
      const wallet = (await t.get<WalletEntry[]>('/v2/wallet')).body;
      const orders = (await t.get<OrderList>('/v2/orders', { symbol: 'BMX_ETH', status: 5 })).body.orders;
      const reserved = { ETH: 0n, BMX: 0n };
      for (const o of orders) {
        const remaining = parseUnits(o.remaining_amount, 2) as bigint;
        if (o.side === 'sell') reserved.BMX += remaining * 10n ** 6n;
        else reserved.ETH += (parseUnits(o.price, 8) as bigint) * remaining * 10n ** 8n;
      }
      for (const id of ['ETH', 'BMX'] as const) {
        const w = wallet.find((x) => x.id === id) as WalletEntry;
        const frozen = parseUnits(w.frozen, scale[id]) as bigint;
        assert.equal(frozen, reserved[id], `frozen ${id} of account ${t.accountId}`);
        totals[id] += (parseUnits(w.available, scale[id]) as bigint) + frozen;
      }
    }
    for (const id of ['ETH', 'BMX'] as const) {
      const fee = engine.balance(FEE_ACCOUNT_ID, id);
      totals[id] += fee.available + fee.frozen;
      assert.equal(totals[id], (parseUnits(DEPOSITS[id], scale[id]) as bigint) * BigInt(traders.length), `conservation of ${id}`);
    }
    const book = (await ex.http<OrderBook>('GET', '/v2/symbols/BMX_ETH/orders')).body;
    if (book.buys.length > 0 && book.sells.length > 0) {
      assert.ok(Number(book.buys[0]?.price) < Number(book.sells[0]?.price), 'book crossed');
    }
    const trades = await ex.http<unknown[]>('GET', '/v2/symbols/BMX_ETH/trades');
    assert.ok(trades.body.length > 0, 'no trade happened');
  } finally {
    await ex.close();
  }
});
