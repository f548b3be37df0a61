import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { encryptSecret, hmacSha256Hex, tokenClientSecret } from '../../src/app/auth/index.js';
import { ApiClient, httpRequest, sign, startExchange, type TestExchange } from './harness.js';

const KEY = '6591f7c2491db0a23a1d8ad6911c825e';
const SECRET = '8c08d9d5c3d15b105dbddaf96e427ac6';
const MEMO = 'mymemo';
const CLIENT_SECRET_VECTOR = '18b9beb027d9ee75202655f37344ea5829c5c0d66a0781bf642bb3e944cf5019';
const ORDER_SIGNATURE_VECTOR = '2302088e474141fc7b498d0fa96c9cc2eda39a5a24fd1495d469d0a72e5fd483';
const CANCEL_SIGNATURE_VECTOR = 'de4ed768cea4eb2f0fe081009eab1f41c5fd6ff6ed53768df7fe252472c257b3';

let ex: TestExchange;
let docs: ApiClient;

before(async () => {
  ex = await startExchange({ config: { tokenTtlSeconds: 30 } });
  await ex.seedDocsMarket();
  const accountId = await ex.createUser('docs@example.com');
  await ex.must({ type: 'createApiKey', accountId, apiKey: KEY, secretEnc: encryptSecret(SECRET, ex.config.serverKey), memo: MEMO, requireSignature: false });
  await ex.deposit(accountId, 'ETH', '100');
  docs = new ApiClient(ex, { apiKey: KEY, apiSecret: SECRET, memo: MEMO }, accountId);
});
after(async () => ex.close());

function token(form: Record<string, string>, query?: Record<string, string>) {
  return httpRequest<{ access_token?: string; expires_in?: number; message?: string; code?: number }>(ex.baseUrl, 'POST', '/v2/authentication', {
    form,
    ...(query === undefined ? {} : { query }),
  });
}

test('the contract vectors: client_secret and signatures', () => {
  assert.equal(tokenClientSecret(KEY, SECRET, MEMO), CLIENT_SECRET_VECTOR);
  assert.equal(hmacSha256Hex(SECRET, 'amount=1&price=1&side=buy&symbol=BMX_ETH'), ORDER_SIGNATURE_VECTOR);
  assert.equal(sign(SECRET, { symbol: 'BMX_ETH', side: 'buy', amount: 1, price: 1 }), ORDER_SIGNATURE_VECTOR);
  assert.equal(hmacSha256Hex(SECRET, 'entrust_id=1223181'), CANCEL_SIGNATURE_VECTOR);
});

test('token: the HMAC client_secret of the later revision (contract vector)', async () => {
  const r = await token({ grant_type: 'client_credentials', client_id: KEY, client_secret: CLIENT_SECRET_VECTOR });
  assert.equal(r.status, 200);
  assert.match(r.body.access_token ?? '', /^[0-9a-f]{64}$/);
  assert.equal(r.body.expires_in, 30);
  assert.equal('message' in r.body, false);
});

test('token: the plain secret of the seed revision', async () => {
  const r = await token({ grant_type: 'client_credentials', client_id: KEY, client_secret: SECRET });
  assert.equal(r.status, 200);
});

test('token: parameters in the query string, or as JSON', async () => {
  const q = await httpRequest(ex.baseUrl, 'POST', '/v2/authentication', {
    query: { grant_type: 'client_credentials', client_id: KEY, client_secret: CLIENT_SECRET_VECTOR },
  });
  assert.equal(q.status, 200);
  const j = await httpRequest(ex.baseUrl, 'POST', '/v2/authentication', {
    body: { grant_type: 'client_credentials', client_id: KEY, client_secret: SECRET },
    headers: { 'content-type': 'application/json;charset=utf-8' },
  });
  assert.equal(j.status, 200);
});

test('token: wrong grant_type is 400, bad credentials 401 Unauthorized', async () => {
  const g = await token({ grant_type: 'password', client_id: KEY, client_secret: SECRET });
  assert.equal(g.status, 400);
  assert.equal(g.body.code, 1003);
  const bad = await token({ grant_type: 'client_credentials', client_id: KEY, client_secret: 'nope' });
  assert.equal(bad.status, 401);
  assert.match(bad.body.message ?? '', /Unauthorized/);
  const unknown = await token({ grant_type: 'client_credentials', client_id: 'f'.repeat(32), client_secret: SECRET });
  assert.equal(unknown.status, 401);
  assert.equal(unknown.body.code, 2001);
  const missing = await token({ grant_type: 'client_credentials', client_id: KEY });
  assert.equal(missing.status, 400);
});

