/**
 * The feed's bounds on a real server: subscribe-or-leave timeout,
 * subscriptions, message size and rate, heartbeat, the per-IP connection
 * rate (429), open connections per IP (429) and in all (503), and the
 * graceful close with the app.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { refusedUpgrade, startFeedExchange, TestSocket, type FeedExchange } from './helpers.js';

describe('ws feed limits', () => {
  let fx: FeedExchange;
  before(async () => {
    fx = await startFeedExchange({ subscribeTimeoutMs: 300, maxSubscriptions: 2, maxMessageBytes: 256, maxMessagesPerSecond: 8, heartbeatMs: 200 });
  });
  after(async () => {
    await fx.ex.close();
  });

  test('a client that does not subscribe in time is closed with 1008 and a reason', async () => {
    const s = await TestSocket.open(fx.wsUrl);
    s.send({ subscribe: 'ping' });
    assert.deepEqual(await s.next(), { subscribe: 'pong' });
    assert.deepEqual(await s.closed, { code: 1008, reason: 'no subscription within 300 ms' });
  });

  test('a subscribed client stays; after its last unsubscribe the timeout runs again', async () => {
    const s = await TestSocket.open(fx.wsUrl);
    s.send({ subscribe: 'price', symbol: 'BMX_ETH' });
    await s.next();
    await sleep(500);
    assert.deepEqual(await s.drain(), []);
    s.send({ unsubscribe: 'price', symbol: 'BMX_ETH' });
    await s.next();
    const started = Date.now();
    assert.equal((await s.closed).code, 1008);
    assert.ok(Date.now() - started >= 250);
  });

  test('subscriptions beyond the per-connection maximum are refused with a message', async () => {
    const s = await TestSocket.open(fx.wsUrl);
    s.send({ subscribe: 'price', symbol: 'BMX_ETH' });
    s.send({ subscribe: 'kline', symbol: 'BMX_ETH', step: 5 });
    await s.next();
    await s.next();
    s.send({ subscribe: 'trade', symbol: 'BMX_ETH' });
    const refused = await s.next();
    assert.equal(refused.message, 'Too many subscriptions: at most 2 per connection');
    assert.equal(refused.code, 4000);
    s.send({ subscribe: 'price', symbol: 'BMX_ETH' });
    assert.equal((await s.next()).subscribe, 'price', 'a subscription already held is not counted again');
    s.close();
  });

  test('a message over the size limit closes the connection with 1009', async () => {
    const s = await TestSocket.open(fx.wsUrl);
    s.send({ subscribe: 'ping', pad: 'x'.repeat(300) });
    assert.equal((await s.closed).code, 1009);
  });

  test('too many messages per second close the connection with 1008', async () => {
    const s = await TestSocket.open(fx.wsUrl);
    for (let i = 0; i < 12; i++) s.send({ subscribe: 'ping' });
    const closed = await s.closed;
    assert.equal(closed.code, 1008);
    assert.match(closed.reason, /too many messages/);
  });

  test('the heartbeat drops a peer that stops answering pings, and keeps one that answers', async () => {
    const dead = await TestSocket.open(fx.wsUrl, { autoPong: false });
    const live = await TestSocket.open(fx.wsUrl);
    for (const s of [dead, live]) {
      s.send({ subscribe: 'price', symbol: 'BMX_ETH' });
      await s.next();
    }
    assert.equal((await dead.closed).code, 1006, 'terminated without a close frame');
    await sleep(450);
    assert.deepEqual(await live.drain(), []);
    live.close();
  });
});

describe('ws feed connection rate and cap', () => {
  test('a second connection from one IP within the interval is refused with 429 and Retry-After', async () => {
    const fx = await startFeedExchange({ rateLimit: true, connectionIntervalMs: 60_000 });
    try {
      const first = await TestSocket.open(fx.wsUrl);
      const r = await refusedUpgrade(fx.wsUrl);
      assert.equal(r.status, 429);
      assert.equal(r.headers['retry-after'], '60');
      const body = JSON.parse(r.body) as { message: string; code: number };
      assert.equal(body.code, 4000);
      assert.match(body.message, /^Too many connections/);
      first.close();
    } finally {
      await fx.ex.close();
    }
  });

  test('with the rate limit off (RATE_LIMITS=off) connections are not counted; the cap answers 503', async () => {
    const fx = await startFeedExchange({ rateLimit: false, maxConnections: 2 });
    try {
      const a = await TestSocket.open(fx.wsUrl);
      const b = await TestSocket.open(fx.wsUrl);
      const r = await refusedUpgrade(fx.wsUrl);
      assert.equal(r.status, 503);
      assert.match(r.body, /too many connections/);
      a.close();
      await a.closed;
      for (let i = 0; i < 100 && fx.feed.connections > 1; i++) await sleep(10);
      const c = await TestSocket.open(fx.wsUrl);
      c.close();
      b.close();
    } finally {
      await fx.ex.close();
    }
  });
});

describe('ws feed connections per IP', () => {
  test('the connection over the per-IP cap is refused with 429 and a JSON message; after one closes, a new one is accepted', async () => {
    // The rate limit off (RATE_LIMITS=off): the cap is a resource bound and still applies.
    const fx = await startFeedExchange({ rateLimit: false, maxConnectionsPerIp: 3 });
    try {
      const open = [await TestSocket.open(fx.wsUrl), await TestSocket.open(fx.wsUrl), await TestSocket.open(fx.wsUrl)];
      const r = await refusedUpgrade(fx.wsUrl);
      assert.equal(r.status, 429);
      assert.match(String(r.headers['content-type']), /^application\/json/);
      assert.deepEqual(JSON.parse(r.body), { message: 'Too many open connections: at most 3 per IP', code: 4000 });
      assert.equal(fx.feed.connections, 3, 'the refused upgrade opened nothing');
      for (const s of open) {
        s.send({ subscribe: 'ping' });
        assert.deepEqual(await s.next(), { subscribe: 'pong' }, 'the open ones are untouched');
      }
      const [first, ...rest] = open;
      first?.close();
      await first?.closed;
      for (let i = 0; i < 100 && fx.feed.connections > 2; i++) await sleep(10);
      const again = await TestSocket.open(fx.wsUrl);
      again.send({ subscribe: 'ping' });
      assert.deepEqual(await again.next(), { subscribe: 'pong' });
      assert.equal((await refusedUpgrade(fx.wsUrl)).status, 429, 'at the cap again');
      for (const s of [...rest, again]) s.close();
    } finally {
      await fx.ex.close();
    }
  });

  test('the per-IP cap is counted per client IP (X-Forwarded-For behind a trusted proxy); 0 turns it off', async () => {
    const fx = await startFeedExchange({ maxConnectionsPerIp: 1, trustProxy: true });
    try {
      const a = await TestSocket.open(fx.wsUrl, { headers: { 'x-forwarded-for': '203.0.113.1' } });
      const b = await TestSocket.open(fx.wsUrl, { headers: { 'x-forwarded-for': '203.0.113.2' } });
      await assert.rejects(TestSocket.open(fx.wsUrl, { headers: { 'x-forwarded-for': '203.0.113.1' } }), /429/);
      a.close();
      b.close();
    } finally {
      await fx.ex.close();
    }
    const off = await startFeedExchange({ maxConnectionsPerIp: 0, maxConnections: 3 });
    try {
      const open = [await TestSocket.open(off.wsUrl), await TestSocket.open(off.wsUrl), await TestSocket.open(off.wsUrl)];
      assert.equal((await refusedUpgrade(off.wsUrl)).status, 503, 'only the overall cap applies');
      for (const s of open) s.close();
    } finally {
      await off.ex.close();
    }
  });
});

describe('ws feed shutdown', () => {
  test('closing the app closes every feed connection with 1001 and completes', async () => {
    const fx = await startFeedExchange();
    const a = await TestSocket.open(fx.wsUrl);
    const b = await TestSocket.open(fx.wsUrl);
    a.send({ subscribe: 'order', symbol: 'BMX_ETH' });
    await a.next();
    await fx.ex.close();
    assert.deepEqual(await a.closed, { code: 1001, reason: 'server shutting down' });
    assert.equal((await b.closed).code, 1001);
    assert.equal(fx.feed.connections, 0);
    assert.equal(fx.feed.topics, 0);
  });
});
