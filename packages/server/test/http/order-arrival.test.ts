/**
 * Order operations sent back to back on one connection (HTTP/1.1
 * pipelining: several requests in one write, answers in order), as a bot
 * that does not wait for each answer sends them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startExchange } from './harness.js';
import { pipelined, rawRequest } from './pipelining.js';

test('a cancel of an id that did not exist yet is 404, not "already filled or cancelled", when an order placed right after it takes that id', async () => {
  const ex = await startExchange();
  try {
    await ex.seedDocsMarket();
    const bot = await ex.createTrader({ ETH: '10' });
    const token = (await bot.authenticate()).body.access_token;
    const auth = { 'x-bm-authorization': `Bearer ${token}`, 'x-bm-timestamp': String(ex.clock.now()) };
    const next = ex.exchange.engine.nextIds().order;
    // The cancel (no body) is applied first, before any order has that id; the place, in the same batch, takes it.
    const [cancel, place] = await pipelined(ex.baseUrl, [
      rawRequest('DELETE', `/v2/orders/${next}`, auth),
      rawRequest('POST', '/v2/orders', auth, JSON.stringify({ symbol: 'BMX_ETH', side: 'buy', amount: '1', price: '0.001' })),
    ]);
    assert.deepEqual(cancel, { status: 404, body: { message: 'Not found', code: 3009 } });
    assert.deepEqual(place, { status: 200, body: { entrust_id: next } });
    const order = await bot.request<{ status: number }>('GET', `/v2/orders/${next}`);
    assert.equal(order.body.status, 1, 'the order is open: the cancel before it did not touch it');
  } finally {
    await ex.close();
  }
});
