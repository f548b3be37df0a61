/**
 * Route schemas of the token endpoint and the authenticated Open API v2
 * endpoints. Parameters are described where clients usually send them
 * (query for GET and DELETE, body for POST); the server reads every one
 * from the query, the body or both (docs/api.md "Requests").
 */
import {
  EmptySchema, OrderListSchema, OrderSchema, PlaceOrderResultSchema, TokenSchema, UserTradeListSchema, WalletEntrySchema,
} from '@openmart/protocol';
import { Type } from '@sinclair/typebox';
import type { FastifySchema } from 'fastify';
import { AuthHeaders, DecimalInput, errors, IntegerInput, ok, serializable } from './common.js';

const tags = ['authenticated'];
const SIDE = serializable(Type.Union([Type.Literal('buy'), Type.Literal('sell')], { description: 'buy or sell (case-insensitive)' }));
const SYMBOL = Type.String({ description: 'market symbol, e.g. BMX_ETH (case-insensitive)' });
const ENTRUST_ID = IntegerInput('order id (entrust_id of POST /v2/orders)');
const EntrustPath = Type.Object({ entrust_id: ENTRUST_ID });
const PAGING = {
  offset: Type.Optional(IntegerInput('page number from 0 (not a row offset)')),
  limit: Type.Optional(IntegerInput('page size, 1 to 1000 (default 500); without offset and limit: every row')),
};

export const tokenSchema: FastifySchema = {
  tags: ['public'],
  summary: 'Access token (client_credentials)',
  description:
    'Form body (JSON or query parameters accepted too). `client_secret` is the API secret itself, or lowercase hex HMAC-SHA256 (key: API secret) of `apiKey:apiSecret:memo`. The token lives `expires_in` seconds.',
  consumes: ['application/x-www-form-urlencoded', 'application/json'],
  body: Type.Object({
    grant_type: Type.Literal('client_credentials'),
    client_id: Type.String({ description: 'the API key' }),
    client_secret: Type.String({ description: 'the API secret, or hex HMAC-SHA256(secret, key:secret:memo)' }),
  }),
  response: { 200: ok(TokenSchema, 'access token'), ...errors([401]) },
};

export const walletSchema: FastifySchema = {
  tags, summary: 'Balances', description: 'Every currency of the exchange with the available and frozen balance (zero when never held), in creation order.',
  headers: AuthHeaders,
  response: { 200: ok(Type.Array(WalletEntrySchema), 'balances'), ...errors([401]) },
};

export const placeOrderSchema: FastifySchema = {
  tags, summary: 'Place a limit order',
  description:
    'A good-till-cancelled limit order. Amount in the base currency, price in the quote currency per base unit; JSON numbers or decimal strings. Rejections (unknown symbol, bad side, size or price off the market rules, price band, insufficient balance) are 400 and change nothing.',
  headers: AuthHeaders,
  body: Type.Object({
    symbol: SYMBOL,
    side: SIDE,
    amount: DecimalInput('base amount'),
    price: DecimalInput('price in the quote currency'),
  }),
  response: { 200: ok(PlaceOrderResultSchema, 'the new order id'), ...errors([401]) },
};

export const listOrdersSchema: FastifySchema = {
  tags, summary: 'Own orders', description: 'Own orders, newest first, paged. A page past the end has `"orders": []`.',
  headers: AuthHeaders,
  querystring: Type.Object({
    status: IntegerInput('required: 0 all, 1 pending, 2 partially filled, 3 filled, 4 cancelled, 5 open (1|2), 6 closed (3|4)'),
    symbol: Type.Optional(SYMBOL),
    ...PAGING,
  }),
  response: { 200: ok(OrderListSchema, 'a page of orders'), ...errors([401]) },
};

export const cancelAllSchema: FastifySchema = {
  tags, summary: 'Cancel all open orders of a symbol (and side)',
  description: 'Cancels the open orders of `symbol` (every market when omitted) and `side` (both when omitted). With `entrust_id`: cancels that one order only.',
  headers: AuthHeaders,
  querystring: Type.Object({
    symbol: Type.Optional(SYMBOL),
    side: Type.Optional(SIDE),
    entrust_id: Type.Optional(ENTRUST_ID),
  }),
  response: { 200: ok(EmptySchema, 'always {}'), ...errors([401, 404]) },
};

export const getOrderSchema: FastifySchema = {
  tags, summary: 'One own order', description: 'An own order in any status; anyone else\'s or an unknown id: 404 Not found.',
  headers: AuthHeaders,
  params: EntrustPath,
  response: { 200: ok(OrderSchema, 'the order'), ...errors([401, 404]) },
};

export const cancelOrderSchema: FastifySchema = {
  tags, summary: 'Cancel one order',
  description: 'Cancels an own open order. Unknown or anyone else\'s: 404; already filled or cancelled: 400 (3010). The path `entrust_id` is part of the signed parameters.',
  headers: AuthHeaders,
  params: EntrustPath,
  response: { 200: ok(EmptySchema, 'always {}'), ...errors([401, 404]) },
};

export const userTradesSchema: FastifySchema = {
  tags, summary: 'Own fills', description: 'Own fills, newest first, paged like orders. With `entrust_id`: only that order\'s fills, unpaged.',
  headers: AuthHeaders,
  querystring: Type.Object({
    symbol: Type.Optional(SYMBOL),
    entrust_id: Type.Optional(ENTRUST_ID),
    ...PAGING,
  }),
  response: { 200: ok(UserTradeListSchema, 'a page of fills'), ...errors([401, 404]) },
};
