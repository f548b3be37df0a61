/**
 * Locking the data directory when writing its pid file fails (a full disk, a
 * LOCK that cannot be replaced): the temporary pid file is removed, the error
 * names the file, and the lock is released so a later start can take it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDataDir, LOCK_PID_FILE } from '../../src/app/data-lock.js';

test('a pid file that cannot be put in place leaves no LOCK.<pid>.tmp behind, names the file, and releases the lock', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'openmart-lock-cleanup-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // A non-empty directory where LOCK goes: the rename over it fails after the temporary file was written.
  mkdirSync(join(dir, LOCK_PID_FILE));
  writeFileSync(join(dir, LOCK_PID_FILE, 'x'), '');
  assert.throws(
    () => lockDataDir(dir),
    (err: Error & { code?: string }) => {
      assert.match(err.message, new RegExp(`cannot rename .*${LOCK_PID_FILE}\\.${process.pid}\\.tmp to .*${LOCK_PID_FILE} while locking the data directory`));
      assert.ok(err.code === 'EISDIR' || err.code === 'ENOTEMPTY' || err.code === 'EEXIST', err.code);
      return true;
    },
  );
  assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);

  // Released: once LOCK is out of the way the directory can be locked.
  rmSync(join(dir, LOCK_PID_FILE), { recursive: true });
  const release = lockDataDir(dir);
  release();
});
