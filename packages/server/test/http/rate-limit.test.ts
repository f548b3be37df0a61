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

test('limiter: check refuses a spent budget without spending, record spends without refusing', () => {
  const clock = new ManualClock(1_000_000);
  const l = new RateLimiter(limits({ login: 2 }), clock);
  try {
    for (let i = 0; i < 5; i++) l.check('login', 'email:a');
    assert.equal(l.size(), 0, 'checking alone tracks nothing');
    l.record('login', 'email:a');
    l.record('login', 'email:a');
    l.record('login', 'email:a'); // over, but record never throws
    assert.throws(() => l.check('login', 'email:a'), (e: unknown) => e instanceof ApiError && e.status === 429);
    l.check('login', 'email:b');
    clock.advance(60_000);
    l.check('login', 'email:a');
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

test("wrong secrets from elsewhere do not spend a key's token budget, nor wrong passwords a user's log-ins", async () => {
  const ex = await startExchange({ config: { rateLimits: limits({}), trustProxy: true } });
  try {
    await ex.seedDocsMarket();
    const c = await ex.createTrader();
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    const token = (ip: string, secret: string) =>
      ex.http('POST', '/v2/authentication', { form: { grant_type: 'client_credentials', client_id: c.key.apiKey, client_secret: secret }, headers: from(ip) });
    // An attacker spreads wrong secrets over addresses: every one is refused, none spends the key's budget.
    for (let i = 0; i < 8; i++) assert.equal((await token(`203.0.113.${i}`, 'wrong')).status, 401);
    for (let i = 0; i < 5; i++) assert.equal((await token('198.51.100.7', c.key.apiSecret)).status, 200, `token ${i + 1}`);
    const sixth = await token('198.51.100.8', c.key.apiSecret);
    assert.equal(sixth.status, 429, 'tokens issued are still at most 5 per minute per key');

    const email = 'limits@example.com';
    const password = 'correct horse battery';
    const origin = { origin: ex.baseUrl };
    assert.equal((await ex.http('POST', '/api/account/signup', { body: { email, password }, headers: origin })).status, 200);
    const login = (ip: string, pw: string) => ex.http('POST', '/api/account/login', { body: { email, password: pw }, headers: { ...origin, ...from(ip) } });
    for (let i = 0; i < 12; i++) assert.equal((await login(`192.0.2.${10 + i}`, password)).status, 200, `log-in ${i + 1}: successes are not limited per email`);
    for (let i = 0; i < 10; i++) assert.equal((await login(`203.0.113.${i}`, 'wrong password')).status, 401);
    assert.equal((await login('192.0.2.2', password)).status, 429, 'ten failures in a minute hold the email for the rest of it');
    ex.clock.advance(60_000);
    assert.equal((await login('192.0.2.2', password)).status, 200);
  } finally {
    await ex.close();
  }
});

test('log-in and sign-up refuse credentials in the query string', async () => {
  const ex = await startExchange();
  try {
    const origin = { origin: ex.baseUrl };
    for (const path of ['/api/account/signup', '/api/account/login']) {
      const r = await ex.http<{ message: string }>('POST', path, { query: { email: 'q@example.com', password: 'in the query string' }, headers: origin });
      assert.equal(r.status, 400, r.text);
      assert.match(r.body.message, /request body only/);
    }
    assert.equal((await ex.http('POST', '/api/account/login', { body: { email: 'q@example.com', password: 'in the query string' }, headers: origin })).status, 401);
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
