/**
 * The trader commands end to end: a real openmart server (the test harness,
 * in this process) and `node packages/server/bin/openmart.mjs <cmd> --json`
 * as child processes with the API key in the environment; every command's
 * JSON is checked against what the API answers. Failures and the config
 * file are checked the same way; a few more cases run in process through
 * runCli (same code, no process start-up).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { runCliProcess } from '../e2e/support.js';
import { startExchange, type ApiClient, type TestExchange } from '../http/harness.js';

const SYMBOL = 'BMX_ETH';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let ex: TestExchange;
let maker: ApiClient;
let alice: ApiClient;
/** Alice's order that bought 2 from the maker in before(): filled. */
let aliceFilled: number;
let home: string;

/** `openmart <args>` as a child process, with only the given environment (and PATH, HOME). */
function openmart(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<Run> {
  return runCliProcess(args, { HOME: home, ...env });
}

function aliceEnv(): Record<string, string> {
  return {
    OPENMART_URL: ex.baseUrl,
    OPENMART_API_KEY: alice.key.apiKey,
    OPENMART_API_SECRET: alice.key.apiSecret,
    OPENMART_API_MEMO: alice.key.memo,
  };
}

/** Run as alice and parse the JSON printed on stdout (exit code 0 required). */
async function json(...args: string[]): Promise<unknown> {
  const r = await openmart([...args, '--json'], aliceEnv());
  assert.equal(r.code, 0, `openmart ${args.join(' ')}: ${r.stderr}`);
  assert.equal(r.stderr, '');
  return JSON.parse(r.stdout);
}

async function api(client: ApiClient | undefined, path: string, query?: Record<string, string | number>): Promise<unknown> {
  const r = client === undefined ? await ex.http('GET', path, query === undefined ? {} : { query }) : await client.get(path, query);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

/** The same program in this process (for the cases that need no process of their own). */
async function inProcess(args: readonly string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const io = { out: (t: string) => (stdout += t), err: (t: string) => (stderr += t), setExitCode: (c: number) => (code = c) };
  try {
    await runCli(['node', 'openmart', ...args], { io });
  } catch (err) {
    // Commander usage errors end here after setting the exit code (a process would exit).
    if (!String((err as { code?: unknown }).code).startsWith('commander.')) throw err;
  }
  return { code, stdout, stderr };
}

/** --config with alice's key (mode 600) for in-process runs. */
function aliceFlags(): string[] {
  return ['--config', writeConfig(join(home, 'alice.json'), { url: ex.baseUrl, ...keyFields() }, 0o600)];
}

function writeConfig(path: string, data: unknown, mode: number): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(data));
  chmodSync(path, mode);
  return path;
}

before(async () => {
  for (const k of Object.keys(process.env)) if (k.startsWith('OPENMART_')) delete process.env[k];
  home = mkdtempSync(join(tmpdir(), 'openmart-trader-home-'));
  // In process, the default config file is looked up here (never the developer's own).
  process.env.XDG_CONFIG_HOME = join(home, 'no-config');
  // And the token cache lives here too (child processes: HOME/.cache/openmart).
  process.env.XDG_CACHE_HOME = join(home, '.cache');
  ex = await startExchange();
  await ex.seedDocsMarket();
  maker = await ex.createTrader({ ETH: '10', BMX: '1000' });
  for (const o of [
    { side: 'sell', amount: '5', price: '0.0012' },
    { side: 'sell', amount: '3', price: '0.00125' },
    { side: 'buy', amount: '10', price: '0.0009' },
  ]) {
    const r = await maker.post('/v2/orders', { symbol: SYMBOL, ...o });
    assert.equal(r.status, 200, r.text);
  }
  alice = await ex.createTrader({ ETH: '10', BMX: '100' });
  const r = await alice.post<{ entrust_id: number }>('/v2/orders', { symbol: SYMBOL, side: 'buy', amount: '2', price: '0.0012' });
  assert.equal(r.status, 200, r.text);
  aliceFilled = r.body.entrust_id;
});

after(async () => {
  await ex.close();
  rmSync(home, { recursive: true, force: true });
});

