import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { startExchange, type ApiClient, type TestExchange } from './harness.js';

let ex: TestExchange;
let trader: ApiClient;
const logLines: string[] = [];

before(async () => {
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  ex = await startExchange({ logger: { level: 'info', stream } });
  await ex.seedDocsMarket();
  trader = await ex.createTrader({ ETH: '5' });
});
after(async () => ex.close());

test('an unexpected failure is 500 INTERNAL without detail, and is logged', async () => {
  const store = ex.store as unknown as { listOrders: () => never };
  const original = store.listOrders;
  store.listOrders = () => {
    throw new Error('disk on fire at /secret/path');
  };
  try {
    const r = await trader.get('/v2/orders', { status: 0 });
    assert.equal(r.status, 500);
    assert.deepEqual(r.body, { message: 'Internal server error', code: 5000 });
    assert.doesNotMatch(r.text, /fire|secret|at /);
    assert.ok(logLines.some((l) => l.includes('disk on fire') && /"reqId":"req-/.test(l)), 'logged with the request id');
  } finally {
    store.listOrders = original;
  }
});

test('errors are JSON, never HTML: unknown route, wrong method, bad JSON', async () => {
  for (const [method, path, body] of [
    ['GET', '/', undefined],
    ['PUT', '/v2/orders', undefined],
    ['GET', '/v2/../etc/passwd', undefined],
    ['POST', '/v2/authentication', '{"grant_type":'],
  ] as const) {
    const r = await ex.http(method, path, body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } });
    assert.ok(r.status >= 400 && r.status < 500, `${method} ${path}: ${r.status}`);
    assert.match(r.headers.get('content-type') ?? '', /application\/json/);
    const b = r.body as { message: string; code: number };
    assert.equal(typeof b.message, 'string');
    assert.equal(typeof b.code, 'number');
  }
});

test('every answer, success or error, says nosniff and no-store', async () => {
  for (const [method, path] of [
    ['GET', '/v2/ticker?symbol=BMX_ETH'],
    ['GET', '/v2/symbols/BMX_ETH/orders'],
    ['GET', '/v2/ticker?symbol=NOPE_ETH'],
    ['GET', '/nope'],
    ['PUT', '/v2/orders'],
    ['GET', '/v2/wallet'],
  ] as const) {
    const r = await ex.http(method, path);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', `${method} ${path} ${r.status}`);
    assert.equal(r.headers.get('cache-control'), 'no-store', `${method} ${path} ${r.status}`);
  }
});

test('a known path with another method is 405 with Allow', async () => {
  const r = await ex.http('PUT', '/v2/orders');
  assert.equal(r.status, 405);
  assert.deepEqual(r.body, { message: 'Method not allowed', code: 1005 });
  assert.equal(r.headers.get('allow'), 'DELETE, GET, HEAD, POST');
  const one = await ex.http('POST', '/v2/orders/12');
  assert.equal(one.status, 405);
});

test('form body on an order endpoint and query-only parameters work', async () => {
  const r = await trader.request('POST', '/v2/orders', {
    form: { symbol: 'BMX_ETH', side: 'buy', amount: '1', price: '0.001' },
    signExtra: { symbol: 'BMX_ETH', side: 'buy', amount: '1', price: '0.001' },
  });
  assert.equal(r.status, 200, r.text);
  const q = await trader.request('POST', '/v2/orders', { query: { symbol: 'BMX_ETH', side: 'buy', amount: '1', price: '0.001' } });
  assert.equal(q.status, 200, q.text);
});

function hasMessageKey(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasMessageKey);
  if (typeof v === 'object' && v !== null) return Object.entries(v).some(([k, x]) => k === 'message' || hasMessageKey(x));
  return false;
}

