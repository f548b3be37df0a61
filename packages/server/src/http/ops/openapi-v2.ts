/**
 * The Open API v2 paths for the OpenAPI document, with the response schemas
 * of @openmart/protocol. They are declared here because the /v2 routes are
 * registered before the ops plugin (see http/app.ts) and so are not seen by
 * @fastify/swagger's route collection; routes registered after it (admin,
 * ops) are collected automatically.
 */
import {
  CurrencySchema, EmptySchema, ErrorBodySchema, OrderBookSchema, OrderListSchema, OrderSchema, PlaceOrderResultSchema,
  PublicTradeSchema, StepsSchema, SymbolDetailsSchema, TickerSchema, TimeSchema, TokenSchema, UserTradeListSchema,
  WalletEntrySchema, CandleSchema,
} from '@openmart/protocol';
import { Type, type TSchema } from '@sinclair/typebox';

interface Param {
  readonly name: string;
  readonly in: 'query' | 'path';
  readonly required?: boolean;
  readonly description?: string;
  readonly type?: 'string' | 'integer';
}

interface Op {
  readonly method: 'get' | 'post' | 'delete';
  readonly path: string;
  readonly summary: string;
  readonly tag: 'public' | 'authenticated';
  readonly params?: readonly Param[];
  readonly body?: TSchema;
  readonly form?: boolean;
  readonly response: TSchema;
}

const symbolPath: Param = { name: 'symbol', in: 'path', required: true, description: 'e.g. BMX_ETH' };

const OPS: readonly Op[] = [
  { method: 'get', path: '/v2/ping', summary: 'Liveness', tag: 'public', response: EmptySchema },
  { method: 'get', path: '/v2/time', summary: 'Server time (ms)', tag: 'public', response: TimeSchema },
  { method: 'get', path: '/v2/steps', summary: 'K-line steps in minutes', tag: 'public', response: StepsSchema },
  { method: 'get', path: '/v2/currencies', summary: 'Currencies', tag: 'public', response: Type.Array(CurrencySchema) },
  { method: 'get', path: '/v2/symbols', summary: 'Symbols', tag: 'public', response: Type.Array(Type.String()) },
  { method: 'get', path: '/v2/symbols_details', summary: 'Every symbol with its details', tag: 'public', response: Type.Array(SymbolDetailsSchema) },
  { method: 'get', path: '/v2/symbols/{symbol}', summary: 'Symbol details', tag: 'public', params: [symbolPath], response: SymbolDetailsSchema },
  {
    method: 'get', path: '/v2/ticker', summary: 'Ticker of one symbol, or an array of all', tag: 'public',
    params: [{ name: 'symbol', in: 'query' }], response: Type.Union([TickerSchema, Type.Array(TickerSchema)]),
  },
  {
    method: 'get', path: '/v2/symbols/{symbol}/kline', summary: 'Candles', tag: 'public',
    params: [symbolPath, { name: 'step', in: 'query', type: 'integer', description: 'minutes, one of /v2/steps (default 1)' },
      { name: 'from', in: 'query', type: 'integer', description: 'ms' }, { name: 'to', in: 'query', type: 'integer', description: 'ms' }],
    response: Type.Array(CandleSchema),
  },
  {
    method: 'get', path: '/v2/symbols/{symbol}/orders', summary: 'Aggregated order book', tag: 'public',
    params: [symbolPath, { name: 'precision', in: 'query', type: 'integer', description: 'digits in [price_min_precision, price_max_precision]' }],
    response: OrderBookSchema,
  },
  { method: 'get', path: '/v2/symbols/{symbol}/trades', summary: 'Recent public trades, newest first', tag: 'public', params: [symbolPath], response: Type.Array(PublicTradeSchema) },
  {
    method: 'post', path: '/v2/authentication', summary: 'Access token (client_credentials)', tag: 'public', form: true,
    body: Type.Object({
      grant_type: Type.Literal('client_credentials'),
      client_id: Type.String({ description: 'API key' }),
      client_secret: Type.String({ description: 'API secret, or hex HMAC-SHA256(secret, key:secret:memo)' }),
    }),
    response: TokenSchema,
  },
  { method: 'get', path: '/v2/wallet', summary: 'Balances', tag: 'authenticated', response: Type.Array(WalletEntrySchema) },
  {
    method: 'post', path: '/v2/orders', summary: 'Place a limit order', tag: 'authenticated',
    body: Type.Object({
      symbol: Type.String(),
      side: Type.Union([Type.Literal('buy'), Type.Literal('sell')]),
      amount: Type.Union([Type.String(), Type.Number()]),
      price: Type.Union([Type.String(), Type.Number()]),
    }),
    response: PlaceOrderResultSchema,
  },
  {
    method: 'get', path: '/v2/orders', summary: 'Own orders, newest first', tag: 'authenticated',
    params: [{ name: 'symbol', in: 'query' }, { name: 'status', in: 'query', type: 'integer', description: '0 all, 1..4, 5 open, 6 closed' },
      { name: 'offset', in: 'query', type: 'integer', description: 'page number from 0' }, { name: 'limit', in: 'query', type: 'integer' }],
    response: OrderListSchema,
  },
  {
    method: 'delete', path: '/v2/orders', summary: 'Cancel all open orders of a symbol (and side)', tag: 'authenticated',
    params: [{ name: 'symbol', in: 'query' }, { name: 'side', in: 'query' }], response: EmptySchema,
  },
  { method: 'get', path: '/v2/orders/{entrust_id}', summary: 'One own order', tag: 'authenticated', params: [{ name: 'entrust_id', in: 'path', required: true, type: 'integer' }], response: OrderSchema },
  { method: 'delete', path: '/v2/orders/{entrust_id}', summary: 'Cancel one order', tag: 'authenticated', params: [{ name: 'entrust_id', in: 'path', required: true, type: 'integer' }], response: EmptySchema },
  {
    method: 'get', path: '/v2/trades', summary: 'Own fills', tag: 'authenticated',
    params: [{ name: 'symbol', in: 'query' }, { name: 'entrust_id', in: 'query', type: 'integer' },
      { name: 'offset', in: 'query', type: 'integer' }, { name: 'limit', in: 'query', type: 'integer' }],
    response: UserTradeListSchema,
  },
];

