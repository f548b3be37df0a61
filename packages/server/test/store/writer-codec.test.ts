/**
 * The flat form in which batches travel to the writer thread: a round trip
 * keeps each command's seq and exactly the events the projection reads, in
 * order; anything malformed is refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommittedCommand, EngineEvent } from '../../src/domain/index.js';
import { pack, unpack } from '../../src/store/sqlite/writer-codec.js';
import { Journal, balance, executed, order, placed, updated } from './fixtures.js';

function packed(commands: readonly CommittedCommand[]): unknown[] {
  const out: unknown[] = [];
  for (const c of commands) pack(out, c);
  return out;
}

const projected = (e: EngineEvent): boolean =>
  e.type === 'orderPlaced' || e.type === 'orderUpdated' || e.type === 'tradeExecuted' || e.type === 'balanceChanged';

test('round trip: seq and the projected events, in order, with exact bigints; other events and the command are dropped', () => {
  const j = new Journal();
  const o = order({ id: 7, accountId: 3, side: 'sell', price: 12_345, amount: 99, fees: 10n ** 30n });
  const commands = [
    j.commit(),
    j.commit(
      { type: 'userCreated', accountId: 9, email: 'a@b.c', time: 5 },
      placed({ id: 7, accountId: 3, side: 'sell' }),
      balance({ accountId: 3, currency: 'BMX', reason: 'freeze', availableDelta: -(2n ** 70n), frozenDelta: 2n ** 70n, available: 0n, frozen: 2n ** 70n, orderId: 7, time: 8 }),
      { type: 'credentialChanged', kind: 'token' },
    ),
    j.commit(
      executed({ id: 1, symbol: 'ABC_ETH', price: 5, amount: 6, time: 9, takerSide: 'sell', makerFee: 1n, takerFee: 123_456_789_012_345_678_901n }),
      updated(o, 2, 50, 10),
      { type: 'apiKeyRevoked', accountId: 3, apiKey: 'k', time: 11 },
    ),
  ];
  const back = unpack(structuredClone(packed(commands)));
  assert.deepEqual(back, commands.map((c) => ({ seq: c.seq, events: c.events.filter(projected) })));
  assert.deepEqual(back.map((c) => c.events.length), [0, 2, 2]);
});

test('unpack refuses malformed data', () => {
  const j = new Journal();
  const good = packed([j.commit(placed({ id: 1 }), executed({ id: 1, price: 5, amount: 5, time: 1 }))]);
  assert.throws(() => unpack(good.slice(0, -1)), /malformed batch/, 'truncated');
  assert.throws(() => unpack([1, 1, 99]), /unknown event tag 99/);
  const wrongType = [...good];
  wrongType[good.indexOf(0n)] = 0; // the order's fees as a number
  assert.throws(() => unpack(wrongType), /expected a bigint/);
  assert.throws(() => unpack(['1', 0]), /expected a number/);
  assert.deepEqual(unpack([]), []);
});
