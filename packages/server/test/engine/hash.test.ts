import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fnv1a64, hashValue } from '../../src/engine/hash.js';

function fnvBytes(bytes: number[]): string {
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

test('FNV-1a 64 matches a bigint reference and the published vectors', () => {
  assert.equal(fnvBytes([]), 'cbf29ce484222325');
  assert.equal(fnvBytes([0x61]), 'af63dc4c8601ec8c'); // "a"
  for (const s of ['', 'a', 'foobar', 'openmart 0.112695', '\u0000\u00ff\u0080']) {
    const bytes = [...s].map((c) => c.charCodeAt(0));
    assert.equal(fnv1a64(Uint8Array.from(bytes)), fnvBytes(bytes), s);
  }
  assert.equal(fnv1a64(Uint8Array.from([0x61])), 'af63dc4c8601ec8c');
});

test('hashValue tells apart values that print alike', () => {
  const values: unknown[] = [null, false, true, 0, 1, '1', [1], { a: 1 }, { a: '1' }, [[]], [null], 2 ** 53 - 1, -1, 0.5, '', [], {}, ['a', 'b'], ['ab']];
  const hashes = new Set(values.map(hashValue));
  assert.equal(hashes.size, values.length);
  assert.equal(hashValue({ x: [1, 'y'] }), hashValue({ x: [1, 'y'] }));
});
