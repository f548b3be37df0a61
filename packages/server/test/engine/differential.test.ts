/**
 * Differential test (after exchange-core): 120,000 seeded commands of the
 * mixed workload, plus a cancelAll now and then, through a naive-book and a
 * fast-book engine. Every outcome must be identical, and so must the state
 * hash every 1,000 commands; both engines validate() at each checkpoint.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import type { Command } from '../../src/domain/index.js';
import { Engine } from '../../src/engine/engine.js';
import { makeWorkload, prng } from '../support/workload.js';

const COUNT = 120_000;

function withCancelAlls(flow: Command[], accounts: number, seed: number): Command[] {
  const rnd = prng(seed);
  const out: Command[] = [];
  for (const c of flow) {
    out.push(c);
    if (rnd() < 0.002) {
      const side = rnd() < 0.5 ? 'buy' : 'sell';
      out.push({ type: 'cancelAll', now: c.now, accountId: 1 + Math.floor(rnd() * accounts), ...(rnd() < 0.5 ? { side } : {}) });
    }
  }
  return out;
}

test(`naive and fast books give identical outcomes and state hashes over ${COUNT} seeded commands`, () => {
  const accounts = 1_000;
  const w = makeWorkload({ seed: 42, count: COUNT, accounts, ticks: 750 });
  const flow = withCancelAlls(w.flow, accounts, 43);
  const naive = new Engine({ book: 'naive' });
  const fast = new Engine({ book: 'fast' });
  for (const c of w.setup) {
    assert.ok(naive.apply(c).ok);
    assert.ok(fast.apply(c).ok);
  }
  let trades = 0;
  let rejected = 0;
  for (let i = 0; i < flow.length; i++) {
    const c = flow[i] as Command;
    const a = naive.apply(c);
    const b = fast.apply(c);
    if (!isDeepStrictEqual(a, b)) assert.deepEqual(b, a, `command ${i} (${c.type}) diverged`);
    if (a.ok) {
      for (const e of a.events) if (e.type === 'tradeExecuted') trades++;
    } else {
      rejected++;
      // Only the workload's cancels of its own orders filled or cancelled meanwhile.
      assert.equal(a.code, 'ORDER_NOT_FOUND', `command ${i}: ${a.message}`);
    }
    if (i % 1_000 === 999 || i === flow.length - 1) {
      assert.equal(fast.stateHash(), naive.stateHash(), `state hashes differ after command ${i}`);
      naive.validate();
      fast.validate();
    }
  }
  assert.ok(flow.length >= 100_000);
  assert.ok(trades > 10_000, `only ${trades} trades`);
  assert.ok(rejected < flow.length / 4);
});
