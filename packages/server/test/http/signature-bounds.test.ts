/**
 * The work of one signature check is bounded: one candidate signed string
 * per client style (applied to every parameter at once), never a
 * combination per parameter, so a large body with many numbers costs a few
 * HMACs of its own length. Counts, never wall time, are asserted here.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  MAX_CANDIDATES,
  canonicalStrings,
  lengthLimit,
  verifySignature,
  type SignatureWork,
} from '../../src/http/auth/signature.js';
import { renderingsOf } from '../support/renderings.js';
import { plainDecimal } from '../../src/domain/index.js';
import { Params, type ParamValue } from '../../src/http/params.js';
import { startExchange, type ApiClient, type TestExchange } from './harness.js';

const SECRET = 'c1d2e3';
const WRONG = 'ab'.repeat(32);

function hmac(text: string): string {
  return createHmac('sha256', SECRET).update(text).digest('hex');
}

/** Params as collectParams builds them from a JSON body text. */
function fromJson(text: string): Params {
  return new Params(new Map(Object.entries(JSON.parse(text) as Record<string, ParamValue>)), text);
}

function manyNumbers(n: number, value: string): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(`"k${i}":${value}`);
  return `{${parts.join(',')}}`;
}

function work(): SignatureWork {
  return { hmacs: 0, hashedChars: 0 };
}

