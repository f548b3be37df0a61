#!/usr/bin/env node
// Runs every *.test.ts under packages/*/test and bench/test with node's test
// runner (TypeScript through tsx). Extra arguments filter files by substring:
//   node scripts/test.mjs engine journal
// The workspace packages export their TypeScript sources under the
// `openmart-source` condition (their dist/ otherwise, for published
// consumers): it goes into NODE_OPTIONS so that every node process the tests
// start resolves the sources too, without a build.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const roots = [
  ...readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p, 'test')),
  join(root, 'bench', 'test'),
];

function walk(dir, out) {
  let entries;
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries) {
    if (name === 'node_modules') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = roots.flatMap((r) => walk(r, [])).map((f) => relative(root, f)).sort()
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const reporter = process.env.TEST_REPORTER ?? 'spec';
const CONDITION = '--conditions=openmart-source';
const inherited = process.env.NODE_OPTIONS ?? '';
const nodeOptions = inherited.split(/\s+/).includes(CONDITION) ? inherited : `${inherited} ${CONDITION}`.trim();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-reporter=${reporter}`, ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: nodeOptions, NODE_ENV: process.env.NODE_ENV ?? 'test' },
});
process.exit(result.status ?? 1);
