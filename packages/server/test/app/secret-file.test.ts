import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN_FILE, loadAdminToken } from '../../src/app/admin-token.js';
import { readOrCreateSecretFile, writeSecretFile } from '../../src/app/secret-file.js';
import { loadServerKey, SERVER_KEY_FILE } from '../../src/app/server-key.js';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'openmart-secret-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a secret file is created complete, mode 0600, with no temporary file left, and never replaced', (t) => {
  const dir = join(tempDir(t), 'data');
  const path = join(dir, 'secret');
  const first = readOrCreateSecretFile(path, () => 'one');
  assert.deepEqual(first, { value: 'one', created: true });
  assert.equal(readFileSync(path, 'utf8'), 'one\n');
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(dir), ['secret']);

  const again = readOrCreateSecretFile(path, () => 'two');
  assert.deepEqual(again, { value: 'one', created: false });
  assert.equal(readFileSync(path, 'utf8'), 'one\n');
  assert.deepEqual(readdirSync(dir), ['secret']);

  assert.throws(() => writeSecretFile(path, 'three'), { code: 'EEXIST' });
  assert.equal(readFileSync(path, 'utf8'), 'one\n');
  writeSecretFile(join(dir, 'other'), 'four');
  assert.equal(readFileSync(join(dir, 'other'), 'utf8'), 'four');
  assert.deepEqual(readdirSync(dir).sort(), ['other', 'secret']);
});

test('an empty server key file (left by an interrupted first start) stops the start and says what to do; it is not replaced', (t) => {
  const dir = tempDir(t);
  const path = join(dir, SERVER_KEY_FILE);
  writeFileSync(path, '', { mode: 0o600 });
  assert.throws(() => loadServerKey(dir, null), (err: Error) => {
    assert.match(err.message, /is empty/);
    assert.match(err.message, /delete .*server-key/);
    assert.match(err.message, /backup/);
    assert.match(err.message, /OPENMART_SERVER_KEY/);
    return true;
  });
  assert.equal(readFileSync(path, 'utf8'), '', 'left as it was');

  writeFileSync(path, 'abc123\n');
  assert.throws(() => loadServerKey(dir, null), /does not hold a 32-byte key .*backup/);

  rmSync(path);
  const created = loadServerKey(dir, null);
  assert.equal(created.created, true);
  assert.equal(loadServerKey(dir, null).key.toString('hex'), created.key.toString('hex'));
});

test('an empty admin token file stops the start and says what to do', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, ADMIN_TOKEN_FILE), '\n', { mode: 0o600 });
  assert.throws(() => loadAdminToken(dir, null), /is empty.*delete .*admin-token.*OPENMART_ADMIN_TOKEN/);
});