/** The verbatim signed string of a flat JSON object text (what the first candidate is). */
function verbatim(text: string): string {
  return [...text.slice(1, -1).matchAll(/"([^"]+)":([^,]+)/g)]
    .map((m) => [m[1] as string, m[2] as string] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

test('the pathological body (5,000 numbers, wrong signature) is refused after a few HMACs of its own length', () => {
  const text = manyNumbers(5000, '1.5');
  assert.ok(text.length > 50_000 && text.length < 64 * 1024, String(text.length));
  const p = fromJson(text);
  const w = work();
  assert.equal(verifySignature(SECRET, [p], WRONG, w), false);
  // 1.5 prints as `1.5`, `1.5e+0` or `1.5e+00`: three distinct styles.
  assert.equal(w.hmacs, 3);
  assert.ok(w.hmacs <= MAX_CANDIDATES);
  assert.ok(w.hashedChars <= 3 * (text.length + 10_000), String(w.hashedChars));
  const all = canonicalStrings(p);
  assert.equal(all.length, 3);
  assert.equal(new Set(all).size, all.length, 'each candidate once');
  assert.equal(all[0], verbatim(text));
  // The same through two parameter sets (GET /v2/orders/{id}: with and without the path id).
  const twice = work();
  assert.equal(verifySignature(SECRET, [p, p], WRONG, twice), false);
  assert.equal(twice.hmacs, 6);
});

test('numbers, booleans and nulls together: at most MAX_CANDIDATES HMACs, each within the length limit', () => {
  // 1.0E-7 has four distinct texts (as sent, `0.0000001`, `1e-7`, `1e-07`), true and null four (JSON, Python, each with null empty).
  const parts: string[] = [];
  for (let i = 0; i < 3000; i++) parts.push(`"n${i}":1.0E-7`);
  for (let i = 0; i < 500; i++) parts.push(`"b${i}":true`, `"z${i}":null`);
  const text = `{${parts.join(',')}}`;
  assert.ok(text.length < 64 * 1024);
  const p = fromJson(text);
  const w = work();
  assert.equal(verifySignature(SECRET, [p], WRONG, w), false);
  assert.equal(w.hmacs, 4 * 4);
  assert.ok(w.hmacs <= MAX_CANDIDATES);
  const base = canonicalStrings(p)[0] as string;
  assert.ok(w.hashedChars <= w.hmacs * lengthLimit(base.length), String(w.hashedChars));
  assert.equal(canonicalStrings(p).length, w.hmacs);
});

test('4,000 numbers 1e-300 (plain decimal 300 zeros each): the long renderings are skipped, the hashed text stays bounded', () => {
  const text = manyNumbers(4000, '1e-300');
  assert.ok(text.length < 64 * 1024);
  const p = fromJson(text);
  const w = work();
  assert.equal(verifySignature(SECRET, [p], WRONG, w), false);
  assert.ok(w.hmacs <= MAX_CANDIDATES);
  assert.ok(w.hashedChars <= w.hmacs * lengthLimit(text.length), String(w.hashedChars));
  for (const s of canonicalStrings(p)) assert.ok(!s.includes('0.000000000'), 'no plain decimal of 1e-300 in a candidate');
  // Still accepted as sent (`1e-300` is also String(n)) and in Python's or Go's `1e-300`.
  assert.equal(verifySignature(SECRET, [p], hmac(verbatim(text))), true);
  // A small message with such a number is signed in plain decimal too (within the limit's additive allowance).
  const small = fromJson('{"price":1e-300,"symbol":"BMX_ETH"}');
  assert.equal(verifySignature(SECRET, [small], hmac(`price=0.${'0'.repeat(299)}1&symbol=BMX_ETH`)), true);
});

test('several numbers that each need a non-verbatim rendering verify when signed in one consistent style', () => {
  const text = '{"symbol":"BMX_ETH","side":"buy","amount":1.0,"price":1E-7,"stop":2.02e-05,"size":1000000,"big":1e21,"neg":-0.50}';
  const p = fromJson(text);
  const styles: Record<string, string> = {
    verbatim: 'amount=1.0&big=1e21&neg=-0.50&price=1E-7&side=buy&size=1000000&stop=2.02e-05&symbol=BMX_ETH',
    plain: `amount=1&big=1${'0'.repeat(21)}&neg=-0.5&price=0.0000001&side=buy&size=1000000&stop=0.0000202&symbol=BMX_ETH`,
    'JavaScript String(n)': 'amount=1&big=1e+21&neg=-0.5&price=1e-7&side=buy&size=1000000&stop=0.0000202&symbol=BMX_ETH',
    'Python str()': 'amount=1.0&big=1e+21&neg=-0.5&price=1e-07&side=buy&size=1000000&stop=2.02e-05&symbol=BMX_ETH',
    'Go %v': 'amount=1&big=1e+21&neg=-0.5&price=1e-07&side=buy&size=1e+06&stop=2.02e-05&symbol=BMX_ETH',
    'exponent below 1e-4': `amount=1&big=1e+21&neg=-0.5&price=1e-7&side=buy&size=1000000&stop=2.02e-5&symbol=BMX_ETH`,
  };
  const all = canonicalStrings(p);
  for (const [name, signed] of Object.entries(styles)) {
    assert.ok(all.includes(signed), `${name}: ${signed} not among\n${all.join('\n')}`);
    assert.equal(verifySignature(SECRET, [p], hmac(signed)), true, name);
  }
  assert.ok(all.length <= MAX_CANDIDATES);
  // Styles are not mixed per number: the source text for one, plain for the others is not a client's message.
  const mixed = 'amount=1&big=1e21&neg=-0.5&price=0.0000001&side=buy&size=1000000&stop=0.0000202&symbol=BMX_ETH';
  assert.equal(verifySignature(SECRET, [p], hmac(mixed)), false);
});

test('literals: JSON and Python spellings of true/false/null, with numbers in any style', () => {
  const p = fromJson('{"a":true,"b":null,"c":false,"price":2.02e-05}');
  for (const signed of [
    'a=true&b=null&c=false&price=2.02e-05',
    'a=True&b=None&c=False&price=2.02e-05',
    'a=true&b=&c=false&price=0.0000202',
    'a=True&b=&c=False&price=0.0000202',
    'a=true&b=null&c=false&price=0.0000202',
  ]) {
    assert.equal(verifySignature(SECRET, [p], hmac(signed)), true, signed);
  }
  assert.equal(verifySignature(SECRET, [p], hmac('a=True&b=null&c=false&price=2.02e-05')), false, 'one message, one style');
});

test('one candidate when nothing has another rendering; a malformed signature costs no HMAC', () => {
  assert.deepEqual(canonicalStrings(fromJson('{"symbol":"BMX_ETH","entrust_id":"1223181","o":{"x":1}}')), ['entrust_id=1223181&o={"x":1}&symbol=BMX_ETH']);
  const p = fromJson(manyNumbers(5000, '1.5'));
  for (const bad of ['', 'x', WRONG.slice(1), `${WRONG}0`, `${WRONG.slice(0, 63)}g`]) {
    const w = work();
    assert.equal(verifySignature(SECRET, [p], bad, w), false);
    assert.equal(w.hmacs, 0, JSON.stringify(bad));
  }
  // Only strings: one candidate however many; integers: as sent, `7.0`, `7e+0`, `7e+00`.
  assert.equal(canonicalStrings(fromJson(manyNumbers(5000, '"1.5"'))).length, 1);
  assert.deepEqual(canonicalStrings(fromJson('{"n":7}')), ['n=7', 'n=7.0', 'n=7e+0', 'n=7e+00']);
});

test('one number: exactly the renderings accepted before (source text, plain, String(n), exponent forms, `.0`)', () => {
  const values: [string, number][] = [];
  for (const text of ['0', '-0', '1', '1.0', '-0.50', '1.5', '100', '1E-3', '2.02e-05', '1e-7', '1.0E-7', '0.00000010', '123456.789', '1000000', '1e21', '1.5e+300', '1e-300', '5e-324', '1.7976931348623157e308', '0.30000000000000000001']) {
    values.push([text, Number(text)]);
  }
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < 2000; i++) {
    const x = (random() - 0.5) * 10 ** Math.floor(random() * 60 - 30);
    values.push([String(x), x], [x.toExponential(), x]);
  }
  for (const [text, x] of values) {
    const got = new Set(canonicalStrings(fromJson(`{"n":${text}}`)).map((c) => c.slice(2)));
    const before = new Set(renderingsOf(x, text));
    assert.deepEqual([...got].sort(), [...before].sort(), text);
    // Without the source text the first candidate is domain's plain decimal.
    assert.equal(canonicalStrings(new Params(new Map([['n', x]])))[0], `n=${plainDecimal(x) ?? String(x)}`, text);
  }
});

describeServer();

function describeServer(): void {
  let ex: TestExchange;
  let trader: ApiClient;

  before(async () => {
    ex = await startExchange();
    await ex.seedDocsMarket();
    trader = await ex.createTrader({ ETH: '10', BMX: '1000' });
  });
  after(async () => ex.close());

  const big = manyNumbers(5000, '1.5');

  test('server: the 59 kB body of numbers with a wrong signature is 401 on POST, GET and DELETE; signed, it verifies', async () => {
    const wrong = { ...(await trader.authHeaders()), 'x-bm-signature': WRONG };
    const post = await trader.request('POST', '/v2/orders', { body: big, headers: { 'x-bm-signature': WRONG } });
    assert.equal(post.status, 401, post.text);
    assert.deepEqual(post.body, { message: 'Unauthorized: invalid signature', code: 2005 });
    for (const [method, url] of [
      ['GET', '/v2/wallet'],
      ['DELETE', '/v2/orders'],
    ] as const) {
      const r = await ex.app.inject({ method, url, headers: { ...wrong, 'content-type': 'application/json' }, payload: big });
      assert.equal(r.statusCode, 401, `${method} ${r.body}`);
      assert.equal((JSON.parse(r.body) as { code: number }).code, 2005);
    }
    // The same body signed (verbatim) authenticates: the body was part of the signed set.
    const signed = { ...(await trader.authHeaders()), 'x-bm-signature': hmacWith(trader, verbatim(big)) };
    const ok = await ex.app.inject({ method: 'GET', url: '/v2/wallet', headers: { ...signed, 'content-type': 'application/json' }, payload: big });
    assert.equal(ok.statusCode, 200, ok.body);
  });

  test('server: an order whose numbers all need a non-verbatim rendering, signed in one style', async () => {
    const body = '{"symbol":"BMX_ETH","side":"buy","amount":1.0,"price":1E-7}';
    for (const signed of [
      'amount=1&price=0.0000001&side=buy&symbol=BMX_ETH',
      'amount=1&price=1e-7&side=buy&symbol=BMX_ETH',
      'amount=1.0&price=1e-07&side=buy&symbol=BMX_ETH',
      'amount=1&price=1e-07&side=buy&symbol=BMX_ETH',
    ]) {
      const r = await trader.request('POST', '/v2/orders', { body, headers: { 'x-bm-signature': hmacWith(trader, signed) } });
      assert.equal(r.status, 200, `${signed}: ${r.text}`);
      const id = (r.body as { entrust_id: number }).entrust_id;
      assert.equal((await trader.delete(`/v2/orders/${id}`)).status, 200);
    }
    const r = await trader.request('POST', '/v2/orders', { body, headers: { 'x-bm-signature': hmacWith(trader, 'amount=1.0&price=1e-7&side=buy&symbol=BMX_ETH') } });
    assert.equal(r.status, 401, 'styles mixed per number');
  });
}

function hmacWith(client: ApiClient, text: string): string {
  return createHmac('sha256', client.key.apiSecret).update(text).digest('hex');
}
