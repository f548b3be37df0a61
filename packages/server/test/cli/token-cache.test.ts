/**
 * The trader commands' token cache (src/cli/trader/token-cache.ts) end to
 * end: `node packages/server/bin/openmart.mjs` as child processes against
 * real servers, token requests counted on the server's socket. With the
 * server's default rate limits (5 token requests a minute) a run of
 * commands needs one token; the file is 0600 and holds no secret; stale,
 * rejected, malformed or loosely permitted entries are replaced, never used;
 * OPENMART_TOKEN_CACHE=off gets a token per command.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DEFAULT_RATE_LIMITS } from '../../src/http/deps.js';
import { fileTokenStore, tokenCacheDir, tokenCacheEnabled, tokenCacheFileName } from '../../src/cli/trader/token-cache.js';
import { runCliProcess } from '../e2e/support.js';
import { startExchange, type ApiClient, type TestExchange } from '../http/harness.js';

const SYMBOL = 'BMX_ETH';
const POSIX = process.platform !== 'win32';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let tmp: string;

/** `openmart <args>` as a child process with only the given environment (and PATH, HOME). */
function openmart(args: readonly string[], env: Readonly<Record<string, string>>): Promise<Run> {
  return runCliProcess(args, { HOME: join(tmp, 'home'), ...env });
}

/** A server with a seeded market and a trader, its POST /v2/authentication and POST /v2/orders counted. */
async function server(rateLimited: boolean): Promise<{ ex: TestExchange; trader: ApiClient; tokens: () => number; placements: () => number }> {
  const ex = await startExchange(rateLimited ? { config: { rateLimits: { enabled: true, perMinute: DEFAULT_RATE_LIMITS } } } : {});
  await ex.seedDocsMarket();
  const trader = await ex.createTrader({ ETH: '10', BMX: '100' });
  let tokens = 0;
  let placements = 0;
  // A second 'request' listener only looks: fastify's answers.
  ex.app.server.on('request', (req: { method?: string; url?: string }) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'POST' && path === '/v2/authentication') tokens += 1;
    if (req.method === 'POST' && path === '/v2/orders') placements += 1;
  });
  return { ex, trader, tokens: () => tokens, placements: () => placements };
}

function envOf(ex: TestExchange, trader: ApiClient, cacheDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    OPENMART_URL: ex.baseUrl,
    OPENMART_API_KEY: trader.key.apiKey,
    OPENMART_API_SECRET: trader.key.apiSecret,
    OPENMART_API_MEMO: trader.key.memo,
    OPENMART_CACHE_DIR: cacheDir,
    ...extra,
  };
}

async function ok(args: readonly string[], env: Record<string, string>): Promise<unknown> {
  const r = await openmart([...args, '--json'], env);
  assert.equal(r.code, 0, `openmart ${args.join(' ')}: ${r.stderr}`);
  assert.equal(r.stderr, '', `openmart ${args.join(' ')}`);
  return JSON.parse(r.stdout);
}

function cacheFile(dir: string, ex: TestExchange, trader: ApiClient): string {
  return join(dir, tokenCacheFileName(ex.baseUrl, trader.key.apiKey));
}

function readEntry(path: string): { access_token: string; expires_at: number } {
  return JSON.parse(readFileSync(path, 'utf8')) as { access_token: string; expires_at: number };
}

function writeEntry(path: string, data: unknown, mode = 0o600): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  rmSync(path, { force: true });
  writeFileSync(path, typeof data === 'string' ? data : JSON.stringify(data), { mode });
  chmodSync(path, mode);
}

/** The wallet with `token` straight over HTTP: 200 when the server takes it. */
async function walletStatus(ex: TestExchange, token: string): Promise<number> {
  const r = await ex.http('GET', '/v2/wallet', { headers: { 'x-bm-authorization': `Bearer ${token}`, 'x-bm-timestamp': String(ex.clock.now()) } });
  return r.status;
}

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'openmart-token-cache-'));
});

