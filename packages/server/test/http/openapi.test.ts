/**
 * The OpenAPI document of a real running server (startServer, as
 * `openmart serve` runs it) is generated from the route schemas: every
 * contract path with its 200 response schema, parameters, the X-BM-* headers
 * on authenticated routes and the error responses.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/app/config.js';
import { startServer, type RunningServer } from '../../src/server.js';

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
}
interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: { 'application/json'?: { schema: Schema } } }>;
}
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

/** The contract (spec/API.md): method, path, tag, and a field the 200 schema must name ('' for none). */
const CONTRACT: ReadonlyArray<readonly [string, string, 'public' | 'authenticated', string]> = [
  ['get', '/v2/ping', 'public', ''],
  ['get', '/v2/time', 'public', 'server_time'],
  ['get', '/v2/steps', 'public', ''],
  ['get', '/v2/currencies', 'public', 'withdraw_enabled'],
  ['get', '/v2/symbols', 'public', ''],
  ['get', '/v2/symbols/{symbol}', 'public', 'quote_increment'],
  ['get', '/v2/symbols_details', 'public', 'id'],
  ['get', '/v2/ticker', 'public', 'symbol_id'],
  ['get', '/v2/symbols/{symbol}/kline', 'public', 'open_price'],
  ['get', '/v2/symbols/{symbol}/orders', 'public', 'buys'],
  ['get', '/v2/symbols/{symbol}/trades', 'public', 'order_time'],
  ['post', '/v2/authentication', 'public', 'access_token'],
  ['get', '/v2/wallet', 'authenticated', 'available'],
  ['post', '/v2/orders', 'authenticated', 'entrust_id'],
  ['delete', '/v2/orders/{entrust_id}', 'authenticated', ''],
  ['delete', '/v2/orders', 'authenticated', ''],
  ['get', '/v2/orders', 'authenticated', 'total_pages'],
  ['get', '/v2/orders/{entrust_id}', 'authenticated', 'remaining_amount'],
  ['get', '/v2/trades', 'authenticated', 'total_trades'],
];

const ACCOUNT = [
  ['post', '/api/account/signup'],
  ['post', '/api/account/login'],
  ['post', '/api/account/logout'],
  ['get', '/api/account/me'],
  ['get', '/api/account/balances'],
  ['get', '/api/account/apikeys'],
  ['post', '/api/account/apikeys'],
  ['delete', '/api/account/apikeys/{apiKey}'],
] as const;

/** Every property name anywhere in a schema (objects, arrays, unions). */
function fieldNames(s: Schema | undefined, out = new Set<string>()): Set<string> {
  if (s === undefined) return out;
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    out.add(k);
    fieldNames(v, out);
  }
  fieldNames(s.items, out);
  for (const a of s.anyOf ?? []) fieldNames(a, out);
  return out;
}

let dir: string;
let server: RunningServer;
let doc: Doc;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'openmart-openapi-'));
  const config = loadConfig({ DATA_DIR: dir, PORT: '0', SEED_DEMO: '1', FSYNC: '0', LOG_LEVEL: 'silent', RATE_LIMITS: 'off' });
  server = await startServer({ config, console: () => undefined });
  const r = await fetch(`${server.url}/docs/json`);
  assert.equal(r.status, 200);
  doc = (await r.json()) as Doc;
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('/docs/json names every contract path with its 200 response schema, tags, summary and description', () => {
  assert.match(doc.openapi, /^3\./);
  for (const [method, path, tag, field] of CONTRACT) {
    const op = doc.paths[path]?.[method];
    assert.ok(op !== undefined, `${method} ${path} is documented`);
    assert.deepEqual(op.tags, [tag], `${method} ${path} tag`);
    assert.ok((op.summary ?? '') !== '' && (op.description ?? '') !== '', `${method} ${path} summary and description`);
    const schema = op.responses['200']?.content?.['application/json']?.schema;
    assert.ok(schema !== undefined, `${method} ${path} has a 200 schema`);
    if (field !== '') assert.ok(fieldNames(schema).has(field), `${method} ${path}: 200 schema names ${field}`);
  }
  const ticker = doc.paths['/v2/ticker']?.get?.responses['200']?.content?.['application/json']?.schema;
  assert.deepEqual(ticker?.anyOf?.map((s) => s.type), ['object', 'array'], 'one ticker or an array of them');
  const order = doc.paths['/v2/orders/{entrust_id}']?.get?.responses['200']?.content?.['application/json']?.schema;
  assert.deepEqual(order?.properties?.status?.enum, [1, 2, 3, 4]);
  assert.equal(order?.properties?.price?.type, 'string', 'decimals are strings');
  assert.equal(order?.properties?.entrust_id?.type, 'integer');
  const place = doc.paths['/v2/orders']?.post;
  assert.deepEqual(Object.keys(place?.responses['200']?.content?.['application/json']?.schema.properties ?? {}), ['entrust_id']);
  assert.deepEqual(place?.requestBody?.content['application/json']?.schema.required, ['symbol', 'side', 'amount', 'price']);
  const token = doc.paths['/v2/authentication']?.post;
  assert.ok(token?.requestBody?.content['application/x-www-form-urlencoded'] !== undefined, 'the token endpoint takes a form body');
});

