/** Deposits, withdrawals, exchange-wide totals (as of the last durable batch) and on-demand snapshots. */
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { formatUnits, parseAmount } from '../../domain/index.js';
import type { CurrencyConfig, Outcome } from '../../domain/index.js';
import { SnapshotFailedError } from '../../app/snapshotter.js';
import { FEE_ACCOUNT_ID, type Balance } from '../../engine/types.js';
import { apiError } from '../api-error.js';
import { decimalReader } from './decimals.js';
import { ensureAccepted } from './errors.js';
import { allUsers, findUser } from './lookup.js';
import { TransferBody } from './schemas.js';
import type { AdminOptions } from './types.js';

/** The account's balance in `currency` right after an accepted command (from its events). */
export function balanceAfter(outcome: Outcome, accountId: number, currency: string): Balance {
  if (!outcome.ok) throw new Error('balanceAfter of a rejected command');
  for (let i = outcome.events.length - 1; i >= 0; i--) {
    const e = outcome.events[i];
    if (e.type === 'balanceChanged' && e.accountId === accountId && e.currency === currency) return e;
  }
  throw new Error(`no balance change of account ${accountId} in ${currency}`);
}

/** The currency and exact amount of a deposit or withdrawal body (400 for an unknown currency or a bad amount). */
export function transferAmount(
  engine: AdminOptions['engine'],
  body: { readonly currency: string; readonly amount: unknown },
): { currencyId: string; currency: CurrencyConfig; amount: bigint } {
  const currencyId = body.currency.trim().toUpperCase();
  const currency = engine.currency(currencyId);
  if (currency === undefined) throw apiError('UNKNOWN_CURRENCY', `Unknown currency ${currencyId}`);
  // Exact: a JSON number is read as written, never through a double.
  const amount = parseAmount(decimalReader(body)('amount'), currency.scale);
  if (amount === null || amount <= 0n) {
    throw apiError('INVALID_AMOUNT', `Amount must be a positive number with at most ${currency.scale} decimals`);
  }
  return { currencyId, currency, amount };
}

export function fundsRoutes(app: FastifyInstance, opts: AdminOptions): void {
  const { engine, sink } = opts;

  for (const [path, type, summary] of [
    ['/deposits', 'deposit', 'Credit a user (available balance)'],
    ['/withdrawals', 'withdraw', "Debit a user's available balance"],
  ] as const) {
    app.post<{ Body: Static<typeof TransferBody> }>(
      path,
      { schema: { tags: ['admin'], summary, body: TransferBody } },
      async (req) => {
        const u = findUser(engine, req.body.user);
        const { currencyId, currency, amount } = transferAmount(engine, req.body);
        const r = await sink.submit({ type, accountId: u.accountId, currency: currencyId, amount });
        ensureAccepted(r.outcome);
        // The balance right after this command (the engine may already hold later, not yet durable ones).
        const b = balanceAfter(r.outcome, u.accountId, currencyId);
        return {
          user_id: u.accountId,
          email: u.email,
          currency: currencyId,
          amount: formatUnits(amount, currency.scale, false),
          available: formatUnits(b.available, currency.scale, false),
          frozen: formatUnits(b.frozen, currency.scale, false),
        };
      },
    );
  }

  app.get(
    '/totals',
    { schema: { tags: ['admin'], summary: 'Per currency: available and frozen summed over every account, fee account included' } },
    async () => {
      const ids = [FEE_ACCOUNT_ID, ...allUsers(engine).map((u) => u.accountId)];
      return engine.currencies().map((c) => {
        let available = 0n;
        let frozen = 0n;
        for (const id of ids) {
          const b = opts.balances.balance(id, c.id);
          available += b.available;
          frozen += b.frozen;
        }
        return {
          currency: c.id,
          available: formatUnits(available, c.scale, false),
          frozen: formatUnits(frozen, c.scale, false),
          total: formatUnits(available + frozen, c.scale, false),
        };
      });
    },
  );

  app.post('/snapshot', { schema: { tags: ['admin'], summary: 'Write an engine snapshot now' } }, async () => {
    try {
      return await opts.snapshot();
    } catch (err) {
      // The reason (ENOSPC, EACCES, too little free space…) is for the operator who asked: it is not fatal, the journal has everything.
      if (err instanceof SnapshotFailedError) throw apiError('SNAPSHOT_FAILED', err.message);
      throw err;
    }
  });
}
