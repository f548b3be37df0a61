import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { httpRequest, ApiClient, startExchange, type TestExchange } from './harness.js';

let ex: TestExchange;
before(async () => {
  ex = await startExchange();
  await ex.seedDocsMarket();
});
after(async () => ex.close());

interface Session {
  cookie: string;
  csrf: string;
  accountId: number;
}

async function signupAndLogin(email: string, password = 'long enough pw'): Promise<Session> {
  const s = await ex.http<{ account_id: number; email: string }>('POST', '/api/account/signup', { body: { email, password } });
  assert.equal(s.status, 200, s.text);
  assert.equal(s.body.email, email.toLowerCase());
  const l = await ex.http<{ account_id: number; csrf_token: string }>('POST', '/api/account/login', { body: { email, password } });
  assert.equal(l.status, 200, l.text);
  const setCookie = l.headers.get('set-cookie') ?? '';
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Strict/);
  assert.match(setCookie, /Path=\//);
  assert.doesNotMatch(setCookie, /Secure/);
  return { cookie: setCookie.split(';')[0] as string, csrf: l.body.csrf_token, accountId: l.body.account_id };
}

function as(s: Session, method: string, path: string, body?: unknown, csrf = true) {
  return ex.http(method, path, { ...(body === undefined ? {} : { body }), headers: { cookie: s.cookie, ...(csrf ? { 'x-csrf-token': s.csrf } : {}) } });
}

test('sign up: email and password policy, duplicates', async () => {
  const short = await ex.http('POST', '/api/account/signup', { body: { email: 'a@example.com', password: 'short' } });
  assert.equal(short.status, 400);
  const bad = await ex.http('POST', '/api/account/signup', { body: { email: 'not-an-email', password: 'long enough pw' } });
  assert.equal(bad.status, 400);
  await signupAndLogin('Dup@Example.com');
  const dup = await ex.http<{ code: number }>('POST', '/api/account/signup', { body: { email: 'dup@example.com', password: 'long enough pw' } });
  assert.equal(dup.status, 400);
  assert.equal(dup.body.code, 3017);
});

test('log in: wrong password and unknown email are the same 401', async () => {
  await signupAndLogin('carol@example.com');
  const wrong = await ex.http('POST', '/api/account/login', { body: { email: 'carol@example.com', password: 'wrong password' } });
  const unknown = await ex.http('POST', '/api/account/login', { body: { email: 'nobody@example.com', password: 'wrong password' } });
  assert.equal(wrong.status, 401);
  assert.deepEqual(wrong.body, unknown.body);
  assert.deepEqual(wrong.body, { message: 'Unauthorized: wrong email or password', code: 2009 });
});

test('sign-up and log-in from another site are refused (log-in CSRF); same origin, the public URL and header-less clients pass', async () => {
  await signupAndLogin('mallory-target@example.com');
  const creds = { email: 'mallory-target@example.com', password: 'long enough pw' };
  const users = ex.exchange.engine.nextIds().account;
  const crossSite: Array<Record<string, string>> = [
    { origin: 'https://evil.example' },
    { origin: 'null' },
    { 'sec-fetch-site': 'cross-site' },
    { origin: ex.baseUrl, 'sec-fetch-site': 'cross-site' },
  ];
  for (const headers of crossSite) {
    for (const path of ['/api/account/login', '/api/account/signup']) {
      const body = path.endsWith('signup') ? { email: `x${Math.random()}@example.com`, password: 'long enough pw' } : creds;
      const r = await ex.http<{ code: number; message: string }>('POST', path, { body, headers });
      assert.equal(r.status, 403, `${path} ${JSON.stringify(headers)}: ${r.text}`);
      assert.deepEqual(r.body, { message: 'Forbidden: cross-site request', code: 2007 });
      assert.equal(r.headers.get('set-cookie'), null);
    }
  }
  assert.equal(ex.exchange.engine.nextIds().account, users, 'no user was created');
  const sameSite: Array<Record<string, string>> = [{ origin: ex.baseUrl }, { origin: ex.config.publicBaseUrl }, { 'sec-fetch-site': 'same-origin' }, {}];
  for (const headers of sameSite) {
    const r = await ex.http('POST', '/api/account/login', { body: creds, headers });
    assert.equal(r.status, 200, `${JSON.stringify(headers)}: ${r.text}`);
  }
});

