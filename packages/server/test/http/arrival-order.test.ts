/**
 * One account's order operations are applied in arrival order whatever
 * token carries them: a place immediately followed by a cancel-all sent
 * with another token (without waiting for the first answer) always finds
 * the order, because nothing is awaited between reading a request and
 * submitting its command.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OrderList } from '@openmart/protocol';
import { hmacSha256Hex } from '../../src/app/auth/index.js';
import { ApiClient, startExchange } from './harness.js';

test('place then cancel-all through two tokens of one account: applied in arrival order', async () => {
  const ex = await startExchange();
  try {
    await ex.seedDocsMarket();
    const a = await ex.createTrader({ ETH: '100' });
    const b = new ApiClient(ex, a.key, a.accountId);
    await a.authenticate();
    await b.authenticate();
    assert.notEqual(a.token, b.token);
    const headers = (c: ApiClient, params: Record<string, unknown>) => ({
      'content-type': 'application/json',
      'x-bm-authorization': `Bearer ${c.token}`,
      'x-bm-timestamp': String(ex.clock.now()),
      'x-bm-signature': hmacSha256Hex(
        c.key.apiSecret,
        Object.keys(params).sort().map((k) => `${k}=${String(params[k])}`).join('&'),
      ),
    });
    const order = { symbol: 'BMX_ETH', side: 'buy', amount: 1, price: '0.001' };
    const cancel = { symbol: 'BMX_ETH', side: 'buy' };
    for (let i = 0; i < 20; i++) {
      const placed = ex.app.inject({ method: 'POST', url: '/v2/orders', headers: headers(a, order), payload: JSON.stringify(order) });
      const cancelled = ex.app.inject({ method: 'DELETE', url: '/v2/orders', headers: headers(b, cancel), payload: JSON.stringify(cancel) });
      const [p, c] = await Promise.all([placed, cancelled]);
      assert.equal(p.statusCode, 200, p.body);
      assert.equal(c.statusCode, 200, c.body);
    }
    const open = await a.get<OrderList>('/v2/orders', { status: 5 });
    assert.equal(open.body.total_orders, 0);
    const all = await a.get<OrderList>('/v2/orders', { status: 4 });
    assert.equal(all.body.total_orders, 20);
  } finally {
    await ex.close();
  }
});
