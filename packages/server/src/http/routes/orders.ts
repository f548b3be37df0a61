/**
 * Orders: place, cancel one, cancel all, list, get.
 *
 * One account's order operations (place, cancel one, cancel all) are
 * applied strictly in arrival order, whatever token carries them:
 *
 *   - on one connection, in the order the requests arrive on it, pipelined
 *     ones included (HTTP/1.1: several requests written without waiting for
 *     the answers). A request with a body is read asynchronously, so a
 *     bodiless one pipelined behind it could reach its handler first: these
 *     routes are served in turns per connection (../connection-order.ts),
 *     each handler waiting (only then) until every earlier order operation
 *     on its connection has been submitted or has failed. A request after
 *     one whose answer closes the connection is not applied;
 *   - across connections, in the order the requests are complete (the last
 *     byte of the body read), each after the earlier ones on its own
 *     connection.
 *
 * Once its turn has come, a handler runs synchronously (authentication,
 * HMAC, parsing, engine reads) up to `sequencer.submit`, which stamps and
 * applies commands in call order: nothing is awaited between the two, and
 * the turn ends right after the submit call.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Order, OrderList, PlaceOrderResult } from '@openmart/protocol';
import type { OrderView, PlaceOrder } from '../../domain/index.js';
import { statusesOfFilter } from '../../store/port.js';
import { ApiError } from '../api-error.js';
import { IN_TURN, inTurn, submittedInTurn } from '../connection-order.js';
import { authenticate } from '../auth/authenticate.js';
import type { HttpContext } from '../context.js';
import { orderWire } from '../format.js';
import { parseId, parseOrderAmount, parsePrice, parseSide } from '../order-input.js';
import { pageRequest, totalPages } from '../paging.js';
import { collectParams, type Params } from '../params.js';
import { describeRequestsOnly } from '../schemas/common.js';
import { cancelAllSchema, cancelOrderSchema, getOrderSchema, listOrdersSchema, placeOrderSchema } from '../schemas/private.js';
import { marketOf } from './market-lookup.js';
import { accepted } from './reject.js';

/** Order operations: rate class 'order', served in turns on their connection. */
const ORDER = { config: { rateClass: 'order' }, ...IN_TURN } as const;
const READ = { config: { rateClass: 'privateRead' } } as const;

function pathId(request: FastifyRequest): string {
  return (request.params as { entrust_id: string }).entrust_id;
}

/**
 * An order of this account as of the last durable batch, once the store
 * holds every batch whose replies went out (so an order whose entrust_id
 * was answered is always found); undefined for anyone else's.
 */
export async function ownOrder(ctx: HttpContext, accountId: number, orderId: number): Promise<OrderView | undefined> {
  await ctx.deps.store.settled();
  return ctx.deps.store.getOrder(accountId, orderId);
}