test('me and balances need a session', async () => {
  const s = await signupAndLogin('dave@example.com');
  await ex.deposit(s.accountId, 'ETH', '1.5');
  const me = await as(s, 'GET', '/api/account/me', undefined, false);
  assert.equal(me.status, 200);
  assert.deepEqual(me.body, { account_id: s.accountId, email: 'dave@example.com', created_at: (me.body as { created_at: number }).created_at, csrf_token: s.csrf });
  const b = await as(s, 'GET', '/api/account/balances', undefined, false);
  assert.deepEqual((b.body as Array<{ id: string; available: string }>).find((x) => x.id === 'ETH')?.available, '1.5');
  const anon = await ex.http<{ code: number }>('GET', '/api/account/me');
  assert.equal(anon.status, 401);
  assert.equal(anon.body.code, 2010);
});

test('API keys: create needs the CSRF token, shows the secret once, works on the v2 API, revoke ends it', async () => {
  const s = await signupAndLogin('erin@example.com');
  const noCsrf = await as(s, 'POST', '/api/account/apikeys', { memo: 'bot' }, false);
  assert.equal(noCsrf.status, 403);
  assert.deepEqual(noCsrf.body, { message: 'Forbidden: missing or invalid CSRF token', code: 2008 });
  const wrongCsrf = await ex.http('POST', '/api/account/apikeys', { body: { memo: 'bot' }, headers: { cookie: s.cookie, 'x-csrf-token': 'f'.repeat(64) } });
  assert.equal(wrongCsrf.status, 403);

  const created = await as(s, 'POST', '/api/account/apikeys', { memo: 'bot' });
  assert.equal(created.status, 200, created.text);
  const key = created.body as { api_key: string; api_secret: string; memo: string };
  assert.match(key.api_key, /^[0-9a-f]{32}$/);
  assert.match(key.api_secret, /^[0-9a-f]{32}$/);
  assert.equal(key.memo, 'bot');

  const list = await as(s, 'GET', '/api/account/apikeys', undefined, false);
  assert.equal((list.body as unknown[]).length, 1);
  assert.equal(JSON.stringify(list.body).includes(key.api_secret), false);

  const bot = new ApiClient(ex, { apiKey: key.api_key, apiSecret: key.api_secret, memo: key.memo }, s.accountId);
  assert.equal((await bot.get('/v2/wallet')).status, 200);

  const other = await signupAndLogin('frank@example.com');
  assert.equal((await as(other, 'DELETE', `/api/account/apikeys/${key.api_key}`)).status, 404);
  assert.equal((await as(s, 'DELETE', `/api/account/apikeys/${key.api_key}`, undefined, false)).status, 403);
  const revoked = await as(s, 'DELETE', `/api/account/apikeys/${key.api_key}`);
  assert.equal(revoked.status, 200);
  assert.deepEqual(revoked.body, {});
  assert.equal((await bot.get('/v2/wallet')).status, 401);
});

test('log out ends the session (needs the CSRF token)', async () => {
  const s = await signupAndLogin('gina@example.com');
  assert.equal((await as(s, 'POST', '/api/account/logout', undefined, false)).status, 403);
  const out = await as(s, 'POST', '/api/account/logout');
  assert.equal(out.status, 200);
  assert.match(out.headers.get('set-cookie') ?? '', /Max-Age=0/);
  assert.equal((await as(s, 'GET', '/api/account/me', undefined, false)).status, 401);
});

test('session cookies carry Secure when configured', async () => {
  const secure = await startExchange({ config: { secureCookies: true } });
  try {
    await httpRequest(secure.baseUrl, 'POST', '/api/account/signup', { body: { email: 'h@example.com', password: 'long enough pw' } });
    const l = await httpRequest(secure.baseUrl, 'POST', '/api/account/login', { body: { email: 'h@example.com', password: 'long enough pw' } });
    assert.match(l.headers.get('set-cookie') ?? '', /; Secure/);
  } finally {
    await secure.close();
  }
});