after(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('with the default rate limits (5 token requests a minute)', () => {
  let s: Awaited<ReturnType<typeof server>>;
  before(async () => {
    assert.equal(DEFAULT_RATE_LIMITS.token, 5);
    s = await server(true);
  });
  after(() => s.ex.close());

  test('nine authenticated commands in a row all succeed on one token; the file is 0600 and holds no secret', async () => {
    const { ex, trader } = s;
    const dir = join(tmp, 'run', 'openmart');
    const env = envOf(ex, trader, dir);
    const started = Date.now();
    await ok(['balance'], env);
    const buy = (await ok(['buy', SYMBOL, '1', '0.0005'], env)) as { entrust_id: number };
    await ok(['orders', '--status', 'open'], env);
    assert.equal(((await ok(['order', String(buy.entrust_id)], env)) as { status: number }).status, 1);
    await ok(['fills'], env);
    await ok(['cancel', String(buy.entrust_id)], env);
    await ok(['sell', SYMBOL, '2', '0.002'], env);
    await ok(['cancel-all', SYMBOL], env);
    const wallet = (await ok(['balance'], env)) as Array<{ id: string; frozen: string }>;
    assert.ok(wallet.every((w) => Number(w.frozen) === 0), 'everything cancelled');
    assert.equal(s.tokens(), 1, 'one token for nine commands');

    const file = cacheFile(dir, ex, trader);
    assert.deepEqual(readdirSync(dir), [createHash('sha256').update(`${ex.baseUrl}\n${trader.key.apiKey}`).digest('hex') + '.json']);
    if (POSIX) {
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      assert.equal(statSync(file).mode & 0o777, 0o600);
    }
    const text = readFileSync(file, 'utf8');
    for (const secret of [trader.key.apiSecret, trader.key.apiKey]) assert.ok(!text.includes(secret) && !file.includes(secret));
    const entry = readEntry(file);
    assert.deepEqual(Object.keys(entry).sort(), ['access_token', 'expires_at']);
    // now + expires_in (900 s), taken when the token was asked for.
    assert.ok(entry.expires_at - 900_000 >= started && entry.expires_at - 900_000 <= Date.now());
    assert.equal(await walletStatus(ex, entry.access_token), 200, 'the cached token is the one the server issued');
  });

  test('OPENMART_TOKEN_CACHE=off: a token per command, no cache file', async () => {
    const { ex, trader } = s;
    const before = s.tokens();
    const dir = join(tmp, 'off');
    const env = envOf(ex, trader, dir, { OPENMART_TOKEN_CACHE: 'off' });
    await ok(['balance'], env);
    await ok(['orders'], env);
    await ok(['fills'], env);
    assert.equal(s.tokens() - before, 3);
    assert.equal(existsSync(dir), false);
  });
});

describe('entries that are not used', () => {
  let s: Awaited<ReturnType<typeof server>>;
  let dir: string;
  let file: string;
  let env: Record<string, string>;
  before(async () => {
    s = await server(false);
    dir = join(tmp, 'entries');
    file = cacheFile(dir, s.ex, s.trader);
    env = envOf(s.ex, s.trader, dir);
  });
  after(() => s.ex.close());

  /** Runs `balance`; returns how many tokens it asked for and the entry it left. */
  async function balance(): Promise<{ tokens: number; entry: { access_token: string; expires_at: number } }> {
    const n = s.tokens();
    await ok(['balance'], env);
    if (POSIX) assert.equal(statSync(file).mode & 0o777, 0o600);
    return { tokens: s.tokens() - n, entry: readEntry(file) };
  }

  test('an entry with less than 60 s left, or expired, is replaced', async () => {
    const first = await balance();
    assert.equal(first.tokens, 1);
    assert.equal((await balance()).tokens, 0, 'reused');
    for (const left of [30_000, -1_000]) {
      writeEntry(file, { access_token: first.entry.access_token, expires_at: Date.now() + left });
      const r = await balance();
      assert.equal(r.tokens, 1, `${left} ms left`);
      assert.notEqual(r.entry.access_token, first.entry.access_token);
    }
  });

  test('a token the server does not know (restarted with another data dir) is dropped; an order is placed once', async () => {
    writeEntry(file, { access_token: 'A'.repeat(43), expires_at: Date.now() + 600_000 });
    const n = s.tokens();
    const placements = s.placements();
    const placed = (await ok(['buy', SYMBOL, '1', '0.0004'], env)) as { entrust_id: number };
    assert.equal(s.tokens() - n, 1);
    assert.equal(s.placements() - placements, 2, 're-sent once after the 401 (refused before anything was placed)');
    const open = (await s.trader.get('/v2/orders', { status: 5 })).body as { orders: Array<{ entrust_id: number }> };
    assert.deepEqual(open.orders.map((o) => o.entrust_id), [placed.entrust_id], 'one order placed');
    assert.notEqual(readEntry(file).access_token, 'A'.repeat(43));
    await s.trader.delete('/v2/orders', { query: { symbol: SYMBOL } });
  });

  test('loose permissions, malformed contents, extra fields or a symlink: ignored and replaced', async () => {
    const good = (await balance()).entry;
    const cases: Array<[string, () => void]> = [
      ['mode 0644', () => writeEntry(file, good, 0o644)],
      ['mode 0640', () => writeEntry(file, good, 0o640)],
      ['not JSON', () => writeEntry(file, `{"access_token": "${good.access_token}",`)],
      ['an extra field', () => writeEntry(file, { ...good, api_secret: 'x' })],
      ['expiry as text', () => writeEntry(file, { ...good, expires_at: String(good.expires_at) })],
      ['an array', () => writeEntry(file, [good])],
      [
        'a symlink to a good entry',
        () => {
          const target = join(tmp, 'elsewhere.json');
          writeEntry(target, good);
          rmSync(file, { force: true });
          symlinkSync(target, file);
        },
      ],
    ];
    for (const [name, make] of cases) {
      if (!POSIX && (name.startsWith('mode') || name.startsWith('a symlink'))) continue;
      make();
      const r = await balance();
      assert.equal(r.tokens, 1, `${name}: not trusted`);
      assert.notEqual(r.entry.access_token, good.access_token, name);
      assert.ok(statSync(file).isFile(), name);
      writeEntry(file, good);
    }
    assert.equal((await balance()).tokens, 0, 'a good entry is used again');
  });

  test('a revoked key: the cached token is dropped, the command fails (exit 4) and the entry is gone', async () => {
    const other = await s.ex.createTrader({ ETH: '1' });
    const otherEnv = envOf(s.ex, other, dir);
    await ok(['balance'], otherEnv);
    const otherFile = cacheFile(dir, s.ex, other);
    assert.ok(existsSync(otherFile));
    await s.ex.must({ type: 'revokeApiKey', accountId: other.accountId, apiKey: other.key.apiKey });
    const n = s.tokens();
    const r = await openmart(['buy', SYMBOL, '1', '0.0001', '--json'], otherEnv);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /^openmart: 401 Unauthorized: invalid client credentials \(INVALID_CREDENTIALS, code 2001\)\n$/);
    assert.equal(s.tokens() - n, 1, 'one fresh token asked for, refused');
    assert.equal(existsSync(otherFile), false);
    assert.ok(existsSync(file), "the other key's entry stays");
  });
});

