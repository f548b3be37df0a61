/**
 * The operator CLI end to end against a real `openmart serve` child: a few
 * commands as real `openmart` processes (exit codes, stdout/stderr), the
 * rest in process through runCli with stdout captured.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { table } from '../../src/cli/output.js';
import { runCliProcess, startServerProcess, Trader, type ServerProcess } from '../e2e/support.js';

let dir: string;
let srv: ServerProcess;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'openmart-cli-'));
  srv = await startServerProcess({ dataDir: dir, env: { SEED_DEMO: '0', FSYNC: '0' } });
});

after(async () => {
  await srv.stop('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

/** Run one command in process; answers its exit code, stdout and stderr. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const hasUrl = args.includes('--url');
  const hasDir = args.includes('--data-dir');
  await runCli(['node', 'openmart', ...args, ...(hasUrl ? [] : ['--url', srv.url]), ...(hasDir ? [] : ['--data-dir', dir])], {
    io: { out: (t) => (stdout += t), err: (t) => (stderr += t), setExitCode: (c) => (code = c) },
  });
  return { code, stdout, stderr };
}

const json = async (...args: string[]) => {
  const r = await cli(...args, '--json');
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
};

test('openmart admin: currencies and a market from the command line', async () => {
  assert.deepEqual(await json('admin', 'currency', 'create', 'BMX', '--name', 'BitMart Token', '--scale', '8'), {
    id: 'BMX', name: 'BitMart Token', scale: 8, deposit_enabled: true, withdraw_enabled: true,
  });
  await json('admin', 'currency', 'create', 'ETH', '--name', 'Ethereum', '--scale', '18');
  const m = await json(
    'admin', 'market', 'create', 'BMX_ETH', '--quote-increment', '0.00000001', '--base-min-size', '0.01', '--base-max-size', '100000000',
    '--price-min-precision', '6', '--price-max-precision', '8', '--maker-fee', '0.001', '--taker-fee', '0.002',
  );
  assert.equal(m.symbol, 'BMX_ETH');
  assert.equal(m.taker_fee, '0.002');
  const listed = await cli('admin', 'market', 'list');
  assert.equal(listed.code, 0);
  assert.match(listed.stdout, /^SYMBOL\s+BASE_CURRENCY\s+QUOTE_CURRENCY/);
  assert.match(listed.stdout, /\nBMX_ETH\s+BMX\s+ETH\s+0\.00000001/);
  const dup = await cli('admin', 'currency', 'create', 'ETH', '--name', 'Ethereum', '--json');
  assert.notEqual(dup.code, 0);
  assert.equal(dup.stdout, '');
  assert.match(dup.stderr, /Currency ETH already exists/);
});

test('`openmart admin user create` and `apikey create` as processes print the documented JSON', async () => {
  const env = { OPENMART_URL: srv.url, DATA_DIR: dir };
  const u = await runCliProcess(['admin', 'user', 'create', 'carol@example.com', '--password', 'pass-word-1', '--json'], env);
  assert.equal(u.code, 0, u.stderr);
  assert.deepEqual(JSON.parse(u.stdout), { user_id: 1, email: 'carol@example.com' });
  const k = await runCliProcess(['admin', 'apikey', 'create', 'carol@example.com', '--memo', 'bot', '--json'], env);
  assert.equal(k.code, 0, k.stderr);
  const key = JSON.parse(k.stdout);
  assert.deepEqual(Object.keys(key), ['api_key', 'api_secret', 'memo']);
  assert.equal(key.memo, 'bot');

  const d = await json('admin', 'deposit', 'carol@example.com', 'ETH', '2.5');
  assert.equal(d.available, '2.5');
  const trader = await Trader.login(srv.url, key.api_key, key.api_secret);
  const placed = await trader.placeOrder('BMX_ETH', 'buy', '1000', '0.0005');
  assert.equal(placed.status, 200, JSON.stringify(placed.body));
  assert.deepEqual(await json('admin', 'balances', 'carol@example.com'), [{ currency: 'ETH', available: '2', frozen: '0.5' }]);

  const w = await cli('admin', 'withdraw', 'carol@example.com', 'ETH', '3', '--json');
  assert.notEqual(w.code, 0);
  assert.match(w.stderr, /400: Insufficient balance/);
  assert.equal((await json('admin', 'withdraw', 'carol@example.com', 'ETH', '0.5')).available, '1.5');
  const users = await cli('admin', 'user', 'list');
  assert.match(users.stdout, /USER_ID\s+EMAIL\s+CREATED_AT\n1\s+carol@example.com/);
});

test('`openmart admin snapshot` writes a snapshot', async () => {
  const s = await json('admin', 'snapshot');
  assert.ok(s.seq > 0);
  assert.match(s.path, /snapshots/);
});

test('without the admin token the CLI fails with a non-zero exit code and the reason on stderr', async () => {
  const r = await runCliProcess(['admin', 'user', 'list', '--json'], {
    OPENMART_URL: srv.url,
    OPENMART_ADMIN_TOKEN: 'not-the-admin-token-at-all-000',
  });
  assert.notEqual(r.code, 0);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /401: Unauthorized: invalid admin token/);
  const none = await cli('admin', 'user', 'list', '--data-dir', join(dir, 'nowhere'));
  assert.notEqual(none.code, 0);
  assert.match(none.stderr, /no admin token/);
  const down = await cli('admin', 'user', 'list', '--url', 'http://127.0.0.1:1');
  assert.notEqual(down.code, 0);
  assert.match(down.stderr, /cannot reach the server/);
});

test('tables align columns under upper-case headers', () => {
  assert.equal(table([{ a: 'x', bb: 1 }, { a: 'long', bb: 22 }]), 'A     BB\nx     1\nlong  22');
  assert.equal(table([]), '(none)');
});
