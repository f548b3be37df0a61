/**
 * One server per data directory (app/data-lock.ts): an OS lock on
 * DATA_DIR/lock.db, raced by real processes, taken over from a SIGKILLed
 * holder, refused to a second holder in the same process, and refused to a
 * second `openmart serve` on the same directory.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DataDirLockedError, LOCK_DB_FILE, LOCK_PID_FILE, lockDataDir } from '../../src/app/data-lock.js';
import { loadConfig } from '../../src/app/config.js';
import { startServer } from '../../src/server.js';
import { BIN, REPO_ROOT, startServerProcess } from '../e2e/support.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'data-lock-child.ts');
const ROUNDS = Number(process.env.LOCK_ROUNDS ?? 20);

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'openmart-lock-'));
  dirs.push(d);
  return d;
}

/** A child process holding (or not) data directory locks, one request line, one answer line. */
class LockChild {
  readonly proc: ChildProcessWithoutNullStreams;
  private readonly lines: string[] = [];
  private waiting: ((line: string) => void) | null = null;
  readonly exited: Promise<void>;

  constructor() {
    this.proc = spawn(process.execPath, ['--import', 'tsx', CHILD], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    this.proc.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    this.exited = new Promise((res) => this.proc.once('exit', () => res()));
    void this.exited.then(() => {
      const w = this.waiting;
      this.waiting = null;
      w?.(`exited ${err}`);
    });
    createInterface({ input: this.proc.stdout }).on('line', (line) => {
      const w = this.waiting;
      if (w === null) this.lines.push(line);
      else {
        this.waiting = null;
        w(line);
      }
    });
  }

  next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return Promise.resolve('exited');
    return new Promise((res) => (this.waiting = res));
  }

  send(line: string): void {
    this.proc.stdin.write(`${line}\n`);
  }

  async request(line: string): Promise<string> {
    this.send(line);
    return this.next();
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
    await this.exited;
  }
}

const children: LockChild[] = [];
async function startChild(): Promise<LockChild> {
  const c = new LockChild();
  children.push(c);
  assert.equal(await c.next(), 'ready');
  return c;
}