test('authenticated routes document X-BM-AUTHORIZATION, X-BM-TIMESTAMP (required) and X-BM-SIGNATURE; public ones do not', () => {
  for (const [method, path, tag] of CONTRACT) {
    const headers = (doc.paths[path]?.[method]?.parameters ?? []).filter((p) => p.in === 'header');
    const byName = new Map(headers.map((h) => [h.name.toUpperCase(), h]));
    if (tag === 'public') {
      assert.equal(byName.size, 0, `${method} ${path} has no auth headers`);
      continue;
    }
    assert.equal(byName.get('X-BM-AUTHORIZATION')?.required, true, `${method} ${path} X-BM-AUTHORIZATION`);
    assert.equal(byName.get('X-BM-TIMESTAMP')?.required, true, `${method} ${path} X-BM-TIMESTAMP`);
    assert.equal(byName.get('X-BM-SIGNATURE')?.required, false, `${method} ${path} X-BM-SIGNATURE`);
  }
});

test('parameters and error responses are documented', () => {
  const names = (path: string, method: string, where: string) =>
    (doc.paths[path]?.[method]?.parameters ?? []).filter((p) => p.in === where).map((p) => p.name).sort();
  assert.deepEqual(names('/v2/orders', 'get', 'query'), ['limit', 'offset', 'status', 'symbol']);
  assert.deepEqual(names('/v2/symbols/{symbol}/kline', 'get', 'query'), ['from', 'precision', 'step', 'to']);
  assert.deepEqual(names('/v2/symbols/{symbol}/kline', 'get', 'path'), ['symbol']);
  assert.deepEqual(names('/v2/orders/{entrust_id}', 'delete', 'path'), ['entrust_id']);
  assert.deepEqual(names('/v2/ticker', 'get', 'query'), ['symbol']);
  for (const [method, path, tag] of CONTRACT) {
    const responses = doc.paths[path]?.[method]?.responses ?? {};
    const statuses = Object.keys(responses).filter((s) => s !== '200');
    for (const s of ['429', '500', '503', ...(tag === 'authenticated' ? ['400', '401'] : [])]) assert.ok(statuses.includes(s), `${method} ${path} documents ${s}`);
    for (const s of statuses) {
      const schema = responses[s]?.content?.['application/json']?.schema;
      assert.deepEqual(schema?.required, ['message', 'code'], `${method} ${path} ${s} is an error body`);
    }
  }
  assert.ok(doc.paths['/v2/orders/{entrust_id}']?.get?.responses['404'] !== undefined);
});

test('the account routes and the admin API are in the document too; /docs serves the page', async () => {
  for (const [method, path] of ACCOUNT) {
    const op = doc.paths[path]?.[method];
    assert.ok(op !== undefined, `${method} ${path}`);
    assert.deepEqual(op.tags, ['account']);
    assert.ok(op.responses['200']?.content?.['application/json']?.schema !== undefined, `${method} ${path} 200 schema`);
  }
  assert.ok(fieldNames(doc.paths['/api/account/apikeys']?.post?.responses['200']?.content?.['application/json']?.schema).has('api_secret'));
  for (const p of ['/admin/markets', '/admin/users/{user}/apikeys', '/healthz']) assert.ok(p in doc.paths, p);
  assert.ok(!('/docs' in doc.paths) && !('/docs/json' in doc.paths), 'the docs routes are hidden');
  const page = await fetch(`${server.url}/docs`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /text\/html/);
  assert.match(await page.text(), /openmart API/);
});

test('the running server answers as documented (content type JSON on both ticker shapes); the ops plugin sees the /v2 routes', async () => {
  for (const q of ['', '?symbol=BMX_ETH']) {
    const r = await fetch(`${server.url}/v2/ticker${q}`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
    const body = (await r.json()) as unknown;
    assert.equal(Array.isArray(body), q === '');
  }
  // Registered before the routes, the ops plugin's request metrics count the Open API v2 routes too.
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  assert.match(metrics, /openmart_http_requests_total\{method="GET",route="\/v2\/ticker",status="200"\} 2/);
});