describe('the store itself (in process)', () => {
  test('where the cache lives and how it is turned off', () => {
    assert.equal(tokenCacheDir({}, '/home/u'), join('/home/u', '.cache', 'openmart'));
    assert.equal(tokenCacheDir({ XDG_CACHE_HOME: '/x' }, '/home/u'), join('/x', 'openmart'));
    assert.equal(tokenCacheDir({ XDG_CACHE_HOME: '/x', OPENMART_CACHE_DIR: '/c' }, '/home/u'), '/c');
    for (const off of ['off', 'OFF', '0', 'false', 'no']) assert.equal(tokenCacheEnabled({ OPENMART_TOKEN_CACHE: off }), false, off);
    for (const on of [undefined, '', 'on', '1']) assert.equal(tokenCacheEnabled({ OPENMART_TOKEN_CACHE: on }), true, String(on));
    assert.equal(fileTokenStore('http://h', 'k', { env: { OPENMART_TOKEN_CACHE: 'off', OPENMART_CACHE_DIR: join(tmp, 'never') } }), undefined);
    assert.equal(existsSync(join(tmp, 'never')), false);
    assert.match(tokenCacheFileName('http://h', 'k'), /^[0-9a-f]{64}\.json$/);
    assert.notEqual(tokenCacheFileName('http://h', 'k'), tokenCacheFileName('http://h2', 'k'));
  });

  test('writes 0600 entries with only the token and its expiry, reads them back, clears only the rejected token', async () => {
    const dir = join(tmp, 'unit');
    const store = fileTokenStore('http://h', 'key-1', { env: { OPENMART_CACHE_DIR: dir } });
    assert.ok(store !== undefined);
    assert.equal(await store.get(), undefined);
    await store.set({ accessToken: 'tok-1', expiresAt: 1_900_000_000_000 });
    const path = join(dir, tokenCacheFileName('http://h', 'key-1'));
    assert.equal(readFileSync(path, 'utf8'), '{"access_token":"tok-1","expires_at":1900000000000}');
    if (POSIX) assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(await store.get(), { accessToken: 'tok-1', expiresAt: 1_900_000_000_000 });
    assert.deepEqual(readdirSync(dir), [tokenCacheFileName('http://h', 'key-1')], 'no temporary file left');
    await store.clear('tok-0');
    assert.equal((await store.get())?.accessToken, 'tok-1', 'a newer token stays');
    await store.clear('tok-1');
    assert.equal(existsSync(path), false);
  });

  test('a directory of another user or writable by others is not used (a warning says why)', { skip: !POSIX }, async () => {
    const warnings: string[] = [];
    const dir = join(tmp, 'foreign');
    const foreign = fileTokenStore('http://h', 'k', { env: { OPENMART_CACHE_DIR: dir }, uid: (process.getuid?.() ?? 0) + 1, warn: (m) => warnings.push(m) });
    await foreign?.set({ accessToken: 'tok-1', expiresAt: 1_900_000_000_000 });
    assert.equal(await foreign?.get(), undefined);
    assert.deepEqual(readdirSync(dir), []);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /belongs to another user/);

    const shared = join(tmp, 'shared');
    mkdirSync(shared, { mode: 0o700 });
    chmodSync(shared, 0o777);
    const open = fileTokenStore('http://h', 'k', { env: { OPENMART_CACHE_DIR: shared }, warn: (m) => warnings.push(m) });
    await open?.set({ accessToken: 'tok-1', expiresAt: 1_900_000_000_000 });
    assert.deepEqual(readdirSync(shared), []);
    assert.match(warnings[1] ?? '', /is writable by other users \(mode 0777\); run: chmod 700 /);
  });
});
