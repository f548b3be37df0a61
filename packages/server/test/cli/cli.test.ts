/**
 * The operator CLI end to end against a real `openmart serve` child: a few
 * commands as real `openmart` processes (exit codes, stdout/stderr, stdin),
 * the rest in process through runCli with stdout captured.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { EXIT } from '../../src/cli/exit-codes.js';
import { runCli } from '../../src/cli/main.js';
import { formatTime, readLine, table } from '../../src/cli/output.js';
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

/** Run one command in process; answers its exit code, stdout and stderr. `stdin`: what io.readLine answers. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliWith({}, ...args);
}

async function cliWith(input: { stdin?: string }, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const hasUrl = args.includes('--url');
  const hasDir = args.includes('--data-dir');
  try {
    await runCli(['node', 'openmart', ...args, ...(hasUrl ? [] : ['--url', srv.url]), ...(hasDir ? [] : ['--data-dir', dir])], {
      io: {
        out: (t) => (stdout += t),
        err: (t) => (stderr += t),
        setExitCode: (c) => (code = c),
        readLine: () => readLine(Readable.from(input.stdin === undefined ? [] : [input.stdin])),
      },
    });
  } catch (err) {
    // Commander usage errors end here after setting the exit code (a process would exit).
    if (!String((err as { code?: unknown }).code).startsWith('commander.')) throw err;
  }
  return { code, stdout, stderr };
}

/** `openmart <args>` as a child process with `stdin` piped in (then closed). */
function runWithStdin(args: readonly string[], env: Readonly<Record<string, string>>, stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runCliProcess(args, env, { stdin });
}