test('signature: the docs vector on POST /v2/orders with JSON numbers', async () => {
  const r = await docs.request('POST', '/v2/orders', {
    body: { symbol: 'BMX_ETH', side: 'buy', amount: 1, price: 1 },
    headers: { 'x-bm-signature': ORDER_SIGNATURE_VECTOR },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(typeof (r.body as { entrust_id: number }).entrust_id, 'number');
});

test('signature: the docs cancel vector authenticates DELETE /v2/orders/1223181 (path parameter is signed)', async () => {
  const r = await docs.request('DELETE', '/v2/orders/1223181', { headers: { 'x-bm-signature': CANCEL_SIGNATURE_VECTOR } });
  assert.equal(r.status, 404, r.text);
  assert.deepEqual(r.body, { message: 'Not found', code: 3009 });
  const body = await docs.request('DELETE', '/v2/orders', { body: { entrust_id: 1223181 }, headers: { 'x-bm-signature': CANCEL_SIGNATURE_VECTOR } });
  assert.equal(body.status, 404, body.text);
});

test('signature: JSON number renderings 2.02e-05 and 1e-7 are accepted in every plausible form', async () => {
  for (const [raw, renderings] of [
    ['2.02e-05', ['0.0000202', '2.02e-5', '2.02e-05']],
    ['1e-7', ['0.0000001', '1e-7']],
    ['0.00000010', ['0.00000010', '0.0000001', '1e-7']],
  ] as const) {
    for (const text of renderings) {
      const body = `{"symbol":"BMX_ETH","side":"buy","amount":1,"price":${raw}}`;
      const sig = hmacSha256Hex(SECRET, `amount=1&price=${text}&side=buy&symbol=BMX_ETH`);
      const r = await docs.request('POST', '/v2/orders', { body, headers: { 'x-bm-signature': sig } });
      assert.equal(r.status, 200, `${raw} signed as ${text}: ${r.text}`);
    }
  }
});

test('signature: a wrong signature is 401 and changes nothing', async () => {
  const before = await docs.get('/v2/wallet');
  const r = await docs.request('POST', '/v2/orders', {
    body: { symbol: 'BMX_ETH', side: 'buy', amount: 1, price: 1 },
    headers: { 'x-bm-signature': hmacSha256Hex(SECRET, 'amount=2&price=1&side=buy&symbol=BMX_ETH') },
  });
  assert.equal(r.status, 401);
  assert.deepEqual(r.body, { message: 'Unauthorized: invalid signature', code: 2005 });
  assert.deepEqual((await docs.get('/v2/wallet')).body, before.body);
});

test('signature: a key that requires signatures rejects unsigned requests', async () => {
  const strict = await ex.createTrader({ ETH: '1' }, { requireSignature: true });
  strict.signRequests = false;
  const r = await strict.get('/v2/wallet');
  assert.equal(r.status, 401);
  assert.equal((r.body as { code: number }).code, 2006);
  strict.signRequests = true;
  assert.equal((await strict.get('/v2/wallet')).status, 200);
  assert.equal((await strict.get('/v2/orders', { status: 0 })).status, 200);
});

test('timestamp: 60 s off is accepted, 61 s off is 401 expired request, missing is 401', async () => {
  const now = ex.clock.now();
  const at = (ms: number) => docs.request('GET', '/v2/wallet', { headers: { 'x-bm-timestamp': String(ms) } });
  assert.equal((await at(now - 60_000)).status, 200);
  assert.equal((await at(now + 60_000)).status, 200);
  for (const ms of [now - 61_000, now + 61_000]) {
    const r = await at(ms);
    assert.equal(r.status, 401);
    assert.deepEqual(r.body, { message: 'Unauthorized: expired request', code: 2003 });
  }
  const missing = await docs.request('GET', '/v2/wallet', { headers: { 'x-bm-timestamp': '' } });
  assert.equal(missing.status, 401);
  assert.equal((missing.body as { code: number }).code, 2004);
  const junk = await docs.request('GET', '/v2/wallet', { headers: { 'x-bm-timestamp': '12.5e3' } });
  assert.equal((junk.body as { code: number }).code, 2004);
  assert.match((missing.body as { message: string }).message, /Unauthorized/);
});

test('token: missing or unknown bearer is 401 Unauthorized', async () => {
  const none = await ex.http('GET', '/v2/wallet', { headers: { 'x-bm-timestamp': String(ex.clock.now()) } });
  assert.equal(none.status, 401);
  assert.match((none.body as { message: string }).message, /Unauthorized/);
  const bad = await ex.http('GET', '/v2/wallet', { headers: { 'x-bm-timestamp': String(ex.clock.now()), 'x-bm-authorization': 'Bearer 00' } });
  assert.equal(bad.status, 401);
  assert.deepEqual(bad.body, { message: 'Unauthorized: invalid or expired access token', code: 2002 });
});

test('token: expires after the configured TTL', async () => {
  const c = await ex.createTrader();
  assert.equal((await c.get('/v2/wallet')).status, 200);
  ex.clock.advance(29_000);
  assert.equal((await c.get('/v2/wallet')).status, 200);
  ex.clock.advance(1_000);
  const r = await c.get('/v2/wallet');
  assert.equal(r.status, 401);
  assert.equal((r.body as { code: number }).code, 2002);
  await c.authenticate();
  assert.equal((await c.get('/v2/wallet')).status, 200);
});

test('a revoked key: its live tokens stop working and it cannot get new ones', async () => {
  const c = await ex.createTrader();
  assert.equal((await c.get('/v2/wallet')).status, 200);
  await ex.must({ type: 'revokeApiKey', accountId: c.accountId, apiKey: c.key.apiKey });
  const r = await c.get('/v2/wallet');
  assert.equal(r.status, 401);
  assert.match((r.body as { message: string }).message, /Unauthorized/);
  assert.equal((await c.authenticate()).status, 401);
});

test('several tokens of one key are valid at once', async () => {
  const c = await ex.createTrader();
  await c.authenticate();
  const first = c.token;
  await c.authenticate();
  assert.notEqual(first, c.token);
  assert.equal((await c.get('/v2/wallet')).status, 200);
  c.token = first;
  assert.equal((await c.get('/v2/wallet')).status, 200);
});
