/**
 * A first start killed (SIGKILL) while it seeds the demo data: the next
 * start finds the seeding marker, starts the exchange over and seeds it
 * completely, with a fresh demo secret printed once.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_MARKETS } from '../../src/app/seed.js';
import { SEEDING_MARKER } from '../../src/app/seed-marker.js';
import { BIN, REPO_ROOT, startServerProcess } from '../e2e/support.js';

const dir = mkdtempSync(join(tmpdir(), 'openmart-seed-kill-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function journalBytes(): number {
  const j = join(dir, 'journal');
  if (!existsSync(j)) return 0;
  return readdirSync(j).reduce((n, f) => n + statSync(join(j, f)).size, 0);
}

test('a first start killed while seeding is started over and seeded completely on the next start', async () => {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATA_DIR: dir, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  const exited = new Promise((r) => child.once('exit', r));
  // Kill once some seed commands are journaled, while the marker says seeding is not finished.
  const deadline = Date.now() + 60_000;
  while (!(existsSync(join(dir, SEEDING_MARKER)) && journalBytes() > 0)) {
    assert.ok(Date.now() < deadline, 'seeding did not start');
    assert.equal(child.exitCode, null, `the server exited: ${out}`);
    await new Promise((r) => setTimeout(r, 1));
  }
  child.kill('SIGKILL');
  await exited;
  assert.ok(existsSync(join(dir, SEEDING_MARKER)), 'killed before seeding finished');
  assert.ok(!existsSync(join(dir, 'demo-credentials.json')));
  assert.ok(!out.includes('listening'));

  const srv = await startServerProcess({ dataDir: dir });
  try {
    assert.ok(!existsSync(join(dir, SEEDING_MARKER)));
    const demo = JSON.parse(readFileSync(join(dir, 'demo-credentials.json'), 'utf8')) as { api_key: string; api_secret: string; memo: string };
    assert.equal(srv.stdout().split(demo.api_secret).length - 1, 1, 'the new demo secret is printed once');
    assert.match(srv.stdout(), /interrupted while seeding/);
    const details = (await (await fetch(`${srv.url}/v2/symbols_details`)).json()) as unknown[];
    assert.equal(details.length, DEMO_MARKETS.length);
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: demo.api_key, client_secret: demo.api_secret });
    const tok = await fetch(`${srv.url}/v2/authentication`, { method: 'POST', body: form });
    assert.equal(tok.status, 200);
  } finally {
    assert.equal(await srv.stop(), 0);
  }
});
