/**
 * Fee revenue: the fee account (FEE_ACCOUNT_ID, account 0, owned by no user)
 * collects every fee. GET /fees shows what it holds as of the last durable
 * batch; POST /fees/withdrawals takes some out (the operator pays it out
 * elsewhere) with a `withdraw` command of account 0, the one command the
 * engine accepts for that account.
 */
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { formatUnits } from '../../domain/index.js';
import { FEE_ACCOUNT_ID } from '../../engine/types.js';
import { ensureAccepted } from './errors.js';
import { balanceAfter, transferAmount } from './funds-routes.js';
import { FeeWithdrawalBody } from './schemas.js';
import type { AdminOptions } from './types.js';

export function feeRoutes(app: FastifyInstance, opts: AdminOptions): void {
  const { engine, sink } = opts;

  app.get(
    '/fees',
    { schema: { tags: ['admin'], summary: 'Fee revenue: what the fee account (0) holds per currency, as of the last durable batch' } },
    async () =>
      engine.currencies().filter((c) => opts.balances.held(FEE_ACCOUNT_ID, c.id)).map((c) => {
        const b = opts.balances.balance(FEE_ACCOUNT_ID, c.id);
        // The fee account places no orders (the engine refuses them; validate.ts checks it), so nothing is ever frozen.
        if (b.frozen !== 0n) throw new Error(`the fee account has ${b.frozen} frozen units of ${c.id}`);
        return { currency: c.id, available: formatUnits(b.available, c.scale, false) };
      }),
  );

  app.post<{ Body: Static<typeof FeeWithdrawalBody> }>(
    '/fees/withdrawals',
    { schema: { tags: ['admin'], summary: 'Take fee revenue out of the fee account (0)', body: FeeWithdrawalBody } },
    async (req) => {
      const { currencyId, currency, amount } = transferAmount(engine, req.body);
      const r = await sink.submit({ type: 'withdraw', accountId: FEE_ACCOUNT_ID, currency: currencyId, amount });
      ensureAccepted(r.outcome);
      // The fee balance right after this command (the engine may already hold later, not yet durable ones).
      const b = balanceAfter(r.outcome, FEE_ACCOUNT_ID, currencyId);
      return {
        currency: currencyId,
        amount: formatUnits(amount, currency.scale, false),
        available: formatUnits(b.available, currency.scale, false),
      };
    },
  );
}
