import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERRORS } from '@openmart/protocol';
import {
  AuthenticationError,
  BadRequestError,
  InsufficientFundsError,
  NotFoundError,
  OpenmartClient,
  OpenmartError,
  OrderNotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  errorFromResponse,
  parseRetryAfter,
} from '../src/index.js';
import { contractLike, recordingFetch } from './helpers/fetch-recorder.js';

const at = (status: number, path = '/v2/ticker', code?: number) =>
  errorFromResponse({ status, code, message: 'm', method: 'GET', path, retryAfter: 7 });

test('error class by status when no code is sent', () => {
  assert.ok(at(400) instanceof BadRequestError);
  assert.ok(at(401) instanceof AuthenticationError);
  assert.ok(at(403) instanceof PermissionError);
  assert.ok(at(404) instanceof NotFoundError);
  assert.ok(!(at(404) instanceof OrderNotFoundError));
  assert.ok(at(429) instanceof RateLimitError);
  assert.equal((at(429) as RateLimitError).retryAfter, 7);
  assert.ok(at(500) instanceof ServerError);
  assert.ok(at(503) instanceof ServerError);
  assert.equal(at(405).constructor, OpenmartError);
});

test('a 404 on an order endpoint is an OrderNotFoundError', () => {
  assert.ok(at(404, '/v2/orders/12') instanceof OrderNotFoundError);
  assert.ok(at(404, '/v2/orders') instanceof OrderNotFoundError);
  assert.ok(!(at(404, '/v2/ordersx') instanceof OrderNotFoundError));
  // With a code, the code decides: a misrouted request on an order path is not "no such order".
  const misrouted = at(404, '/v2/orders/12', ERRORS.ROUTE_NOT_FOUND.code);
  assert.ok(misrouted instanceof NotFoundError);
  assert.ok(!(misrouted instanceof OrderNotFoundError));
});

test('error class by the numeric code of the error table', () => {
  const e = at(400, '/v2/orders', ERRORS.INSUFFICIENT_BALANCE.code);
  assert.ok(e instanceof InsufficientFundsError);
  assert.ok(e instanceof BadRequestError);
  assert.equal(e.errorName, 'INSUFFICIENT_BALANCE');
  assert.ok(at(404, '/v2/x', ERRORS.ORDER_NOT_FOUND.code) instanceof OrderNotFoundError);
  assert.ok(at(400, '/v2/x', ERRORS.RATE_LIMITED.code) instanceof RateLimitError);
  assert.ok(at(400, '/v2/x', ERRORS.INVALID_SIGNATURE.code) instanceof AuthenticationError);
  assert.ok(at(200, '/v2/x', ERRORS.UNKNOWN_SYMBOL.code) instanceof BadRequestError);
  assert.ok(at(400, '/v2/x', ERRORS.FORBIDDEN.code) instanceof PermissionError);
  assert.ok(at(400, '/v2/x', ERRORS.INTERNAL.code) instanceof ServerError);
});

test('every code of the error table maps to the class of its status', () => {
  for (const [name, spec] of Object.entries(ERRORS)) {
    const e = errorFromResponse({ status: spec.status, code: spec.code, message: spec.message, method: 'GET', path: '/v2/x' });
    assert.equal(e.errorName, name);
    assert.equal(e.code, spec.code);
    const expected =
      name === 'INSUFFICIENT_BALANCE' ? InsufficientFundsError
      : name === 'ORDER_NOT_FOUND' ? OrderNotFoundError
      : spec.status === 400 ? BadRequestError
      : spec.status === 401 ? AuthenticationError
      : spec.status === 403 ? PermissionError
      : spec.status === 404 ? NotFoundError
      : spec.status === 429 ? RateLimitError
      : spec.status >= 500 ? ServerError
      : OpenmartError;
    assert.equal(e.constructor, expected, name);
  }
});

test('Retry-After is read as seconds or as an HTTP date', () => {
  assert.equal(parseRetryAfter('3', 0), 3);
  assert.equal(parseRetryAfter(null, 0), undefined);
  assert.equal(parseRetryAfter('soon', 0), undefined);
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now), 5);
});

test('errors carry status, code, message, method and path', async () => {
  const fetch = recordingFetch(() => ({ status: 400, json: { message: 'Unknown symbol', code: ERRORS.UNKNOWN_SYMBOL.code } }));
  const om = new OpenmartClient({ fetch });
  const err = await om.symbolDetails('NOPE_ETH').catch((e: unknown) => e);
  assert.ok(err instanceof BadRequestError);
  assert.equal(err.status, 400);
  assert.equal(err.code, 3000);
  assert.equal(err.message, 'Unknown symbol');
  assert.equal(err.method, 'GET');
  assert.equal(err.path, '/v2/symbols/NOPE_ETH');
  assert.equal(err.attempts, 1);
  assert.deepEqual(JSON.parse(JSON.stringify(err)).status, 400);
});

test('a success body with a message key is an error', async () => {
  const fetch = recordingFetch(() => ({ status: 200, json: { message: 'Maximum price is 0.112695' } }));
  const om = new OpenmartClient({ fetch });
  await assert.rejects(om.ticker('BMX_ETH'), (e: unknown) => e instanceof OpenmartError && e.status === 200 && e.message === 'Maximum price is 0.112695');
});

test('a success body whose message says Unauthorized is an AuthenticationError', async () => {
  const fetch = recordingFetch(() => ({ status: 200, json: { message: 'Unauthorized' } }));
  await assert.rejects(new OpenmartClient({ fetch }).ping(), AuthenticationError);
});

test('a non-JSON error page maps by status', async () => {
  const fetch = (async () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })) as typeof globalThis.fetch;
  const om = new OpenmartClient({ fetch, retries: 0 });
  await assert.rejects(om.ping(), (e: unknown) => e instanceof ServerError && e.status === 502 && e.message === 'HTTP 502 Bad Gateway');
});

test('a 200 that is not JSON is an error, not a silent success', async () => {
  const fetch = (async () => new Response('OK', { status: 200 })) as typeof globalThis.fetch;
  await assert.rejects(new OpenmartClient({ fetch }).ping(), (e: unknown) => e instanceof OpenmartError && e.status === 200);
});

test('errors never contain the secret, the client secret or the token', async () => {
  const apiSecret = 'very-secret-value-123';
  const fetch = contractLike((req) =>
    req.url.pathname === '/v2/wallet'
      ? { status: 401, json: { message: `Unauthorized: bad ${req.headers['x-bm-authorization']} and ${apiSecret}`, code: ERRORS.INVALID_SIGNATURE.code } }
      : undefined,
  );
  const om = new OpenmartClient({ fetch, apiKey: 'key', apiSecret });
  const err = await om.wallet().catch((e: unknown) => e);
  assert.ok(err instanceof AuthenticationError);
  assert.doesNotMatch(err.message, /very-secret|token-1/);
  assert.match(err.message, /\[redacted\]/);
  assert.doesNotMatch(JSON.stringify(err), /very-secret|token-1/);
});

test('authenticated calls without credentials fail before sending', async () => {
  const fetch = contractLike();
  await assert.rejects(new OpenmartClient({ fetch }).wallet(), TypeError);
  assert.equal(fetch.sent.length, 0);
});

test('the client does not show its secret when logged or serialised', async () => {
  const { inspect } = await import('node:util');
  const om = new OpenmartClient({ apiKey: 'key', apiSecret: 'very-secret-value-123' });
  assert.doesNotMatch(inspect(om, { depth: 5, showHidden: true }), /very-secret/);
  assert.doesNotMatch(JSON.stringify(om), /very-secret/);
});