describe('every trader command as a process, --json checked against the API', () => {
  test('ticker, book, trades, klines (public) and balance', async () => {
    const now = ex.clock.now();
    const from = now - 3_600_000;
    const to = new Date(now + 60_000).toISOString();
    const [ticker, book, trades, klines, balance] = await Promise.all([
      json('ticker', SYMBOL),
      json('book', 'bmx_eth', '--precision', '6', '--depth', '1'),
      json('trades', SYMBOL),
      json('klines', SYMBOL, '--step', '1', '--from', String(from), '--to', to),
      json('balance'),
    ]);
    assert.deepEqual(ticker, await api(undefined, '/v2/ticker', { symbol: SYMBOL }));
    assert.equal((ticker as { current_price: string }).current_price, '0.00120000');
    const fullBook = (await api(undefined, `/v2/symbols/${SYMBOL}/orders`, { precision: 6 })) as { buys: unknown[]; sells: unknown[] };
    assert.deepEqual(book, { buys: fullBook.buys.slice(0, 1), sells: fullBook.sells.slice(0, 1) });
    assert.equal(fullBook.sells.length, 2, '--depth 1 cut the second ask');
    assert.deepEqual(trades, await api(undefined, `/v2/symbols/${SYMBOL}/trades`));
    assert.deepEqual(klines, await api(undefined, `/v2/symbols/${SYMBOL}/kline`, { step: 1, from, to: Date.parse(to) }));
    assert.equal((klines as unknown[]).length, 1);
    assert.deepEqual(balance, await api(alice, '/v2/wallet'));
  });

  test('buy, sell, orders, order, fills, cancel, cancel-all', async () => {
    const [buy, sell] = (await Promise.all([json('buy', SYMBOL, '2', '0.0005'), json('sell', SYMBOL, '1.5', '0.002')])) as Array<{
      entrust_id: number;
    }>;
    assert.deepEqual(Object.keys(buy as object), ['entrust_id']);
    const placedBuy = (await api(alice, `/v2/orders/${buy?.entrust_id}`)) as Record<string, unknown>;
    assert.deepEqual([placedBuy.side, placedBuy.price, placedBuy.original_amount, placedBuy.status], ['buy', '0.00050000', '2.00', 1]);
    const placedSell = (await api(alice, `/v2/orders/${sell?.entrust_id}`)) as Record<string, unknown>;
    assert.deepEqual([placedSell.side, placedSell.price, placedSell.original_amount], ['sell', '0.00200000', '1.50']);

    const [open, order, fillsOfOrder] = await Promise.all([
      json('orders', '--symbol', SYMBOL, '--status', 'open'),
      json('order', String(buy?.entrust_id)),
      json('fills', '--order', String(aliceFilled)),
    ]);
    // Variants of the same commands in process (same code, no process start-up).
    const page = JSON.parse((await inProcess(['orders', '--page', '1', '--limit', '1', '--json', ...aliceFlags()])).stdout);
    const fills = JSON.parse((await inProcess(['fills', '--symbol', SYMBOL, '--json', ...aliceFlags()])).stdout);
    assert.deepEqual(open, await api(alice, '/v2/orders', { symbol: SYMBOL, status: 5 }));
    assert.equal((open as { total_orders: number }).total_orders, 2);
    assert.deepEqual(page, await api(alice, '/v2/orders', { status: 0, offset: 1, limit: 1 }));
    assert.deepEqual(order, placedBuy);
    assert.deepEqual(fills, await api(alice, '/v2/trades', { symbol: SYMBOL }));
    assert.equal((fills as { total_trades: number }).total_trades, 1);
    assert.deepEqual(fillsOfOrder, await api(alice, '/v2/trades', { entrust_id: aliceFilled }));
    assert.equal((fillsOfOrder as { trades: unknown[] }).trades.length, 1);

    const [cancelled, cancelledAll] = await Promise.all([
      json('cancel', String(buy?.entrust_id)),
      json('cancel-all', SYMBOL, '--side', 'sell'),
    ]);
    assert.deepEqual(cancelled, {});
    assert.deepEqual(cancelledAll, {});
    assert.equal(((await api(alice, `/v2/orders/${buy?.entrust_id}`)) as { status: number }).status, 4);
    assert.equal(((await api(alice, `/v2/orders/${sell?.entrust_id}`)) as { status: number }).status, 4);
    const again = JSON.parse((await inProcess(['buy', SYMBOL, '1', '0.0004', '--json', ...aliceFlags()])).stdout);
    assert.deepEqual(JSON.parse((await inProcess(['cancel-all', SYMBOL, '--json', ...aliceFlags()])).stdout), {});
    assert.equal(((await api(alice, `/v2/orders/${(again as { entrust_id: number }).entrust_id}`)) as { status: number }).status, 4);
  });

  test('orders as a table: aligned columns, prices right-aligned on the decimal point, no colour in a pipe', async () => {
    const ids: number[] = [];
    for (const [amount, price] of [['1', '0.0005'], ['12.5', '0.00041'], ['100', '0.0001']] as const) {
      const r = await alice.post<{ entrust_id: number }>('/v2/orders', { symbol: SYMBOL, side: 'buy', amount, price });
      ids.push(r.body.entrust_id);
    }
    const r = await openmart(['orders', '--status', 'open'], aliceEnv());
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^ID\s+TIME \(UTC\)\s+SYMBOL\s+SIDE\s+PRICE\s+AMOUNT\s+FILLED\s+REMAINING\s+FEES\s+STATUS$/);
    const rows = lines.slice(1, 4);
    assert.equal(rows.length, 3);
    assert.equal(lines[4], '3 orders');
    assert.ok(!r.stdout.includes('\u001b['), 'no ANSI colours when stdout is not a terminal');
    const header = lines[0] ?? '';
    const cells = (name: string) => {
      const [start, end] = columnOf(header, name);
      for (const row of rows) assert.ok(row[end] === ' ' || row[end] === undefined, `${name} ends under its header:\n${r.stdout}`);
      return rows.map((row) => row.slice(start, end));
    };
    assert.deepEqual(cells('ID').map((c) => c.trim()), ids.map(String).reverse());
    assert.deepEqual(cells('PRICE').map((c) => c.trim()), ['0.00010000', '0.00041000', '0.00050000']);
    const amounts = cells('AMOUNT');
    assert.deepEqual(amounts.map((c) => c.trim()), ['100.00', '12.50', '1.00']);
    assert.equal(new Set(amounts.map((c) => c.indexOf('.'))).size, 1, `AMOUNT aligned on the point:\n${r.stdout}`);
    for (const row of rows) assert.ok(row.endsWith('  pending'), row);
    for (const row of rows) assert.match(row, /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\s+BMX_ETH\s+buy\s/);
    await alice.delete('/v2/orders', { query: { symbol: SYMBOL } });
  });
});

