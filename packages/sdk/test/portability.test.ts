/**
 * The SDK must run in browsers: web-standard APIs only, imports only of
 * @openmart/protocol, and at run time only of its TypeBox-free error table
 * (@openmart/protocol/errors) so that bundles do not carry the schemas.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const srcDir = new URL('../src/', import.meta.url).pathname;
const sources = readdirSync(srcDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, text: readFileSync(join(srcDir, f), 'utf8') }));

test('src imports only relative .js files, @openmart/protocol and @openmart/protocol/errors', () => {
  const bad: string[] = [];
  for (const { file, text } of sources) {
    for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = (m[1] ?? m[2]) as string;
      const ok = spec === '@openmart/protocol' || spec === '@openmart/protocol/errors' || (spec.startsWith('./') && spec.endsWith('.js'));
      if (!ok) bad.push(`${file}: ${spec}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('src takes only types from the main entry of @openmart/protocol (values come from /errors)', () => {
  const bad: string[] = [];
  for (const { file, text } of sources) {
    for (const m of text.matchAll(/\b(import|export)\s+(type\s+)?[^'";]*?from\s+['"]@openmart\/protocol['"]/g)) {
      if (m[2] === undefined) bad.push(`${file}: ${m[0].split('\n')[0]}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('src uses no Node-only globals', () => {
  const bad: string[] = [];
  for (const { file, text } of sources) {
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    for (const re of [/(?<![\w#.])process\./, /(?<![\w#.])Buffer\b/, /(?<![\w#.])require\(/, /\b__dirname\b/, /(?<![\w#.])global\./, /\bsetImmediate\b/]) {
      if (re.test(code)) bad.push(`${file}: ${re.source}`);
    }
  }
  assert.deepEqual(bad, []);
});
