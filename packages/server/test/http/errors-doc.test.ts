/**
 * docs/errors.md is checked against the protocol error table: the part
 * between the GENERATED markers must be exactly renderErrorTable().
 * Regenerate with: UPDATE_DOCS=1 node scripts/test.mjs http/errors-doc
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ERRORS, type ErrorName } from '@openmart/protocol';
import { REJECT_CODES } from '../../src/domain/index.js';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../../../..');
const docPath = join(root, 'docs/errors.md');
const BEGIN = '<!-- GENERATED: error table (packages/protocol/src/errors.ts) -->';
const END = '<!-- END GENERATED -->';

const BANDS: ReadonlyArray<[number, string]> = [
  [1000, '1xxx: request shape and parameters'],
  [2000, '2xxx: authentication and permissions'],
  [3000, '3xxx: engine rejections'],
  [4000, '4xxx: rate limits'],
  [5000, '5xxx: server'],
];

function renderErrorTable(): string {
  const names = Object.keys(ERRORS) as ErrorName[];
  const out: string[] = [];
  for (const [start, title] of BANDS) {
    const rows = names.filter((n) => ERRORS[n].code >= start && ERRORS[n].code < start + 1000);
    if (rows.length === 0) continue;
    out.push(`### ${title}`, '', '| code | name | HTTP | default message |', '|---:|---|---:|---|');
    for (const n of rows) {
      const e = ERRORS[n];
      out.push(`| ${e.code} | \`${n}\` | ${e.status} | ${e.message.replace(/\|/g, '\\|')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

test('docs/errors.md lists exactly the protocol error table', () => {
  const doc = readFileSync(docPath, 'utf8');
  const b = doc.indexOf(BEGIN);
  const e = doc.indexOf(END);
  assert.ok(b >= 0 && e > b, 'GENERATED markers missing in docs/errors.md');
  const expected = `${BEGIN}\n\n${renderErrorTable()}\n${END}`;
  const actual = doc.slice(b, e + END.length);
  if (process.env.UPDATE_DOCS === '1' && actual !== expected) {
    writeFileSync(docPath, doc.slice(0, b) + expected + doc.slice(e + END.length));
    return;
  }
  assert.equal(actual, expected, 'docs/errors.md is out of date: UPDATE_DOCS=1 node scripts/test.mjs http/errors-doc');
});

test('every engine reject code is in the table, every 401 says Unauthorized, codes are unique', () => {
  for (const code of REJECT_CODES) assert.ok(code in ERRORS, code);
  const codes = new Set<number>();
  for (const [name, e] of Object.entries(ERRORS)) {
    if (e.status === 401) assert.match(e.message, /Unauthorized/, name);
    assert.equal(codes.has(e.code), false, `duplicate code ${e.code}`);
    codes.add(e.code);
  }
});
