import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Order } from '@openmart/protocol';
import { ApiClient, startExchange } from './harness.js';

test('access tokens, API keys and orders survive a restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openmart-http-restart-'));
  const serverKey = randomBytes(32);
  try {
    const first = await startExchange({ dataDir, serverKey });
    await first.seedDocsMarket();
    const c = await first.createTrader({ ETH: '3' });
    const placed = await c.post<{ entrust_id: number }>('/v2/orders', { symbol: 'BMX_ETH', side: 'buy', amount: 2, price: '0.01' });
    assert.equal(placed.status, 200);
    const startTime = first.clock.now() + 5_000;
    await first.close();

    const second = await startExchange({ dataDir, serverKey, startTime });
    try {
      const again = new ApiClient(second, c.key, c.accountId);
      again.token = c.token;
      const o = await again.get<Order>(`/v2/orders/${placed.body.entrust_id}`);
      assert.equal(o.status, 200, o.text);
      assert.equal(o.body.remaining_amount, '2.00');
      const w = await again.get<Array<{ id: string; frozen: string }>>('/v2/wallet');
      assert.equal(w.body.find((x) => x.id === 'ETH')?.frozen, '0.02');
      assert.equal((await again.authenticate()).status, 200);
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
