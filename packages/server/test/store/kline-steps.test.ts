/**
 * The store repeats the protocol's k-line steps (candle-math.ts) so that its
 * writer thread does not load @openmart/protocol and TypeBox: the two lists
 * must stay equal, and the writer thread's module graph must stay light
 * (checked by loading writer-worker.ts in a child process whose resolve
 * hook records every module it pulls in).
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KLINE_STEPS } from '@openmart/protocol';
import { STEPS } from '../../src/store/candle-math.js';

test('STEPS equals the protocol\'s KLINE_STEPS', () => {
  assert.deepEqual([...STEPS], [...KLINE_STEPS]);
});

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'openmart-worker-graph-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every module URL that importing `entry` resolves, as tsx and --conditions=openmart-source make the worker resolve them. */
async function moduleGraph(t: TestContext, entry: string): Promise<string[]> {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'hook.mjs'), `
import { writeSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  writeSync(2, 'RESOLVED ' + r.url + '\\n');
  return r;
}
`);
  writeFileSync(join(dir, 'register.mjs'), `
import { register } from 'node:module';
register('./hook.mjs', import.meta.url);
`);
  // The entry throws at once outside a worker (no workerData), but only after its whole graph is loaded.
  const script = `import(${JSON.stringify(entry)}).then(() => console.log('LOADED'), (e) => console.log('THREW ' + e.message));`;
  const child = spawn(process.execPath, [
    '--import', import.meta.resolve('tsx'), '--import', join(dir, 'register.mjs'), '--conditions=openmart-source',
    '--input-type=module', '-e', script,
  ], { env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, err);
  assert.match(out, /THREW sqlite-store writer: bad workerData/, `${out}\n${err}`);
  return err.split('\n').filter((l) => l.startsWith('RESOLVED ')).map((l) => l.slice('RESOLVED '.length));
}

test('the writer thread loads neither @openmart/protocol nor TypeBox', async (t) => {
  const urls = await moduleGraph(t, import.meta.resolve('../../src/store/sqlite/writer-worker.ts'));
  assert.ok(urls.some((u) => u.endsWith('/store/sqlite/projection.ts')), `the graph was recorded: ${urls.join(' ')}`);
  assert.ok(urls.some((u) => u.includes('better-sqlite3')));
  const heavy = urls.filter((u) => u.includes('typebox') || u.includes('/packages/protocol/') || u.includes('@openmart'));
  assert.deepEqual(heavy, []);
});