const authHeaders = [
  { name: 'X-BM-AUTHORIZATION', in: 'header', required: true, schema: { type: 'string' }, description: 'Bearer <access_token>' },
  { name: 'X-BM-TIMESTAMP', in: 'header', required: true, schema: { type: 'string' }, description: 'ms since the epoch, within 60 s of server time' },
  { name: 'X-BM-SIGNATURE', in: 'header', required: false, schema: { type: 'string' }, description: 'hex HMAC-SHA256(secret, sorted k=v&k=v of the parameters)' },
];

/** OpenAPI 3 `paths` of the /v2 API. */
export function v2Paths(): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPS) {
    const parameters = [
      ...(op.params ?? []).map((p) => ({
        name: p.name,
        in: p.in,
        required: p.required ?? false,
        ...(p.description === undefined ? {} : { description: p.description }),
        schema: { type: p.type ?? 'string' },
      })),
      ...(op.tag === 'authenticated' ? authHeaders : []),
    ];
    const errorResponse = { description: 'error', content: { 'application/json': { schema: ErrorBodySchema } } };
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      tags: [op.tag],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(op.body === undefined
        ? {}
        : {
            requestBody: {
              required: true,
              content: { [op.form === true ? 'application/x-www-form-urlencoded' : 'application/json']: { schema: op.body } },
            },
          }),
      responses: { 200: { description: 'success', content: { 'application/json': { schema: op.response } } }, '4XX': errorResponse, '5XX': errorResponse },
    };
  }
  return paths;
}