test('no success body contains a message key', async () => {
  const id = (await trader.post<{ entrust_id: number }>('/v2/orders', { symbol: 'BMX_ETH', side: 'buy', amount: 1, price: '0.002' })).body.entrust_id;
  const bodies = [
    await ex.http('GET', '/v2/ping'),
    await ex.http('GET', '/v2/time'),
    await ex.http('GET', '/v2/steps'),
    await ex.http('GET', '/v2/currencies'),
    await ex.http('GET', '/v2/symbols'),
    await ex.http('GET', '/v2/symbols_details'),
    await ex.http('GET', '/v2/symbols/BMX_ETH'),
    await ex.http('GET', '/v2/ticker'),
    await ex.http('GET', '/v2/ticker?symbol=BMX_ETH'),
    await ex.http('GET', '/v2/symbols/BMX_ETH/kline'),
    await ex.http('GET', '/v2/symbols/BMX_ETH/orders'),
    await ex.http('GET', '/v2/symbols/BMX_ETH/trades'),
    await trader.authenticate(),
    await trader.get('/v2/wallet'),
    await trader.get('/v2/orders', { status: 0 }),
    await trader.get(`/v2/orders/${id}`),
    await trader.get('/v2/trades', { symbol: 'BMX_ETH' }),
    await trader.delete(`/v2/orders/${id}`),
    await trader.delete('/v2/orders', { query: { symbol: 'BMX_ETH', side: 'buy' } }),
  ];
  for (const r of bodies) {
    assert.equal(r.status, 200, r.text);
    assert.equal(hasMessageKey(r.body), false, r.text);
  }
});

test('logs never contain tokens, secrets, signatures or passwords', async () => {
  const c = await ex.createTrader({ ETH: '1' });
  await ex.http('POST', '/v2/authentication', {
    query: { grant_type: 'client_credentials', client_id: c.key.apiKey, client_secret: c.key.apiSecret },
  });
  await c.get('/v2/wallet');
  await ex.http('POST', '/api/account/signup', { body: { email: 'log@example.com', password: 'hunter2hunter2' } });
  await ex.http('POST', '/api/account/login', { body: { email: 'log@example.com', password: 'hunter2hunter2' } });
  const all = logLines.join('');
  assert.ok(all.includes('/v2/wallet'), 'requests are logged');
  assert.equal(all.includes(c.key.apiSecret), false, 'secret logged');
  assert.equal(all.includes(c.token as string), false, 'token logged');
  assert.equal(all.includes('hunter2hunter2'), false, 'password logged');
});

test('no spelling of a credential endpoint gets its query string logged; public queries still are', async () => {
  const { hostname: host, port } = new URL(ex.baseUrl);
  const send = (target: string, method = 'POST') =>
    new Promise<string>((resolve, reject) => {
      const sock = connect(Number(port), host, () => sock.write(`${method} ${target} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`));
      let answer = '';
      sock.setEncoding('utf8').on('data', (d: string) => (answer += d)).on('end', () => resolve(answer)).on('error', reject);
    });
  const targets = [
    '/%762/authentication?grant_type=client_credentials&client_id=k&client_secret=SECRET-A',
    '//v2/authentication?client_secret=SECRET-B',
    '/V2/Authentication?client_secret=SECRET-C',
    '/v2/./authentication?client_secret=SECRET-D',
    `http://${host}:${port}/v2/authentication?client_secret=SECRET-E`,
    '/%61pi/account/login?email=a@example.com&password=SECRET-F',
    '/admin/users?token=SECRET-G',
    '/nowhere?password=SECRET-H',
  ];
  for (const t of targets) assert.match(await send(t), /^HTTP\/1\.1 [1-5]\d\d /, t);
  await send('/v2/ticker?symbol=BMX_ETH', 'GET');
  const all = logLines.join('');
  for (const letter of 'ABCDEFGH') assert.equal(all.includes(`SECRET-${letter}`), false, `SECRET-${letter} logged`);
  assert.ok(all.includes('/v2/ticker?symbol=BMX_ETH'), 'a public query string is logged');
  assert.ok(all.includes('/%762/authentication?[redacted]'), 'the path is logged, the query cut');
});
