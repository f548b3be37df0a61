import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, ENV_VARS, loadConfig, parseServerKey, RATE_LIMIT_VARS } from '../../src/app/config.js';
import { DEFAULT_RATE_LIMITS } from '../../src/http/deps.js';

test('defaults: 127.0.0.1:8080, ./data, demo seed, rate limits on, fsync on, 900 s tokens', () => {
  const c = loadConfig({}, '/srv/x');
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.port, 8080);
  assert.equal(c.dataDir, '/srv/x/data');
  assert.equal(c.seedDemo, true);
  assert.equal(c.rateLimits, true);
  assert.equal(c.logLevel, 'info');
  assert.equal(c.publicUrl, null);
  assert.equal(c.serverKey, null);
  assert.equal(c.adminToken, null);
  assert.equal(c.tokenTtlSeconds, 900);
  assert.equal(c.snapshotEvery, 10_000);
  assert.equal(c.snapshotKeep, 3);
  assert.equal(c.fsync, true);
  assert.equal(c.priceBandPercent, 500);
  assert.equal(c.makerFeeE8, 100_000);
  assert.equal(c.takerFeeE8, 100_000);
  assert.equal(c.trustProxy, false);
});

test('every variable is parsed into its typed field', () => {
  const key = 'ab'.repeat(32);
  const c = loadConfig(
    {
      HOST: '0.0.0.0', PORT: '0', DATA_DIR: '/var/lib/openmart', SEED_DEMO: '0', RATE_LIMITS: 'off', LOG_LEVEL: 'WARN',
      PUBLIC_URL: 'https://ex.example.com/', OPENMART_SERVER_KEY: key, OPENMART_ADMIN_TOKEN: 'x'.repeat(30),
      TOKEN_TTL_SECONDS: '60', SNAPSHOT_EVERY: '0', SNAPSHOT_KEEP: '0', FSYNC: 'false', PRICE_BAND_PERCENT: '0', MAKER_FEE: '0', TAKER_FEE: '0.0025',
      SHUTDOWN_TIMEOUT_MS: '500', TRUST_PROXY: 'yes',
    },
    '/',
  );
  assert.equal(c.host, '0.0.0.0');
  assert.equal(c.port, 0);
  assert.equal(c.dataDir, '/var/lib/openmart');
  assert.equal(c.seedDemo, false);
  assert.equal(c.rateLimits, false);
  assert.equal(c.logLevel, 'warn');
  assert.equal(c.publicUrl, 'https://ex.example.com');
  assert.deepEqual(c.serverKey, Buffer.from(key, 'hex'));
  assert.equal(c.adminToken, 'x'.repeat(30));
  assert.equal(c.tokenTtlSeconds, 60);
  assert.equal(c.snapshotEvery, 0);
  assert.equal(c.snapshotKeep, 0);
  assert.equal(c.fsync, false);
  assert.equal(c.priceBandPercent, 0);
  assert.equal(c.makerFeeE8, 0);
  assert.equal(c.takerFeeE8, 250_000);
  assert.equal(c.shutdownTimeoutMs, 500);
  assert.equal(c.trustProxy, true);
});

test('session cookies are Secure by default when PUBLIC_URL is https, and SECURE_COOKIES decides when set', () => {
  assert.equal(loadConfig({}, '/srv/x').secureCookies, false);
  assert.equal(loadConfig({ PUBLIC_URL: 'http://ex.example.com' }, '/srv/x').secureCookies, false);
  assert.equal(loadConfig({ PUBLIC_URL: 'https://ex.example.com' }, '/srv/x').secureCookies, true);
  assert.equal(loadConfig({ PUBLIC_URL: 'https://ex.example.com', SECURE_COOKIES: '0' }, '/srv/x').secureCookies, false);
  assert.equal(loadConfig({ SECURE_COOKIES: '1' }, '/srv/x').secureCookies, true);
});

test('bad values are all reported at once, each naming its variable', () => {
  const bad = {
    PORT: '80a', SEED_DEMO: 'maybe', RATE_LIMITS: 'sometimes', LOG_LEVEL: 'loud', PUBLIC_URL: 'ftp://x',
    OPENMART_SERVER_KEY: 'short', OPENMART_ADMIN_TOKEN: 'tiny', TOKEN_TTL_SECONDS: '0', FSYNC: '2', MAKER_FEE: '1.5',
    TAKER_FEE: '-0.1', SNAPSHOT_EVERY: '-1', PRICE_BAND_PERCENT: '1.5',
  };
  assert.throws(
    () => loadConfig(bad),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      for (const name of Object.keys(bad)) assert.ok(err.problems.some((p) => p.includes(name)), `no problem reported for ${name}`);
      assert.equal(err.problems.length, Object.keys(bad).length);
      return true;
    },
  );
  assert.throws(() => loadConfig({ PORT: '65536' }), /PORT must be an integer in \[0, 65535\]/);
});

test('the server key is 32 bytes as hex or base64', () => {
  assert.equal(parseServerKey('00'.repeat(32))?.length, 32);
  assert.equal(parseServerKey(Buffer.alloc(32, 7).toString('base64'))?.length, 32);
  assert.equal(parseServerKey(Buffer.alloc(32, 7).toString('base64url'))?.length, 32);
  assert.equal(parseServerKey('00'.repeat(31)), null);
  assert.equal(parseServerKey(Buffer.alloc(31).toString('base64')), null);
});

test('ENV_VARS documents every variable loadConfig reads', async () => {
  const { readFileSync } = await import('node:fs');
  const src = readFileSync(new URL('../../src/app/config.ts', import.meta.url), 'utf8');
  const read = new Set([...src.matchAll(/(?:get|int|bool|rate)\('([A-Z_]+)'/g)].map((m) => m[1]));
  for (const name of Object.values(RATE_LIMIT_VARS)) read.add(name);
  const documented = new Set(ENV_VARS.map((v) => v.name));
  assert.deepEqual([...read].filter((n) => !documented.has(n)), []);
  assert.deepEqual([...documented].filter((n) => !read.has(n)), []);
});

test('the README configuration table lists every variable', async () => {
  const { readFileSync } = await import('node:fs');
  const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
  const missing = ENV_VARS.filter((v) => !readme.includes(`| \`${v.name}\` |`)).map((v) => v.name);
  assert.deepEqual(missing, []);
});

test('rate limits per endpoint class: defaults documented as the HTTP layer has them, overrides parsed', () => {
  for (const [cls, name] of Object.entries(RATE_LIMIT_VARS)) {
    assert.equal(ENV_VARS.find((v) => v.name === name)?.default, String(DEFAULT_RATE_LIMITS[cls as keyof typeof DEFAULT_RATE_LIMITS]), name);
  }
  assert.deepEqual(loadConfig({}).rateLimitPerMinute, {});
  assert.deepEqual(loadConfig({ RATE_LIMIT_ORDER: '600', RATE_LIMIT_TOKEN: '20' }).rateLimitPerMinute, { order: 600, token: 20 });
  assert.throws(() => loadConfig({ RATE_LIMIT_PUBLIC: '0' }), /RATE_LIMIT_PUBLIC/);
});
