/** GET /v2/trades: the account's own fills, paged like orders; with entrust_id only that order's, unpaged. */
import type { FastifyInstance } from 'fastify';
import type { UserTradeList } from '@openmart/protocol';
import { ApiError } from '../api-error.js';
import { authenticate } from '../auth/authenticate.js';
import type { HttpContext } from '../context.js';
import { fillWire } from '../format.js';
import { parseId } from '../order-input.js';
import { pageRequest, totalPages } from '../paging.js';
import { collectParams } from '../params.js';
import { describeRequestsOnly } from '../schemas/common.js';
import { userTradesSchema } from '../schemas/private.js';
import { marketOf } from './market-lookup.js';
import { ownOrder } from './orders.js';

export function tradeRoutes(ctx: HttpContext) {
  const { engine, store } = ctx.deps;
  return async function plugin(app: FastifyInstance): Promise<void> {
    describeRequestsOnly(app);
    app.get('/v2/trades', { config: { rateClass: 'privateRead' }, schema: userTradesSchema }, async (request): Promise<UserTradeList> => {
      const params = collectParams(request);
      const who = authenticate(ctx, request, params, 'privateRead');
      const symbolText = params.optionalString('symbol');
      if (symbolText !== undefined) {
        const pending = ctx.deps.sequencer.registryDurable(); // a market whose creation is in flight is not known yet
        if (pending !== null) await pending;
      }
      const symbol = symbolText === undefined ? undefined : marketOf(engine, symbolText).symbol;
      const idText = params.optionalString('entrust_id');
      if (idText !== undefined) {
        const order = await ownOrder(ctx, who.accountId, parseId('entrust_id', idText));
        if (order === undefined || (symbol !== undefined && order.symbol !== symbol)) throw new ApiError('ORDER_NOT_FOUND');
        const result = store.listFills({ accountId: who.accountId, orderId: order.id });
        return { trades: result.rows.map((f) => fillWire(engine, f)), total_trades: result.total, total_pages: result.total > 0 ? 1 : 0, current_page: 0 };
      }
      const page = pageRequest(params);
      await store.settled();
      const result = store.listFills({
        accountId: who.accountId,
        ...(symbol === undefined ? {} : { symbol }),
        page: page.page,
        ...(page.pageSize === undefined ? {} : { pageSize: page.pageSize }),
      });
      return {
        trades: result.rows.map((f) => fillWire(engine, f)),
        total_trades: result.total,
        total_pages: totalPages(result.total, page),
        current_page: page.page,
      };
    });
  };
}
