/** Exact decimal text <-> units at the edges, including inputs built to be slow. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatUnits, fractionDigits, parseUnits, plainDecimal, withoutTrailingZeros } from '../../src/domain/index.js';

test('trailing zeros are cut, and only trailing ones', () => {
  assert.equal(withoutTrailingZeros(''), '');
  assert.equal(withoutTrailingZeros('000'), '');
  assert.equal(withoutTrailingZeros('0500'), '05');
  assert.equal(withoutTrailingZeros('5'), '5');
  assert.equal(formatUnits(5_000n, 6, false), '0.005');
  assert.equal(fractionDigits('0.0100'), 2);
});

test('a long run of zeros is handled exactly (and in linear time: these took seconds with a backtracking regex)', () => {
  const zeros = '0'.repeat(60_000);
  assert.equal(parseUnits(`0.${zeros}1`, 8), null, 'more digits than the scale: refused, never rounded');
  assert.equal(parseUnits(`1.${zeros}`, 8), 100_000_000n, 'trailing zeros are allowed');
  assert.equal(plainDecimal(`0.${zeros}1`), `0.${zeros}1`);
  assert.equal(plainDecimal('1e-300'), `0.${'0'.repeat(299)}1`);
  assert.equal(plainDecimal(`1.5${zeros}`), '1.5');
});
