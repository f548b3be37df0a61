/**
 * The dependency direction of DESIGN.md, checked on every import:
 *   http, ws, cli -> app -> engine -> domain;  journal, store -> domain;
 *   protocol imports nothing of ours; sdk -> protocol (and its subpaths, e.g. /errors); web -> sdk.
 * The engine and domain must also stay pure: no node: modules, no clock, no randomness.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../../../..');

function files(dir: string): string[] {
  let out: string[] = [];
  let names: string[];
  try { names = readdirSync(dir); } catch { return out; }
  for (const n of names) {
    const f = join(dir, n);
    if (statSync(f).isDirectory()) out = out.concat(files(f));
    else if (n.endsWith('.ts')) out.push(f);
  }
  return out;
}

const IMPORT_RE = /(?:import|export)[^'"`]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT_RE)) out.push((m[1] ?? m[2]) as string);
  return out;
}

/** Which server layer a path under packages/server/src belongs to. */
function serverLayer(file: string): string | null {
  const rel = relative(join(root, 'packages/server/src'), file);
  if (rel.startsWith('..')) return null;
  const first = rel.split('/')[0] ?? '';
  return /\.[cm]?[jt]s$/.test(first) ? 'root' : first;
}

// layer -> layers it may import (itself always allowed)
const ALLOWED: Record<string, string[]> = {
  domain: [],
  engine: ['domain'],
  journal: ['domain', 'engine'],
  store: ['domain', 'engine'],
  app: ['domain', 'engine', 'journal', 'store'],
  http: ['domain', 'engine', 'app', 'journal', 'store'],
  ws: ['domain', 'engine', 'app', 'store'],
  cli: ['domain', 'engine', 'app', 'journal', 'store', 'http', 'ws'],
  root: ['domain', 'engine', 'app', 'journal', 'store', 'http', 'ws', 'cli'],
};

test('server layers import only in the allowed direction', () => {
  const bad: string[] = [];
  for (const f of files(join(root, 'packages/server/src'))) {
    const from = serverLayer(f);
    if (from === null) continue;
    for (const spec of importsOf(f)) {
      if (!spec.startsWith('.')) continue;
      const to = serverLayer(resolve(dirname(f), spec));
      if (to === null) { bad.push(`${relative(root, f)} imports outside server/src: ${spec}`); continue; }
      if (to !== from && !(ALLOWED[from] ?? []).includes(to)) bad.push(`${relative(root, f)} (${from}) imports ${spec} (${to})`);
    }
  }
  assert.deepEqual(bad, []);
});

test('engine and domain are pure: no node modules, clock or randomness', () => {
  const bad: string[] = [];
  for (const layer of ['engine', 'domain']) {
    for (const f of files(join(root, 'packages/server/src', layer))) {
      const text = readFileSync(f, 'utf8');
      for (const spec of importsOf(f)) {
        if (!spec.startsWith('.') && !spec.startsWith('@openmart/protocol')) bad.push(`${relative(root, f)} imports ${spec}`);
      }
      if (/Date\.now\(|new Date\(|Math\.random\(|performance\.now\(|process\./.test(text)) bad.push(`${relative(root, f)} reads the clock, randomness or process`);
    }
  }
  assert.deepEqual(bad, []);
});

test('protocol imports nothing of ours, sdk only protocol', () => {
  const bad: string[] = [];
  for (const f of files(join(root, 'packages/protocol/src'))) {
    for (const spec of importsOf(f)) if (spec.startsWith('@openmart/') || spec === 'openmart') bad.push(`${relative(root, f)} imports ${spec}`);
  }
  for (const f of files(join(root, 'packages/sdk/src'))) {
    for (const spec of importsOf(f)) {
      const isProtocol = spec === '@openmart/protocol' || spec.startsWith('@openmart/protocol/');
      if ((spec.startsWith('@openmart/') && !isProtocol) || spec === 'openmart') bad.push(`${relative(root, f)} imports ${spec}`);
      if (spec.startsWith('.') && !resolve(dirname(f), spec).startsWith(join(root, 'packages/sdk/src'))) bad.push(`${relative(root, f)} reaches outside the sdk: ${spec}`);
    }
  }
  assert.deepEqual(bad, []);
});