after(async () => {
  await Promise.all(children.map((c) => c.stop()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A pid that no process has now (a child that has exited). */
async function deadPid(): Promise<number> {
  const c = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((res) => c.once('exit', res));
  return c.pid as number;
}

/** Both children try to lock `dir` at once: exactly one must win; then both let go. */
async function race(a: LockChild, b: LockChild, dir: string): Promise<void> {
  a.send(`lock ${dir}`);
  b.send(`lock ${dir}`);
  const answers = await Promise.all([a.next(), b.next()]);
  const won = answers.filter((s) => s.startsWith('won '));
  const refused = answers.filter((s) => s.startsWith('refused '));
  assert.equal(won.length, 1, `exactly one winner: ${JSON.stringify(answers)}`);
  assert.equal(refused.length, 1, `the other is refused: ${JSON.stringify(answers)}`);
  assert.equal(readFileSync(join(dir, LOCK_PID_FILE), 'utf8').trim(), won[0]?.slice('won '.length));
  assert.deepEqual(await Promise.all([a.request('release'), b.request('release')]), ['released', 'released']);
}

test('two processes racing for a fresh data directory: exactly one holds it, every round', async () => {
  const [a, b] = await Promise.all([startChild(), startChild()]);
  for (let i = 0; i < ROUNDS; i++) await race(a, b, tempDir());
});

test('two processes racing for a directory with a stale lock: exactly one holds it, every round', async () => {
  const [a, b] = await Promise.all([startChild(), startChild()]);
  const dir = tempDir();
  for (let i = 0; i < ROUNDS; i++) {
    // What a crashed holder leaves: lock.db (from an earlier round) and a LOCK naming a dead process.
    writeFileSync(join(dir, LOCK_PID_FILE), `${await deadPid()}\n`);
    await race(a, b, dir);
    assert.ok(existsSync(join(dir, LOCK_DB_FILE)));
  }
});

test('a lock held by a SIGKILLed process is taken over; while it lives it is refused with its pid', async () => {
  const dir = tempDir();
  const holder = await startChild();
  const holderPid = holder.proc.pid as number;
  assert.equal(await holder.request(`lock ${dir}`), `won ${holderPid}`);

  assert.throws(() => lockDataDir(dir), (err: unknown) => {
    assert.ok(err instanceof DataDirLockedError);
    assert.equal(err.holderPid, holderPid);
    assert.match(err.message, new RegExp(`in use by process ${holderPid}\\b`));
    return true;
  });
  const other = await startChild();
  assert.match(await other.request(`lock ${dir}`), new RegExp(`^refused .*in use by process ${holderPid}\\b`));

  holder.proc.kill('SIGKILL');
  await holder.exited;
  const release = lockDataDir(dir);
  try {
    assert.equal(readFileSync(join(dir, LOCK_PID_FILE), 'utf8').trim(), String(process.pid));
    assert.match(await other.request(`lock ${dir}`), new RegExp(`^refused .*in use by process ${process.pid}\\b`));
  } finally {
    release();
  }
  assert.equal(await other.request(`lock ${dir}`), `won ${other.proc.pid}`);
  assert.equal(await other.request('release'), 'released');
});

test('a second lock in the same process is refused, and the first stays held; release, then re-lock', async () => {
  const dir = tempDir();
  const release = lockDataDir(dir);
  const probe = await startChild();
  try {
    assert.throws(() => lockDataDir(dir), (err: unknown) => err instanceof DataDirLockedError && err.holderPid === process.pid);
    // Through another path to the same directory too.
    assert.throws(() => lockDataDir(`${dir}/.`), DataDirLockedError);
    // The refused attempts closed their connections without dropping the held lock.
    assert.match(await probe.request(`lock ${dir}`), /^refused /);
  } finally {
    release();
  }
  release(); // a second call does nothing
  assert.ok(!existsSync(join(dir, LOCK_PID_FILE)), 'the pid file goes with the lock');
  assert.ok(existsSync(join(dir, LOCK_DB_FILE)), 'the lock file stays (another process may have it open)');

  const again = lockDataDir(dir);
  try {
    assert.match(await probe.request(`lock ${dir}`), /^refused /);
  } finally {
    again();
  }
  assert.equal(await probe.request(`lock ${dir}`), `won ${probe.proc.pid}`);
  assert.equal(await probe.request('release'), 'released');
});

test('a legacy pid-file LOCK is replaced by the new holder; lock files are owner-only', () => {
  const dir = tempDir();
  // An earlier version's LOCK, even naming a live process (this one), decides nothing.
  writeFileSync(join(dir, LOCK_PID_FILE), `${process.pid}\n`, { mode: 0o644 });
  const oldMask = process.umask(0o022);
  let release: () => void;
  try {
    release = lockDataDir(dir);
  } finally {
    process.umask(oldMask);
  }
  try {
    assert.equal(readFileSync(join(dir, LOCK_PID_FILE), 'utf8'), `${process.pid}\n`);
    assert.equal(statSync(join(dir, LOCK_PID_FILE)).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, LOCK_DB_FILE)).mode & 0o777, 0o600);
  } finally {
    release();
  }
});

test('a second server on the same data directory is refused with a clear error; the first keeps serving', async () => {
  const dir = tempDir();
  const env = { SEED_DEMO: '0' };
  const first = await startServerProcess({ dataDir: dir, env });
  try {
    const firstPid = first.child.pid as number;
    const second = spawn(process.execPath, [BIN, 'serve'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATA_DIR: dir, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', SEED_DEMO: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    second.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    const code = await new Promise<number | null>((res) => second.once('exit', res));
    assert.equal(code, 1);
    assert.match(err, new RegExp(`openmart: start-up failed: data directory .* is in use by process ${firstPid}\\b`));

    // In this process too, through startServer.
    const config = loadConfig({ DATA_DIR: dir, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', SEED_DEMO: '0' });
    await assert.rejects(startServer({ config, console: () => undefined }), DataDirLockedError);

    assert.equal((await fetch(`${first.url}/healthz`)).status, 200);
  } finally {
    assert.equal(await first.stop(), 0);
  }
  assert.ok(!existsSync(join(dir, LOCK_PID_FILE)), 'a clean stop removes the pid file');
});