describe('failures: a non-zero exit code, the reason on stderr, never a secret', () => {
  test('a refused order exits 3 (API), a server that is down exits 6 (network)', async () => {
    const down = await startExchange();
    const downUrl = down.baseUrl;
    await down.close();
    const [refused, unreachable] = await Promise.all([
      openmart(['buy', SYMBOL, '100000', '0.001', '--json'], aliceEnv()),
      openmart(['balance', '--json'], { ...aliceEnv(), OPENMART_URL: downUrl }),
    ]);
    assert.equal(refused.code, 3);
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, /^openmart: 400 Insufficient balance.*\(INSUFFICIENT_BALANCE, code 3008\)\n$/);
    assert.equal(unreachable.code, 6);
    assert.equal(unreachable.stdout, '');
    assert.match(unreachable.stderr, new RegExp(`^openmart: cannot reach the server at ${downUrl}`));
    for (const r of [refused, unreachable]) assert.ok(!r.stderr.includes(alice.key.apiSecret));
  });

  test('usage errors exit 2, bad credentials exit 4, a missing order exits 3 (in process)', async () => {
    const config = writeConfig(join(home, 'alice.json'), { url: ex.baseUrl, ...keyFields() }, 0o600);
    const missingArg = await inProcess(['buy', SYMBOL, '1', '--config', config]);
    assert.equal(missingArg.code, 2);
    assert.match(missingArg.stderr, /missing required argument 'PRICE'/);
    const badAmount = await inProcess(['sell', SYMBOL, '1e5', '0.1', '--config', config]);
    assert.equal(badAmount.code, 2);
    assert.match(badAmount.stderr, /AMOUNT must be a plain decimal number/);
    const badStatus = await inProcess(['orders', '--status', 'done', '--config', config]);
    assert.equal(badStatus.code, 2);
    const badTime = await inProcess(['klines', SYMBOL, '--from', 'yesterday', '--config', config]);
    assert.equal(badTime.code, 2);
    assert.match(badTime.stderr, /--from must be milliseconds since the epoch or an ISO 8601 time/);
    const noKey = await inProcess(['balance', '--config', join(home, 'none.json')]);
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /cannot read the config file/);

    const wrong = writeConfig(join(home, 'wrong.json'), { url: ex.baseUrl, ...keyFields(), api_secret: 'e'.repeat(32) }, 0o600);
    // The secret is checked only when a token is requested: alice's cached token would still be used.
    process.env.OPENMART_TOKEN_CACHE = 'off';
    const denied = await inProcess(['balance', '--config', wrong]).finally(() => delete process.env.OPENMART_TOKEN_CACHE);
    assert.equal(denied.code, 4);
    assert.match(denied.stderr, /^openmart: 401 Unauthorized: invalid client credentials \(INVALID_CREDENTIALS, code 2001\)\n$/);
    assert.ok(!denied.stderr.includes('e'.repeat(32)));

    const missing = await inProcess(['order', '999999', '--config', config]);
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /404 Not found \(ORDER_NOT_FOUND/);
    const notOpen = await inProcess(['cancel', String(aliceFilled), '--config', config]);
    assert.equal(notOpen.code, 3);
    assert.match(notOpen.stderr, /Order is already filled or cancelled/);
  });
});

