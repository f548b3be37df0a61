import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { canonicalStrings, verifySignature } from '../../src/http/auth/signature.js';
import { Params, type ParamValue } from '../../src/http/params.js';
import { topLevelNumberTexts } from '../../src/http/raw-numbers.js';

function params(values: Record<string, ParamValue>, raw?: string): Params {
  return new Params(new Map(Object.entries(values)), raw);
}

test('raw number texts of the top-level members only', () => {
  const text = '{"a": 1.0, "s": "x\\"y,\\"b\\":2", "n": {"c": 3}, "arr": [4, 5], "b": 2.02e-05, "neg": -0.10}';
  assert.deepEqual([...topLevelNumberTexts(text)], [['a', '1.0'], ['b', '2.02e-05'], ['neg', '-0.10']]);
  assert.deepEqual([...topLevelNumberTexts('[1,2]')], []);
});

test('canonical strings: sorted names, strings verbatim, every style of number', () => {
  const p = params({ symbol: 'BMX_ETH', side: 'buy', amount: 1, price: 2.02e-5 }, '{"symbol":"BMX_ETH","side":"buy","amount":1.0,"price":2.02e-05}');
  const all = canonicalStrings(p);
  for (const s of [
    'amount=1.0&price=2.02e-05&side=buy&symbol=BMX_ETH',
    'amount=1&price=0.0000202&side=buy&symbol=BMX_ETH',
    'amount=1&price=2.02e-5&side=buy&symbol=BMX_ETH',
    'amount=1.0&price=0.0000202&side=buy&symbol=BMX_ETH',
  ]) {
    assert.ok(all.includes(s), s);
  }
  assert.deepEqual(canonicalStrings(params({})), ['']);
  assert.deepEqual(canonicalStrings(params({ entrust_id: '1223181' })), ['entrust_id=1223181']);
});

test('canonical strings stay bounded with many numbers, uniform styles first', () => {
  const values: Record<string, ParamValue> = {};
  for (let i = 0; i < 8; i++) values[`n${i}`] = 1e-7 * (i + 1);
  const all = canonicalStrings(params(values));
  assert.ok(all.length <= 256);
  const plain = Object.keys(values).sort().map((k) => `${k}=${String(values[k])}`).join('&');
  assert.ok(all.slice(0, 6).includes(plain));
});

test('verifySignature: any candidate rendering, hex in either case with spaces around; anything else refused', () => {
  const secret = 'c1d2e3';
  const p = params({ symbol: 'BMX_ETH', side: 'buy', amount: 1, price: 2.02e-5 }, '{"symbol":"BMX_ETH","side":"buy","amount":1,"price":2.02e-5}');
  const sign = (text: string) => createHmac('sha256', secret).update(text).digest('hex');
  const good = sign('amount=1&price=0.0000202&side=buy&symbol=BMX_ETH');
  assert.equal(verifySignature(secret, [p], good), true);
  assert.equal(verifySignature(secret, [p], ` ${good.toUpperCase()} `), true);
  assert.equal(verifySignature(secret, [params({}), p], good), true, 'a later parameter set');
  assert.equal(verifySignature('other', [p], good), false, 'another secret');
  assert.equal(verifySignature(secret, [p], sign('amount=2&price=0.0000202&side=buy&symbol=BMX_ETH')), false, 'other values');
  for (const bad of ['', good.slice(0, 63), `${good}0`, `${good.slice(0, 63)}g`, Buffer.from(good, 'hex').toString('base64')]) {
    assert.equal(verifySignature(secret, [p], bad), false, JSON.stringify(bad));
  }
});
