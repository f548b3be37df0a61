import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/app/clock.js';
import { DEFAULT_RATE_LIMITS, type RateClass } from '../../src/http/deps.js';
import { RateLimiter } from '../../src/http/rate-limit.js';
import { ApiError } from '../../src/http/api-error.js';
import { httpRequest, startExchange } from './harness.js';

const limits = (over: Partial<Record<RateClass, number>>) => ({ enabled: true, perMinute: { ...DEFAULT_RATE_LIMITS, ...over } });

test('defaults lie in the seed range of 3 to 90 per minute', () => {
  for (const [cls, n] of Object.entries(DEFAULT_RATE_LIMITS)) assert.ok(n >= 3 && n <= 90, cls);
  assert.equal(DEFAULT_RATE_LIMITS.token, 5);
});

test('limiter: per key windows, Retry-After, reset after a minute, sweep', () => {
  const clock = new ManualClock(1_000_000);
  const l = new RateLimiter(limits({ order: 2 }), clock);
  try {
    l.hit('order', 'key:a');
    l.hit('order', 'key:a');
    l.hit('order', 'key:b');
    clock.advance(20_000);
    assert.throws(
      () => l.hit('order', 'key:a'),
      (e: unknown) => e instanceof ApiError && e.status === 429 && e.code === 4000 && e.headers['retry-after'] === '40',
    );
    l.hit('order', 'key:b');
    l.hit('public', 'key:a');
    clock.advance(40_000);
    l.hit('order', 'key:a');
    clock.advance(60_000);
    l.sweep();
    assert.equal(l.size(), 0);
  } finally {
    l.close();
  }
});

test('over the limit: 429 JSON with message, code 4000 and Retry-After; then allowed again', async () => {
  const ex = await startExchange({ config: { rateLimits: limits({ public: 3 }) } });
  try {
    for (let i = 0; i < 3; i++) assert.equal((await ex.http('GET', '/v2/ping')).status, 200);
    const r = await ex.http<{ message: string; code: number }>('GET', '/v2/time');
    assert.equal(r.status, 429);
    assert.equal(r.body.code, 4000);
    assert.match(r.body.message, /Too many requests/);
    assert.equal(r.headers.get('retry-after'), '60');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('cache-control'), 'no-store');
    ex.clock.advance(60_000);
    assert.equal((await ex.http('GET', '/v2/ping')).status, 200);
  } finally {
    await ex.close();
  }
});

test('token endpoint: 5 per minute per API key', async () => {
  const ex = await startExchange({ config: { rateLimits: limits({}) } });
  try {
    await ex.seedDocsMarket();
    const c = await ex.createTrader();
    for (let i = 0; i < 5; i++) assert.equal((await c.authenticate()).status, 200);
    const r = await c.authenticate();
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers.get('retry-after')) >= 1);
  } finally {
    await ex.close();
  }
});

test('private reads are limited per API key and IP', async () => {
  const ex = await startExchange({ config: { rateLimits: limits({ privateRead: 3 }) } });
  try {
    await ex.seedDocsMarket();
    const c = await ex.createTrader();
    for (let i = 0; i < 3; i++) assert.equal((await c.get('/v2/wallet')).status, 200);
    assert.equal((await c.get('/v2/wallet')).status, 429);
  } finally {
    await ex.close();
  }
});

test('RATE_LIMITS=off: the switch disables every limit', async () => {
  const ex = await startExchange({ config: { rateLimits: { enabled: false, perMinute: { ...DEFAULT_RATE_LIMITS, public: 3 } } } });
  try {
    for (let i = 0; i < 20; i++) assert.equal((await httpRequest(ex.baseUrl, 'GET', '/v2/ping')).status, 200);
  } finally {
    await ex.close();
  }
});