/** Can `email` log in to the web UI with `password`? */
async function canLogIn(email: string, password: string): Promise<boolean> {
  const r = await fetch(`${srv.url}/api/account/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  await r.text();
  return r.status === 200;
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

test('exit codes: 2 usage, 3 refused by the server, 4 bad admin token, 6 no answer (as docs/cli.md says)', async () => {
  // Usage errors: nothing is sent.
  for (const args of [
    ['admin', 'bogus'],
    ['admin'],
    ['admin', 'user', 'bogus'],
    ['admin', 'user', 'show'],
    ['admin', 'currency', 'create', 'XYZ'],
    ['admin', 'deposit', 'carol@example.com', 'ETH'],
    ['admin', 'user', 'list', '--bogus'],
    ['admin', 'market', 'create', 'BMX_XYZ', '--quote-increment', '1', '--base-min-size', '1', '--base-max-size', '2',
      '--price-min-precision', 'six', '--price-max-precision', '8'],
  ]) {
    const r = await cli(...args);
    assert.equal(r.code, EXIT.usage, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.notEqual(r.stderr, '');
  }
  const noToken = await cli('admin', 'user', 'list', '--data-dir', join(dir, 'nowhere'));
  assert.equal(noToken.code, EXIT.usage);
  assert.match(noToken.stderr, /no admin token/);
  // As a process too: commander's exit is replaced, not only the in-process code.
  const proc = await runCliProcess(['admin', 'bogus'], { OPENMART_URL: srv.url, DATA_DIR: dir });
  assert.equal(proc.code, EXIT.usage);
  assert.match(proc.stderr, /unknown command 'bogus'/);
  assert.equal((await runCliProcess(['admin', '--help'], {})).code, EXIT.ok);

  // Refusals (4xx other than 401/403).
  const dup = await cli('admin', 'currency', 'create', 'ETH', '--name', 'Ethereum', '--json');
  assert.equal(dup.code, EXIT.api, dup.stderr);
  assert.match(dup.stderr, /^openmart: 400: Currency ETH already exists/);
  const poor = await cli('admin', 'withdraw', 'carol@example.com', 'ETH', '1000000');
  assert.equal(poor.code, EXIT.api, poor.stderr);
  const nobody = await cli('admin', 'user', 'show', 'nobody@example.com');
  assert.equal(nobody.code, EXIT.api, nobody.stderr);
  assert.match(nobody.stderr, /^openmart: 404: /);

  // A bad admin token: 401.
  const bad = await runCliProcess(['admin', 'user', 'list', '--json'], { OPENMART_URL: srv.url, OPENMART_ADMIN_TOKEN: 'not-the-admin-token-at-all-000' });
  assert.equal(bad.code, EXIT.auth, bad.stderr);
  assert.equal(bad.stdout, '');
  const badFlag = await cli('admin', 'snapshot', '--token', 'wrong-token');
  assert.equal(badFlag.code, EXIT.auth, badFlag.stderr);
  assert.match(badFlag.stderr, /^openmart: 401: /);

  const down = await cli('admin', 'user', 'list', '--url', 'http://127.0.0.1:1');
  assert.equal(down.code, EXIT.network, down.stderr);
});

test('tables print created_at in UTC; --json keeps the API numbers', async () => {
  const users = (await json('admin', 'user', 'list')) as Array<{ email: string; created_at: number }>;
  const carol = users.find((u) => u.email === 'carol@example.com');
  assert.ok(carol !== undefined);
  assert.equal(typeof carol.created_at, 'number');
  const listed = await cli('admin', 'user', 'list');
  assert.equal(listed.code, 0, listed.stderr);
  const row = listed.stdout.split('\n').find((l) => l.includes('carol@example.com')) ?? '';
  assert.match(row, /^1\s+carol@example\.com\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC$/);
  assert.ok(row.endsWith(`${formatTime(carol.created_at)} UTC`), row);
  assert.doesNotMatch(listed.stdout, new RegExp(String(carol.created_at)));
  // A field view: the time in UTC, the number after it.
  const shown = await cli('admin', 'user', 'show', 'carol@example.com');
  assert.match(shown.stdout, new RegExp(`^created_at\\s+${formatTime(carol.created_at).replace(/\./g, '\\.')} UTC \\(${carol.created_at}\\)$`, 'm'));
});

test('`admin user show` prints the API keys as a table of their own; --json is the API answer', async () => {
  await json('admin', 'user', 'create', 'dave@example.com', '--password', 'pass-word-2');
  const plain = await cli('admin', 'user', 'show', 'dave@example.com');
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /^api_keys\s+\(none\)$/m);

  await json('admin', 'apikey', 'create', 'dave@example.com', '--memo', 'first bot');
  await json('admin', 'apikey', 'create', 'dave@example.com', '--memo', 'signer', '--require-signature');
  const shown = await json('admin', 'user', 'show', 'dave@example.com');
  assert.deepEqual(Object.keys(shown), ['user_id', 'email', 'created_at', 'api_keys']);
  assert.equal(shown.api_keys.length, 2);
  assert.deepEqual(Object.keys(shown.api_keys[0]), ['api_key', 'memo', 'require_signature', 'created_at']);
  assert.equal(typeof shown.api_keys[0].created_at, 'number');

  const r = await cli('admin', 'user', 'show', 'dave@example.com');
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /[[{]/, 'no JSON inside the table');
  assert.match(r.stdout, /^email\s+dave@example\.com$/m);
  assert.match(r.stdout, /^api_keys\s+2$/m);
  const lines = r.stdout.trimEnd().split('\n');
  const header = lines.findIndex((l) => l.startsWith('API_KEY'));
  assert.ok(header > 0, r.stdout);
  assert.equal(lines[header - 1], '', 'a blank line before the keys');
  assert.match(lines[header] ?? '', /^API_KEY\s+MEMO\s+REQUIRE_SIGNATURE\s+CREATED_AT$/);
  const [k1, k2] = shown.api_keys as Array<{ api_key: string; memo: string; created_at: number }>;
  assert.ok(k1 !== undefined && k2 !== undefined);
  assert.match(lines[header + 1] ?? '', new RegExp(`^${k1.api_key}\\s+first bot\\s+false\\s+${formatTime(k1.created_at).replace(/\./g, '\\.')} UTC$`));
  assert.match(lines[header + 2] ?? '', new RegExp(`^${k2.api_key}\\s+signer\\s+true\\s+`));
  assert.equal(lines.length, header + 3);
});

test('`admin apikey revoke` says what it revoked; --json prints the API answer', async () => {
  const k1 = await json('admin', 'apikey', 'create', 'dave@example.com', '--memo', 'to revoke');
  const r = await cli('admin', 'apikey', 'revoke', 'dave@example.com', k1.api_key);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `revoked API key ${k1.api_key} of dave@example.com (and every token issued for it)\n`);
  const k2 = await json('admin', 'apikey', 'create', 'dave@example.com', '--memo', 'to revoke too');
  assert.deepEqual(await json('admin', 'apikey', 'revoke', 'dave@example.com', k2.api_key), {});
  const keys = ((await json('admin', 'user', 'show', 'dave@example.com')).api_keys as Array<{ api_key: string }>).map((k) => k.api_key);
  assert.ok(!keys.includes(k1.api_key) && !keys.includes(k2.api_key));
  const again = await cli('admin', 'apikey', 'revoke', 'dave@example.com', k1.api_key);
  assert.equal(again.code, EXIT.api, again.stderr);
});

test('`admin user create`: the password from --password-stdin or OPENMART_USER_PASSWORD, kept off the command line', async () => {
  const env = { OPENMART_URL: srv.url, DATA_DIR: dir };
  // Stdin, as a process: one line, the line ending is not part of it.
  const piped = await runWithStdin(['admin', 'user', 'create', 'erin@example.com', '--password-stdin', '--json'], env, 'stdin pass word\nignored\n');
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal(JSON.parse(piped.stdout).email, 'erin@example.com');
  assert.ok(await canLogIn('erin@example.com', 'stdin pass word'));
  // Without a final line break, and with CRLF (in process).
  assert.equal((await cliWith({ stdin: 'no-newline-pw' }, 'admin', 'user', 'create', 'fay@example.com', '--password-stdin')).code, 0);
  assert.ok(await canLogIn('fay@example.com', 'no-newline-pw'));
  assert.equal((await cliWith({ stdin: 'crlf-pass-word\r\n' }, 'admin', 'user', 'create', 'gus@example.com', '--password-stdin')).code, 0);
  assert.ok(await canLogIn('gus@example.com', 'crlf-pass-word'));

  // The environment variable, when --password is absent; --password wins over it.
  const fromEnv = await runCliProcess(['admin', 'user', 'create', 'hal@example.com', '--json'], { ...env, OPENMART_USER_PASSWORD: 'env-pass-word' });
  assert.equal(fromEnv.code, 0, fromEnv.stderr);
  assert.deepEqual(Object.keys(JSON.parse(fromEnv.stdout)), ['user_id', 'email']);
  assert.ok(await canLogIn('hal@example.com', 'env-pass-word'));
  const flagWins = await runCliProcess(['admin', 'user', 'create', 'ida@example.com', '--password', 'flag-pass-word', '--json'], {
    ...env,
    OPENMART_USER_PASSWORD: 'env-pass-word',
  });
  assert.equal(flagWins.code, 0, flagWins.stderr);
  assert.ok(await canLogIn('ida@example.com', 'flag-pass-word'));
  // --password-stdin wins over the variable too.
  const stdinWins = await runWithStdin(['admin', 'user', 'create', 'jon@example.com', '--password-stdin'], { ...env, OPENMART_USER_PASSWORD: 'env-pass-word' }, 'stdin-pass-word\n');
  assert.equal(stdinWins.code, 0, stdinWins.stderr);
  assert.match(stdinWins.stdout, /^email\s+jon@example\.com$/m);
  assert.ok(await canLogIn('jon@example.com', 'stdin-pass-word'));

  // Refused before anything is sent: both options, no password at all, an empty stdin.
  const both = await cliWith({ stdin: 'stdin-pass-word\n' }, 'admin', 'user', 'create', 'kim@example.com', '--password-stdin', '--password', 'flag-pass-word');
  assert.equal(both.code, EXIT.usage);
  assert.match(both.stderr, /--password and --password-stdin exclude each other/);
  const none = await runCliProcess(['admin', 'user', 'create', 'kim@example.com', '--json'], env);
  assert.equal(none.code, EXIT.usage);
  assert.match(none.stderr, /no password: .*--password-stdin.*OPENMART_USER_PASSWORD/);
  const empty = await runWithStdin(['admin', 'user', 'create', 'kim@example.com', '--password-stdin'], env, '');
  assert.equal(empty.code, EXIT.usage);
  assert.match(empty.stderr, /no password on stdin/);
  const blank = await cliWith({ stdin: '\n' }, 'admin', 'user', 'create', 'kim@example.com', '--password-stdin');
  assert.equal(blank.code, EXIT.usage);
  const emails = ((await json('admin', 'user', 'list')) as Array<{ email: string }>).map((u) => u.email);
  assert.ok(!emails.includes('kim@example.com'));
  // A password the server refuses (too short) is a refusal: 3.
  const short = await cliWith({ stdin: 'short\n' }, 'admin', 'user', 'create', 'kim@example.com', '--password-stdin');
  assert.equal(short.code, EXIT.api, short.stderr);
});

test('readLine: the first line without its ending; undefined for empty input', async () => {
  assert.equal(await readLine(Readable.from(['ab', 'c\r', '\nrest'])), 'abc');
  assert.equal(await readLine(Readable.from(['only'])), 'only');
  assert.equal(await readLine(Readable.from(['\n'])), '');
  assert.equal(await readLine(Readable.from([])), undefined);
});
