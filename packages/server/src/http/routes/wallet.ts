/** GET /v2/wallet: every currency with the account's available and frozen balance. */
import type { FastifyInstance } from 'fastify';
import { authenticate } from '../auth/authenticate.js';
import type { HttpContext } from '../context.js';
import { walletWire } from '../format.js';
import { collectParams } from '../params.js';
import { describeRequestsOnly } from '../schemas/common.js';
import { walletSchema } from '../schemas/private.js';

export function walletRoutes(ctx: HttpContext) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    describeRequestsOnly(app);
    app.get('/v2/wallet', { config: { rateClass: 'privateRead' }, schema: walletSchema }, async (request) => {
      const who = authenticate(ctx, request, collectParams(request), 'privateRead');
      // It lists every currency: none whose creation is not yet durable.
      const pending = ctx.deps.sequencer.registryDurable();
      if (pending !== null) await pending;
      return walletWire(ctx.deps.engine, ctx.deps.balances, who.accountId);
    });
  };
}
