/** The trader CLI's parts without a server: tables, colour, argument parsing, settings, exit codes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuthenticationError,
  BadRequestError,
  InsufficientFundsError,
  NetworkError,
  OrderNotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
} from '@openmart/sdk';
import { CliError } from '../../src/cli/output.js';
import { resolveSettings, requireCredentials } from '../../src/cli/trader/config.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { toCliError } from '../../src/cli/trader/exit-codes.js';
import { formatTime, renderTable, useColor } from '../../src/cli/trader/format.js';
import { parseDecimal, parseInteger, parseOrderId, parseSide, parseStatus, parseSymbol, parseTime } from '../../src/cli/trader/parse.js';

function usageError(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (err: unknown) => err instanceof CliError && err.exitCode === EXIT.usage && message.test(err.message));
}

test('decimal columns line up on the point, right-aligned under their header; text columns left-aligned', () => {
  const rows = [
    { s: 'buy', v: '1.5', n: '7' },
    { s: 'sell', v: '10', n: '12' },
    { s: 'buy', v: '0.25', n: '3' },
  ];
  const out = renderTable(
    rows,
    [
      { header: 'SIDE', value: (r) => r.s },
      { header: 'V', value: (r) => r.v, align: 'decimal' },
      { header: 'N', value: (r) => r.n, align: 'right' },
    ],
    { color: false },
  );
  assert.equal(out, ['SIDE      V   N', 'buy    1.5    7', 'sell  10     12', 'buy    0.25   3'].join('\n'));
  const wide = renderTable([{ v: '1' }, { v: '2.5' }], [{ header: 'AVAILABLE', value: (r: { v: string }) => r.v, align: 'decimal' }], { color: false });
  assert.equal(wide, ['AVAILABLE', '      1', '      2.5'].join('\n'));
  assert.equal(renderTable([], [{ header: 'ID', value: () => '' }], { color: false }), 'ID\n(none)');
});

test('buy cells green, sell cells red, only with colour on; padding stays outside the escape codes width', () => {
  const cols = [{ header: 'SIDE', value: (r: { s: string }) => r.s, side: (r: { s: string }) => r.s }, { header: 'X', value: () => 'x' }];
  const out = renderTable([{ s: 'buy' }, { s: 'sell' }], cols, { color: true });
  assert.equal(out, ['SIDE  X', '\u001b[32mbuy \u001b[0m  x', '\u001b[31msell\u001b[0m  x'].join('\n'));
  assert.ok(!renderTable([{ s: 'buy' }], cols, { color: false }).includes('\u001b'));
});

test('colour: a terminal and no NO_COLOR; FORCE_COLOR without a terminal', () => {
  assert.equal(useColor(true, {}), true);
  assert.equal(useColor(false, {}), false);
  assert.equal(useColor(true, { NO_COLOR: '1' }), false);
  assert.equal(useColor(true, { NO_COLOR: '' }), true, 'an empty NO_COLOR does not count');
  assert.equal(useColor(false, { FORCE_COLOR: '1' }), true);
  assert.equal(useColor(false, { FORCE_COLOR: '0' }), false);
  assert.equal(useColor(true, { FORCE_COLOR: '1', NO_COLOR: 'yes' }), false);
});

test('times print as UTC with milliseconds', () => {
  assert.equal(formatTime(Date.UTC(2026, 0, 31, 12, 5, 7, 9)), '2026-01-31 12:05:07.009');
});

test('arguments: symbols, decimals (kept verbatim), integers, ids, sides, statuses', () => {
  assert.equal(parseSymbol('bmx_eth'), 'BMX_ETH');
  usageError(() => parseSymbol('BMXETH'), /SYMBOL must look like BMX_ETH/);
  assert.equal(parseDecimal('PRICE', '0.00050000'), '0.00050000');
  assert.equal(parseDecimal('AMOUNT', '12'), '12');
  for (const bad of ['1e5', '-1', '1.', '.5', '0x10', '', '1,5']) usageError(() => parseDecimal('AMOUNT', bad), /AMOUNT must be a plain decimal/);
  usageError(() => parseDecimal('AMOUNT', '0.000'), /greater than zero/);
  assert.equal(parseInteger('--depth', '5', 1), 5);
  assert.equal(parseInteger('--depth', undefined, 1), undefined);
  usageError(() => parseInteger('--depth', '0', 1), /--depth must be an integer of at least 1/);
  usageError(() => parseInteger('--page', '1.5'), /--page/);
  assert.equal(parseOrderId('42'), '42');
  usageError(() => parseOrderId('4a'), /order id/);
  assert.equal(parseSide('SELL'), 'sell');
  usageError(() => parseSide('long'), /--side must be buy or sell/);
  assert.deepEqual(
    ['all', 'pending', 'partial', 'filled', 'cancelled', 'canceled', 'open', 'closed', '3', 'OPEN'].map(parseStatus),
    [0, 1, 2, 3, 4, 4, 5, 6, 3, 5],
  );
  assert.equal(parseStatus(undefined), undefined);
  usageError(() => parseStatus('7'), /--status must be 0-6/);
});

test('times: milliseconds or ISO 8601, UTC unless a zone is given', () => {
  assert.equal(parseTime('--from', '1700000000000'), 1_700_000_000_000);
  assert.equal(parseTime('--from', '2026-01-31'), Date.UTC(2026, 0, 31));
  assert.equal(parseTime('--from', '2026-01-31T12:30'), Date.UTC(2026, 0, 31, 12, 30));
  assert.equal(parseTime('--from', '2026-01-31 12:30:15.250'), Date.UTC(2026, 0, 31, 12, 30, 15, 250));
  assert.equal(parseTime('--from', '2026-01-31T12:00:00+02:00'), Date.UTC(2026, 0, 31, 10));
  assert.equal(parseTime('--to', '2026-01-31T12:00:00Z'), Date.UTC(2026, 0, 31, 12));
  for (const bad of ['yesterday', '2026-13-45', '31/01/2026', '']) usageError(() => parseTime('--from', bad), /--from must be milliseconds/);
});

test('settings: --url over OPENMART_URL over the file; the key from the environment or else the file, as one set', () => {
  const dir = mkdtempSync(join(tmpdir(), 'openmart-settings-'));
  try {
    const home = join(dir, 'home');
    const file = join(home, '.config', 'openmart', 'config.json');
    mkdirSync(join(home, '.config', 'openmart'), { recursive: true });
    writeFileSync(file, JSON.stringify({ url: 'http://file:1', api_key: 'file-key', api_secret: 'file-secret', memo: 'file memo' }));
    chmodSync(file, 0o600);

    const none = resolveSettings({ env: {}, home: join(dir, 'nobody') });
    assert.deepEqual(none, { url: 'http://127.0.0.1:8080', warnings: [] });
    usageError(() => requireCredentials(none), /no API key: set OPENMART_API_KEY/);

    const fromFile = resolveSettings({ env: {}, home });
    assert.deepEqual(
      [fromFile.url, fromFile.apiKey, fromFile.apiSecret, fromFile.memo, fromFile.credentialsFrom, fromFile.warnings],
      ['http://file:1', 'file-key', 'file-secret', 'file memo', file, []],
    );
    const env = { OPENMART_URL: 'http://env:2/', OPENMART_API_KEY: 'env-key', OPENMART_API_SECRET: 'env-secret' };
    const fromEnv = resolveSettings({ env, home });
    assert.deepEqual([fromEnv.url, fromEnv.apiKey, fromEnv.apiSecret, fromEnv.memo], ['http://env:2', 'env-key', 'env-secret', undefined]);
    assert.equal(resolveSettings({ env: { ...env, OPENMART_API_MEMO: 'env memo' }, home }).memo, 'env memo');
    assert.equal(resolveSettings({ url: 'https://flag:3', env, home }).url, 'https://flag:3');
    usageError(() => resolveSettings({ url: 'ftp://x', env: {}, home }), /must start with http/);
    usageError(
      () => requireCredentials(resolveSettings({ env: { OPENMART_API_KEY: 'k' }, home })),
      /an API key but no API secret in the environment/,
    );

    const xdg = resolveSettings({ env: { XDG_CONFIG_HOME: join(home, '.config') }, home: join(dir, 'nobody') });
    assert.equal(xdg.apiKey, 'file-key');
    const explicit = resolveSettings({ config: file, env: { OPENMART_CONFIG: join(dir, 'nope.json') }, home: join(dir, 'nobody') });
    assert.equal(explicit.apiKey, 'file-key', '--config wins over OPENMART_CONFIG');
    usageError(() => resolveSettings({ env: { OPENMART_CONFIG: join(dir, 'nope.json') }, home }), /cannot read the config file .*nope\.json \(ENOENT\)/);

    chmodSync(file, 0o640);
    const loose = resolveSettings({ env: {}, home });
    assert.equal(loose.warnings.length, 1);
    assert.match(loose.warnings[0] ?? '', /is readable by other users \(mode 0640\); run: chmod 600 /);
    assert.deepEqual(resolveSettings({ env: {}, home, platform: 'win32' }).warnings, []);

    writeFileSync(file, JSON.stringify({ email: 'demo@openmart.local', password: 'p', user_id: 1, api_key: 'k', api_secret: 's', memo: 'demo' }));
    chmodSync(file, 0o600);
    assert.deepEqual(resolveSettings({ env: {}, home }).warnings, [], 'DATA_DIR/demo-credentials.json works as a config file');
    writeFileSync(file, JSON.stringify({ api_key: 'k', api_secret: 's', colour: 'blue' }));
    assert.deepEqual(resolveSettings({ env: {}, home }).warnings, [`ignoring unknown keys in ${file}: colour`]);
    writeFileSync(file, JSON.stringify({ api_key: 7 }));
    usageError(() => resolveSettings({ env: {}, home }), /api_key in the config file .* must be a string/);
    writeFileSync(file, '{"api_secret": "super-secret-value"');
    assert.throws(
      () => resolveSettings({ env: {}, home }),
      (err: unknown) => err instanceof CliError && /is not valid JSON$/.test(err.message) && !err.message.includes('super-secret-value'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SDK errors become one line and an exit code: 3 API, 4 auth, 5 server, 6 network; placing hints at the unknown outcome', () => {
  const at = { method: 'GET', path: '/v2/wallet' };
  const ctx = { url: 'http://127.0.0.1:8080' };
  const cases: Array<[unknown, number, string]> = [
    [new InsufficientFundsError({ ...at, status: 400, code: 3008, message: 'Insufficient balance' }), EXIT.api, '400 Insufficient balance (INSUFFICIENT_BALANCE, code 3008)'],
    [new BadRequestError({ ...at, status: 400, message: 'Bad' }), EXIT.api, '400 Bad'],
    [new OrderNotFoundError({ ...at, status: 404, code: 3009, message: 'Not found' }), EXIT.api, '404 Not found (ORDER_NOT_FOUND, code 3009)'],
    [new RateLimitError({ ...at, status: 429, code: 4000, message: 'Too many requests', retryAfter: 12 }), EXIT.api, '429 Too many requests (RATE_LIMITED, code 4000); retry after 12 s'],
    [new AuthenticationError({ ...at, status: 401, code: 2001, message: 'Unauthorized: invalid client credentials' }), EXIT.auth, '401 Unauthorized: invalid client credentials (INVALID_CREDENTIALS, code 2001)'],
    [new PermissionError({ ...at, status: 403, message: 'Forbidden' }), EXIT.auth, '403 Forbidden'],
    [new ServerError({ ...at, status: 500, message: 'Internal server error' }), EXIT.server, '500 Internal server error'],
    [new NetworkError({ ...at, message: 'GET /v2/wallet failed: fetch failed: ECONNREFUSED' }), EXIT.network, 'cannot reach the server at http://127.0.0.1:8080: GET /v2/wallet failed: fetch failed: ECONNREFUSED'],
    [new NetworkError({ ...at, message: 'GET /v2/wallet timed out after 10000 ms', timedOut: true }), EXIT.network, 'no answer in time from the server at http://127.0.0.1:8080: GET /v2/wallet timed out after 10000 ms'],
    [new CliError('bad', EXIT.usage), EXIT.usage, 'bad'],
    [new Error('boom'), EXIT.internal, 'boom'],
  ];
  for (const [err, code, message] of cases) {
    const cli = toCliError(err, ctx);
    assert.deepEqual([cli.exitCode, cli.message], [code, message]);
  }
  const placing = { ...ctx, placing: { symbol: 'BMX_ETH' } };
  assert.match(toCliError(new ServerError({ ...at, status: 503, message: 'Service unavailable' }), placing).message, /may or may not have been placed: check every order of the market, filled ones too, with `openmart orders --symbol BMX_ETH --status all`/);
  assert.match(toCliError(new NetworkError({ ...at, message: 'reset' }), placing).message, /may or may not have been placed/);
  assert.doesNotMatch(toCliError(new InsufficientFundsError({ ...at, status: 400, message: 'x' }), placing).message, /may or may not/);
  assert.deepEqual(Object.values(EXIT), [0, 1, 2, 3, 4, 5, 6]);
});
