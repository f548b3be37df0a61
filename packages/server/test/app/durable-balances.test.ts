import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DurableBalances } from '../../src/app/durable-balances.js';
import { Engine } from '../../src/engine/engine.js';
import type { CommittedCommand } from '../../src/domain/index.js';
import { makeWorkload } from '../support/workload.js';

/** Every account's balance in every currency, from the engine or the projection. */
function table(engine: Engine, read: (accountId: number, currency: string) => { available: bigint; frozen: bigint }): string[] {
  const rows: string[] = [];
  for (let id = 0; id < engine.nextIds().account; id++) {
    for (const c of engine.currencies()) {
      const b = read(id, c.id);
      rows.push(`${id} ${c.id} ${b.available} ${b.frozen}`);
    }
  }
  return rows;
}

test('seeded half way and fed the rest batch by batch, it matches the engine exactly', () => {
  const w = makeWorkload({ seed: 11, accounts: 6, count: 3_000 });
  const commands = [...w.setup, ...w.flow];
  const engine = new Engine();
  const balances = new DurableBalances();
  let seq = 0;
  let batch: CommittedCommand[] = [];
  const half = Math.floor(commands.length / 2);
  commands.forEach((command, i) => {
    const outcome = engine.apply(command);
    if (!outcome.ok) return;
    seq++;
    if (i < half) return;
    if (balances.lastAppliedSeq() === 0 && batch.length === 0 && i === half) balances.seed(engine, seq - 1);
    batch.push({ seq, command, events: outcome.events });
    if (batch.length === 7) {
      balances.applyBatch(batch);
      batch = [];
    }
  });
  balances.applyBatch(batch);
  assert.equal(balances.lastAppliedSeq(), seq);
  assert.deepEqual(table(engine, (a, c) => balances.balance(a, c)), table(engine, (a, c) => engine.balance(a, c)));
  for (const c of engine.currencies()) {
    assert.equal(balances.held(1, c.id), engine.balancesOf(1).some((b) => b.currency === c.id));
  }
});

test('a batch with a gap is refused; an already applied one is ignored', () => {
  const balances = new DurableBalances();
  const noop = (seq: number): CommittedCommand => ({ seq, command: { type: 'createCurrency', now: 1, currency: { id: `C${seq}`, name: 'c', scale: 2, depositEnabled: true, withdrawEnabled: true } }, events: [] });
  balances.applyBatch([noop(1), noop(2)]);
  balances.applyBatch([noop(2)]);
  assert.equal(balances.lastAppliedSeq(), 2);
  assert.throws(() => balances.applyBatch([noop(4)]), /gap/);
  assert.equal(balances.balance(1, 'C1').available, 0n);
  assert.equal(balances.held(1, 'C1'), false);
});