export function orderRoutes(ctx: HttpContext) {
  const { engine, sequencer, store } = ctx.deps;

  async function cancelOne(request: FastifyRequest, params: Params): Promise<Record<string, never>> {
    const who = authenticate(ctx, request, params, 'order');
    const orderId = parseId('entrust_id', params.requireString('entrust_id'));
    const symbol = params.optionalString('symbol');
    if (symbol !== undefined) {
      const open = engine.openOrder(orderId);
      if (open !== undefined && open.accountId === who.accountId && open.symbol !== marketOf(engine, symbol).symbol) throw new ApiError('ORDER_NOT_FOUND');
    }
    // Ids from here on did not exist when the cancel was applied: not "already filled or cancelled",
    // even if an order placed later in the same batch has that id by the time the store is read.
    const firstLaterId = engine.nextIds().order;
    const submitted = await submittedInTurn(request, sequencer.submit({ type: 'cancelOrder', accountId: who.accountId, orderId }));
    if (
      !submitted.outcome.ok &&
      submitted.outcome.code === 'ORDER_NOT_FOUND' &&
      orderId < firstLaterId &&
      (await ownOrder(ctx, who.accountId, orderId)) !== undefined
    ) {
      throw new ApiError('ORDER_NOT_OPEN');
    }
    accepted(submitted);
    return {};
  }

  async function place(request: FastifyRequest): Promise<PlaceOrderResult> {
    const params = collectParams(request);
    const who = authenticate(ctx, request, params, 'order');
    const market = marketOf(engine, params.requireString('symbol'));
    const side = parseSide(params.requireString('side'));
    const price = parsePrice(market, params.requireDecimal('price'));
    const amount = parseOrderAmount(market, params.requireDecimal('amount'));
    const submitted = accepted(
      await submittedInTurn(request, sequencer.submit({ type: 'placeOrder', accountId: who.accountId, symbol: market.symbol, side, price, amount })),
    );
    return { entrust_id: (submitted.command as PlaceOrder).orderId };
  }

  async function cancelAll(request: FastifyRequest): Promise<Record<string, never>> {
    const params = collectParams(request);
    // With an entrust_id (even null or empty: then a 400) this is a cancel of that one order: never cancel more than the client named.
    if (params.values.has('entrust_id')) return cancelOne(request, params);
    const who = authenticate(ctx, request, params, 'order');
    // The symbol is required: a request that names nothing cancels nothing.
    const symbol = marketOf(engine, params.requireString('symbol')).symbol;
    const sideText = params.optionalString('side');
    const draft = {
      type: 'cancelAll' as const,
      accountId: who.accountId,
      symbol,
      ...(sideText === undefined ? {} : { side: parseSide(sideText) }),
    };
    accepted(await submittedInTurn(request, sequencer.submit(draft)));
    return {};
  }

  return async function plugin(app: FastifyInstance): Promise<void> {
    describeRequestsOnly(app);
    app.post('/v2/orders', { ...ORDER, schema: placeOrderSchema }, inTurn(place));
    app.delete(
      '/v2/orders/:entrust_id',
      { ...ORDER, schema: cancelOrderSchema },
      inTurn(async (request) => cancelOne(request, collectParams(request, { entrust_id: pathId(request) }))),
    );
    app.delete('/v2/orders', { ...ORDER, schema: cancelAllSchema }, inTurn(cancelAll));

    app.get('/v2/orders', { ...READ, schema: listOrdersSchema }, async (request): Promise<OrderList> => {
      const params = collectParams(request);
      const who = authenticate(ctx, request, params, 'privateRead');
      const status = params.requireInt('status');
      const statuses = statusesOfFilter(status);
      if (statuses === undefined) throw new ApiError('INVALID_PARAMETER', "Parameter 'status' must be one of 0, 1, 2, 3, 4, 5, 6");
      const symbolText = params.optionalString('symbol');
      if (symbolText !== undefined) {
        const pending = sequencer.registryDurable(); // a market whose creation is in flight is not known yet
        if (pending !== null) await pending;
      }
      const symbol = symbolText === undefined ? undefined : marketOf(engine, symbolText).symbol;
      const page = pageRequest(params);
      await store.settled();
      const result = store.listOrders({ accountId: who.accountId, ...(symbol === undefined ? {} : { symbol }), statuses, ...page });
      return {
        orders: result.rows.map((o) => orderWire(engine, o)),
        total_pages: totalPages(result.total, page),
        total_orders: result.total,
        current_page: page.page,
      };
    });

    app.get('/v2/orders/:entrust_id', { ...READ, schema: getOrderSchema }, async (request): Promise<Order> => {
      const params = collectParams(request, { entrust_id: pathId(request) });
      const who = authenticate(ctx, request, params, 'privateRead', [collectParams(request)]);
      const order = await ownOrder(ctx, who.accountId, parseId('entrust_id', pathId(request)));
      if (order === undefined) throw new ApiError('ORDER_NOT_FOUND');
      return orderWire(engine, order);
    });
  };
}
