import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalString, createHmacSigner, hmacClientSecret, hmacSha256Hex, signParams, toDecimalString } from '../src/index.js';

const SECRET = '8c08d9d5c3d15b105dbddaf96e427ac6';

test('order signature matches the contract vector', async () => {
  assert.equal(
    await hmacSha256Hex(SECRET, 'amount=1&price=1&side=buy&symbol=BMX_ETH'),
    '2302088e474141fc7b498d0fa96c9cc2eda39a5a24fd1495d469d0a72e5fd483',
  );
  assert.equal(
    await signParams(SECRET, { symbol: 'BMX_ETH', side: 'buy', amount: '1', price: '1' }),
    '2302088e474141fc7b498d0fa96c9cc2eda39a5a24fd1495d469d0a72e5fd483',
  );
});

test('cancel signature matches the contract vector', async () => {
  assert.equal(await signParams(SECRET, { entrust_id: '1223181' }), 'de4ed768cea4eb2f0fe081009eab1f41c5fd6ff6ed53768df7fe252472c257b3');
});

test('hmac client_secret matches the contract vector', async () => {
  assert.equal(
    await hmacClientSecret('6591f7c2491db0a23a1d8ad6911c825e', SECRET, 'mymemo'),
    '18b9beb027d9ee75202655f37344ea5829c5c0d66a0781bf642bb3e944cf5019',
  );
});

test('a signer reuses its key and gives the same digests', async () => {
  const sign = createHmacSigner(SECRET);
  assert.equal(await sign('entrust_id=1223181'), 'de4ed768cea4eb2f0fe081009eab1f41c5fd6ff6ed53768df7fe252472c257b3');
  assert.equal(await sign('entrust_id=1223181'), 'de4ed768cea4eb2f0fe081009eab1f41c5fd6ff6ed53768df7fe252472c257b3');
  assert.match(await sign(''), /^[0-9a-f]{64}$/);
});

test('canonical string sorts by name and joins k=v with &', () => {
  assert.equal(canonicalString({ symbol: 'BMX_ETH', side: 'buy', price: '1', amount: '1' }), 'amount=1&price=1&side=buy&symbol=BMX_ETH');
});

test('canonical string leaves out undefined values and keeps values verbatim, unencoded', () => {
  assert.equal(canonicalString({ symbol: 'BMX_ETH', side: undefined }), 'symbol=BMX_ETH');
  assert.equal(canonicalString({ b: 'a b&c', a: '0.000100' }), 'a=0.000100&b=a b&c');
  assert.equal(canonicalString({}), '');
});

test('canonical string sorts by code unit (upper case before lower case)', () => {
  assert.equal(canonicalString({ b: '1', B: '2', a: '3', _: '4' }), 'B=2&_=4&a=3&b=1');
});

test('decimal strings are sent verbatim', () => {
  assert.equal(toDecimalString('0.000500'), '0.000500');
  assert.equal(toDecimalString('12'), '12');
});

test('numbers are rendered without exponent and without arithmetic', () => {
  assert.equal(toDecimalString(1), '1');
  assert.equal(toDecimalString(0.0001), '0.0001');
  assert.equal(toDecimalString(1e-7), '0.0000001');
  assert.equal(toDecimalString(2.02e-5), '0.0000202');
  assert.equal(toDecimalString(1.5e21), '1500000000000000000000');
  assert.equal(toDecimalString(123.456), '123.456');
  assert.equal(toDecimalString(0.1 + 0.2), '0.30000000000000004');
});

test('malformed decimals are refused before sending', () => {
  for (const bad of [Number.NaN, Infinity, -1, '1e-7', '-1', '.5', '1.', ' 1', '0x10', '']) {
    assert.throws(() => toDecimalString(bad as string | number, 'amount'), TypeError, String(bad));
  }
});
