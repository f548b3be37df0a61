/**
 * Benchmark entry: `npm run bench -- <suite> [--json] [--quick]`.
 * Suites: engine, http. Each prints a readable report and, with --json,
 * one JSON object on its last line.
 */
const [suite, ...rest] = process.argv.slice(2);
const flags = new Set(rest);
const suites: Record<string, () => Promise<{ run(opts: { json: boolean; quick: boolean }): Promise<void> }>> = {
  engine: () => import('./engine/suite.js'),
  http: () => import('./http/suite.js'),
};
const load = suite === undefined ? undefined : suites[suite];
if (load === undefined) {
  console.error(`usage: npm run bench -- <${Object.keys(suites).join('|')}> [--json] [--quick]`);
  process.exit(2);
}
const mod = await load();
await mod.run({ json: flags.has('--json'), quick: flags.has('--quick') });
