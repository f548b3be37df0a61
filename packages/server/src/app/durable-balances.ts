/**
 * Balances as of the last durable batch: what GET /v2/wallet and the
 * account balances answer. The engine's own balances can be ahead of the
 * journal (the next batch is applied while the previous one syncs), so a
 * reply read from them could show a fill that a crash would undo. This
 * projection is fed by the balanceChanged events of durable batches (each
 * carries the balances after the change) and seeded from the engine once,
 * when recovery has finished and nothing is in flight.
 */
import type { CommittedCommand, Projection } from '../domain/index.js';
import type { Balance, ExchangeEngine } from '../engine/types.js';

const ZERO: Balance = { available: 0n, frozen: 0n };

export class DurableBalances implements Projection {
  readonly name = 'durable-balances';
  private readonly accounts = new Map<number, Map<string, Balance>>();
  private seq = 0;

  lastAppliedSeq(): number {
    return this.seq;
  }

  /** Copy every account's balances from an engine that holds exactly the durable state at `seq`. */
  seed(engine: Pick<ExchangeEngine, 'nextIds' | 'balancesOf'>, seq: number): void {
    this.accounts.clear();
    const last = engine.nextIds().account;
    for (let id = 0; id < last; id++) {
      for (const b of engine.balancesOf(id)) this.set(id, b.currency, { available: b.available, frozen: b.frozen });
    }
    this.seq = seq;
  }

  applyBatch(batch: readonly CommittedCommand[]): void {
    for (const committed of batch) {
      if (committed.seq <= this.seq) continue;
      if (committed.seq !== this.seq + 1) throw new Error(`durable-balances: batch seq ${committed.seq} after ${this.seq} (gap or disorder)`);
      this.seq = committed.seq;
      for (const e of committed.events) {
        if (e.type === 'balanceChanged') this.set(e.accountId, e.currency, { available: e.available, frozen: e.frozen });
      }
    }
  }

  /** Whether the account ever held the currency (as of the last durable batch). */
  held(accountId: number, currency: string): boolean {
    return this.accounts.get(accountId)?.has(currency) ?? false;
  }

  /** Zero for a currency the account never held (like the engine). */
  balance(accountId: number, currency: string): Balance {
    return this.accounts.get(accountId)?.get(currency) ?? ZERO;
  }

  private set(accountId: number, currency: string, b: Balance): void {
    let m = this.accounts.get(accountId);
    if (m === undefined) {
      m = new Map();
      this.accounts.set(accountId, m);
    }
    m.set(currency, b);
  }
}
