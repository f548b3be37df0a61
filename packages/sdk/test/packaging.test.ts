/**
 * The published packages work without tsx: `npm pack` @openmart/protocol and
 * @openmart/sdk (their prepack builds dist/), install both tarballs offline
 * into a temporary project, then use the SDK from plain Node (no tsx, no
 * `openmart-source` condition) and type-check a consumer against the
 * installed .d.ts files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOKEN_TTL_SECONDS } from '@openmart/protocol';
import { DEFAULT_TOKEN_TTL_SECONDS } from '../src/token.js';

const root = new URL('../../../', import.meta.url).pathname;
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// Child processes see no NODE_OPTIONS: scripts/test.mjs puts the source condition there.
const { NODE_OPTIONS: _dropped, ...baseEnv } = process.env;
const env = { ...baseEnv, npm_config_update_notifier: 'false' };

function run(cmd: string, args: readonly string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 90_000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
}

test('the SDK copies the protocol token lifetime it falls back to', () => {
  assert.equal(DEFAULT_TOKEN_TTL_SECONDS, TOKEN_TTL_SECONDS);
});

test('packed protocol and sdk install offline and run under plain node, with types', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'openmart-pack-'));
  try {
    // npm pack runs each package's prepack, which builds dist/ (the sdk's builds the protocol first).
    const packed = JSON.parse(run(npm, ['pack', '--json', '--pack-destination', dir, '-w', 'packages/protocol', '-w', 'packages/sdk'], root)) as {
      name: string;
      filename: string;
      files: { path: string }[];
    }[];
    const byName = new Map(packed.map((p) => [p.name, p]));
    for (const name of ['@openmart/protocol', '@openmart/sdk']) {
      const p = byName.get(name);
      assert.ok(p, `${name} was packed`);
      const paths = p.files.map((f) => f.path);
      assert.ok(paths.includes('dist/index.js') && paths.includes('dist/index.d.ts'), `${name} ships dist: ${paths.join(', ')}`);
      assert.deepEqual(paths.filter((f) => !/^(dist\/[^/]+\.(js|d\.ts)|package\.json|README\.md)$/.test(f)), [], `${name} ships only dist, package.json, README`);
    }
    assert.ok(byName.get('@openmart/protocol')!.files.some((f) => f.path === 'dist/errors.js'));

    const app = join(dir, 'app');
    run(process.execPath, ['-e', `require('fs').mkdirSync(${JSON.stringify(app)})`], dir);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const tarballs = packed.map((p) => join(dir, p.filename));
    run(npm, ['install', '--offline', '--no-audit', '--no-fund', ...tarballs], app);

    // The SDK's JavaScript loads only the TypeBox-free error table of the protocol.
    const sdkDist = join(app, 'node_modules/@openmart/sdk/dist');
    const protocolImports = readdirSync(sdkDist)
      .filter((f) => f.endsWith('.js'))
      .flatMap((f) => [...readFileSync(join(sdkDist, f), 'utf8').matchAll(/from\s+['"](@openmart\/[^'"]+)['"]/g)].map((m) => m[1]));
    assert.deepEqual([...new Set(protocolImports)], ['@openmart/protocol/errors']);

    const script = `
      import { OpenmartClient, hmacClientSecret, signParams, InsufficientFundsError, OpenmartError } from '@openmart/sdk';
      import { ERRORS } from '@openmart/protocol/errors';
      const om = new OpenmartClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k', apiSecret: 's' });
      const out = {
        client: om instanceof OpenmartClient,
        errorClass: new InsufficientFundsError({ status: 400, message: 'x', method: 'POST', path: '/v2/orders' }) instanceof OpenmartError,
        errors: Object.keys(ERRORS).length,
        clientSecret: await hmacClientSecret('6591f7c2491db0a23a1d8ad6911c825e', '8c08d9d5c3d15b105dbddaf96e427ac6', 'mymemo'),
        signature: await signParams('8c08d9d5c3d15b105dbddaf96e427ac6', { amount: 1, price: 1, side: 'buy', symbol: 'BMX_ETH' }),
      };
      om.close();
      console.log(JSON.stringify(out));
    `;
    const out = JSON.parse(run(process.execPath, ['--input-type=module', '-e', script], app).trim()) as Record<string, unknown>;
    assert.equal(out.client, true);
    assert.equal(out.errorClass, true);
    assert.ok((out.errors as number) > 10);
    assert.equal(out.clientSecret, '18b9beb027d9ee75202655f37344ea5829c5c0d66a0781bf642bb3e944cf5019');
    assert.equal(out.signature, '2302088e474141fc7b498d0fa96c9cc2eda39a5a24fd1495d469d0a72e5fd483');

    // A TypeScript consumer resolves the installed .d.ts files (types condition, NodeNext).
    writeFileSync(join(app, 'consumer.ts'), `
      import { OpenmartClient, OrderNotFoundError, type Ticker, type OpenmartClientOptions } from '@openmart/sdk';
      import { ERRORS, type ErrorName } from '@openmart/protocol/errors';
      const options: OpenmartClientOptions = { baseUrl: 'http://127.0.0.1:8080', sign: 'orders' };
      const om = new OpenmartClient(options);
      export async function price(): Promise<string> {
        const t: Ticker = await om.ticker('BMX_ETH');
        // @ts-expect-error prices are decimal strings (proves the types are not any)
        const wrong: number = t.current_price;
        void wrong;
        return t.current_price;
      }
      export const name: ErrorName = 'ORDER_NOT_FOUND';
      export const code: number = ERRORS[name].code;
      export const isNotFound = (e: unknown): boolean => e instanceof OrderNotFoundError;
    `);
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', lib: ['ES2022', 'DOM'], module: 'NodeNext', moduleResolution: 'NodeNext',
        strict: true, noEmit: true, skipLibCheck: false, types: [],
      },
      files: ['consumer.ts'],
    }));
    run(process.execPath, [tsc, '-p', 'tsconfig.json'], app);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
