/**
 * `openmart admin fees` and `openmart admin fees withdraw` against a real
 * `openmart serve` child: as processes (exit codes, stdout/stderr) and in
 * process through runCli.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../../src/cli/exit-codes.js';
import { runCli } from '../../src/cli/main.js';
import { adminCall, readAdminToken, runCliProcess, startServerProcess, Trader, type ServerProcess } from '../e2e/support.js';

let dir: string;
let srv: ServerProcess;
let env: Record<string, string>;

async function admin(method: string, path: string, body?: unknown): Promise<any> {
  const r = await adminCall(srv.url, readAdminToken(dir), method, path, body);
  assert.equal(r.status, 200, `${method} ${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** One command in process; answers its exit code, stdout and stderr. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  let code = 0;
  try {
    await runCli(['node', 'openmart', ...args, '--url', srv.url, '--data-dir', dir], {
      io: { out: (t) => (stdout += t), err: (t) => (stderr += t), setExitCode: (c) => (code = c) },
    });
  } catch (err) {
    // Commander usage errors end here after setting the exit code (a process would exit).
    if (!String((err as { code?: unknown }).code).startsWith('commander.')) throw err;
  }
  return { code, stdout, stderr };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'openmart-cli-fees-'));
  srv = await startServerProcess({ dataDir: dir, env: { SEED_DEMO: '0', FSYNC: '0' } });
  env = { OPENMART_URL: srv.url, DATA_DIR: dir };
  // One trade of 100 BMX at 0.0005 ETH: the buyer (taker, 0.2%) pays 0.2 BMX, the seller (maker, 0.1%) 0.00005 ETH.
  await admin('POST', '/admin/currencies', { id: 'BMX', scale: 8 });
  await admin('POST', '/admin/currencies', { id: 'ETH', scale: 18 });
  await admin('POST', '/admin/markets', {
    symbol: 'BMX_ETH', quote_increment: '0.00000001', base_min_size: '0.01', base_max_size: '100000000',
    price_min_precision: 6, price_max_precision: 8, maker_fee: '0.001', taker_fee: '0.002',
  });
  const traders: Trader[] = [];
  for (const [email, currency, amount] of [['seller@example.com', 'BMX', '1000'], ['buyer@example.com', 'ETH', '1']] as const) {
    await admin('POST', '/admin/users', { email, password: 'correct horse' });
    await admin('POST', '/admin/deposits', { user: email, currency, amount });
    const k = await admin('POST', `/admin/users/${email}/apikeys`, { memo: 'bot' });
    traders.push(await Trader.login(srv.url, k.api_key, k.api_secret));
  }
  const [seller, buyer] = traders as [Trader, Trader];
  assert.equal((await seller.placeOrder('BMX_ETH', 'sell', '100', '0.0005')).status, 200);
  assert.equal((await buyer.placeOrder('BMX_ETH', 'buy', '100', '0.0005')).status, 200);
});

after(async () => {
  await srv.stop('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

test('`openmart admin fees --json` prints the fee revenue per currency; without --json a table', async () => {
  const r = await runCliProcess(['admin', 'fees', '--json'], env);
  assert.equal(r.code, EXIT.ok, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [{ currency: 'BMX', available: '0.2' }, { currency: 'ETH', available: '0.00005' }]);
  const t = await cli('admin', 'fees');
  assert.equal(t.code, EXIT.ok, t.stderr);
  assert.equal(t.stdout, 'CURRENCY  AVAILABLE\nBMX       0.2\nETH       0.00005\n');
});

test('`openmart admin fees withdraw` takes revenue out and prints what is left', async () => {
  const r = await runCliProcess(['admin', 'fees', 'withdraw', 'ETH', '0.00002', '--json'], env);
  assert.equal(r.code, EXIT.ok, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { currency: 'ETH', amount: '0.00002', available: '0.00003' });
  const t = await cli('admin', 'fees', 'withdraw', 'bmx', '0.2');
  assert.equal(t.code, EXIT.ok, t.stderr);
  assert.equal(t.stdout, 'currency   BMX\namount     0.2\navailable  0\n');
  assert.deepEqual(JSON.parse((await cli('admin', 'fees', '--json')).stdout), [
    { currency: 'BMX', available: '0' },
    { currency: 'ETH', available: '0.00003' },
  ]);
  const totals = (await cli('admin', 'totals', '--json'));
  const eth = (JSON.parse(totals.stdout) as Array<{ currency: string; total: string }>).find((x) => x.currency === 'ETH');
  assert.equal(eth?.total, '0.99998', 'the 1 ETH deposited less the 0.00002 taken out');
});

test('refusals exit 3 with the reason on stderr; usage errors exit 2; a bad token 4', async () => {
  const over = await runCliProcess(['admin', 'fees', 'withdraw', 'ETH', '1', '--json'], env);
  assert.equal(over.code, EXIT.api, over.stderr);
  assert.equal(over.stdout, '');
  assert.match(over.stderr, /^openmart: 400: Insufficient balance: available 0\.00003 ETH \(code 3008\)/);
  const bad = await cli('admin', 'fees', 'withdraw', 'ETH', 'abc');
  assert.equal(bad.code, EXIT.api, bad.stderr);
  assert.match(bad.stderr, /code 3016/);
  const unknown = await cli('admin', 'fees', 'withdraw', 'DOGE', '1');
  assert.equal(unknown.code, EXIT.api, unknown.stderr);
  assert.match(unknown.stderr, /Unknown currency DOGE/);
  for (const args of [['admin', 'fees', 'withdraw', 'ETH'], ['admin', 'fees', 'bogus'], ['admin', 'fees', '--bogus']]) {
    const r = await cli(...args);
    assert.equal(r.code, EXIT.usage, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
  }
  const badToken = await runCliProcess(['admin', 'fees', '--json'], { OPENMART_URL: srv.url, OPENMART_ADMIN_TOKEN: 'not-the-admin-token-at-all-000' });
  assert.equal(badToken.code, EXIT.auth, badToken.stderr);
  assert.equal(badToken.stdout, '');
  // Nothing moved.
  assert.deepEqual(JSON.parse((await cli('admin', 'fees', '--json')).stdout), [
    { currency: 'BMX', available: '0' },
    { currency: 'ETH', available: '0.00003' },
  ]);
  const help = await runCliProcess(['admin', '--help'], {});
  assert.equal(help.code, EXIT.ok);
  assert.match(help.stdout, /\bfees\b/);
});
