import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Command } from '../../src/domain/index.js';
import { ByteReader, ByteWriter, crc32, decodeCommand, encodeCommand, TAGS } from '../../src/journal/index.js';
import { makeWorkload } from '../support/workload.js';

const num = fc.oneof(
  fc.nat({ max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: 0, max: 300 }),
  fc.double(),
  fc.integer({ min: -1_000_000, max: -1 }),
  fc.constantFrom(0, -0, Number.MAX_SAFE_INTEGER, 2 ** 53, 1.5, NaN, Infinity),
);
const str = fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ minLength: 100, maxLength: 300 }));
const big = fc.oneof(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.bigInt({ min: 0n, max: 2n ** 53n }), fc.constantFrom(0n, 2n ** 53n - 1n, 2n ** 53n, -(2n ** 53n)));
const side = fc.constantFrom('buy' as const, 'sell' as const);

const currency = fc.record({ id: str, name: str, scale: num, depositEnabled: fc.boolean(), withdrawEnabled: fc.boolean() }, { noNullPrototype: true });
const market = fc.record({
  symbol: str, base: str, quote: str, priceDecimals: num, priceTick: num, amountDecimals: num, amountStep: num,
  minAmount: num, maxAmount: num, pricePrecisionMin: num, pricePrecisionMax: num, makerFeeE8: num, takerFeeE8: num,
  priceBandPercent: num,
}, { noNullPrototype: true });

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ type: fc.constant('createCurrency' as const), now: num, currency }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('createMarket' as const), now: num, market }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('createUser' as const), now: num, accountId: num, email: str, passwordHash: str }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('deposit' as const), now: num, accountId: num, currency: str, amount: big }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('withdraw' as const), now: num, accountId: num, currency: str, amount: big }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('placeOrder' as const), now: num, orderId: num, accountId: num, symbol: str, side, price: num, amount: num }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('cancelOrder' as const), now: num, accountId: num, orderId: num }, { noNullPrototype: true }),
  fc.record(
    { type: fc.constant('cancelAll' as const), now: num, accountId: num, symbol: str, side },
    { requiredKeys: ['type', 'now', 'accountId'], noNullPrototype: true },
  ),
  fc.record({ type: fc.constant('createApiKey' as const), now: num, accountId: num, apiKey: str, secretEnc: str, memo: str, requireSignature: fc.boolean() }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('revokeApiKey' as const), now: num, accountId: num, apiKey: str }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('issueToken' as const), now: num, apiKey: str, tokenHash: str, expiresAt: num }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('createSession' as const), now: num, accountId: num, sessionHash: str, expiresAt: num }, { noNullPrototype: true }),
  fc.record({ type: fc.constant('endSession' as const), now: num, sessionHash: str }, { noNullPrototype: true }),
);

function roundTrip(c: Command): Command {
  const w = new ByteWriter(16);
  encodeCommand(w, c);
  return decodeCommand(new ByteReader(w.buf, 0, w.pos));
}

test('every command type round-trips through the codec exactly', () => {
  fc.assert(
    fc.property(command, (c) => {
      assert.deepStrictEqual(roundTrip(c), c);
    }),
    { numRuns: 3000 },
  );
});

test('the arbitrary covers every command type', () => {
  const seen = new Set(fc.sample(command, 2000).map((c) => c.type));
  assert.deepEqual([...seen].sort(), Object.keys(TAGS).sort());
});

test('many commands written back to back decode in order', () => {
  const cmds = fc.sample(command, 500);
  const w = new ByteWriter(8);
  const ends: number[] = [];
  for (const c of cmds) {
    encodeCommand(w, c);
    ends.push(w.pos);
  }
  let start = 0;
  cmds.forEach((c, i) => {
    assert.deepStrictEqual(decodeCommand(new ByteReader(w.buf, start, ends[i])), c);
    start = ends[i];
  });
});

test('a truncated or padded payload is refused, not misread', () => {
  const w = new ByteWriter();
  encodeCommand(w, { type: 'placeOrder', now: 1_700_000_000_000, orderId: 7, accountId: 3, symbol: 'BTC_USDT', side: 'buy', price: 100, amount: 5 });
  for (let end = 0; end < w.pos; end++) assert.throws(() => decodeCommand(new ByteReader(w.buf, 0, end)));
  w.u8(0);
  assert.throws(() => decodeCommand(new ByteReader(w.buf, 0, w.pos)), /trailing/);
  w.buf[0] = 200;
  assert.throws(() => decodeCommand(new ByteReader(w.buf, 0, w.pos)), /unknown command tag/);
});

test('order flow commands stay small', () => {
  const { flow } = makeWorkload({ seed: 1, count: 1000, accounts: 50 });
  const w = new ByteWriter();
  for (const c of flow) encodeCommand(w, c);
  assert.ok(w.pos / flow.length < 24, `${(w.pos / flow.length).toFixed(1)} bytes per command`);
});

test('crc32 matches the standard check values', () => {
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  assert.equal(crc32(Buffer.alloc(0)), 0);
  assert.equal(crc32(Buffer.from('The quick brown fox jumps over the lazy dog')), 0x414fa339);
  const b = Buffer.from('xx123456789yy');
  assert.equal(crc32(b, 2, 11), 0xcbf43926);
});