/** [start, end) of a right-aligned column: from the end of the previous header to the end of its own. */
function columnOf(header: string, name: string): [number, number] {
  const at = header.indexOf(` ${name}`) + 1;
  assert.ok(at > 0 || header.startsWith(name), `no column ${name}`);
  let start = at;
  while (start > 0 && header[start - 1] === ' ') start--;
  return [start, at + name.length];
}

function keyFields(): Record<string, string> {
  return { api_key: alice.key.apiKey, api_secret: alice.key.apiSecret, memo: alice.key.memo };
}

describe('settings', () => {
  test('the default config file (~/.config/openmart/config.json) is read; readable by others: a warning', async () => {
    const path = writeConfig(join(home, '.config/openmart/config.json'), { url: ex.baseUrl, ...keyFields() }, 0o644);
    const r = await openmart(['balance', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), await api(alice, '/v2/wallet'));
    assert.match(r.stderr, /^openmart: warning: .*config\.json is readable by other users \(mode 0644\); run: chmod 600 /);
    assert.ok(!r.stderr.includes(alice.key.apiSecret));
    chmodSync(path, 0o600);
    const quiet = await inProcess(['balance', '--json', '--config', path]);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.equal(quiet.stderr, '');
    rmSync(path);
  });

  test('public commands need no key; a config file that is not JSON is refused without quoting it', async () => {
    const path = join(home, 'broken.json');
    writeFileSync(path, `{"api_secret": "${alice.key.apiSecret}",`);
    chmodSync(path, 0o600);
    const broken = await inProcess(['ticker', '--config', path]);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /is not valid JSON/);
    assert.ok(!broken.stderr.includes(alice.key.apiSecret));
    const all = await inProcess(['ticker', '--url', ex.baseUrl, '--json']);
    assert.equal(all.code, 0, all.stderr);
    assert.deepEqual(JSON.parse(all.stdout), await api(undefined, '/v2/ticker'));
  });

  test('colour: buy green and sell red with FORCE_COLOR, none with NO_COLOR', async () => {
    const config = writeConfig(join(home, 'alice.json'), { url: ex.baseUrl, ...keyFields() }, 0o600);
    const saved = { FORCE_COLOR: process.env.FORCE_COLOR, NO_COLOR: process.env.NO_COLOR };
    try {
      process.env.FORCE_COLOR = '1';
      delete process.env.NO_COLOR;
      const coloured = await inProcess(['book', SYMBOL, '--config', config]);
      assert.match(coloured.stdout, /\u001b\[31msell\s*\u001b\[0m/);
      assert.match(coloured.stdout, /\u001b\[32mbuy\s*\u001b\[0m/);
      process.env.NO_COLOR = '1';
      const plain = await inProcess(['book', SYMBOL, '--config', config]);
      assert.ok(!plain.stdout.includes('\u001b['));
      assert.match(plain.stdout, /^SIDE\s+PRICE\s+AMOUNT\s+TOTAL\s+COUNT\nsell\s+0\.00125000\s+3\.00\s+6\.00\s+1\n/);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
