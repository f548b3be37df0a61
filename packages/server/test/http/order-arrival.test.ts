/**
 * Order operations sent back to back on one connection (HTTP/1.1
 * pipelining: several requests in one write, answers in order), as a bot
 * that does not wait for each answer sends them.
 */
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { IN_TURN, inTurn, submittedInTurn } from '../../src/http/connection-order.js';
import { ApiClient, startExchange, type TestExchange } from './harness.js';
import { pipelined, pipelinedUntilClose, rawRequest } from './pipelining.js';

/** A fresh exchange with the docs market (BMX_ETH), closed after `fn`. */
async function withDocsMarket(fn: (ex: TestExchange) => Promise<void>): Promise<void> {
  const ex = await startExchange();
  try {
    await ex.seedDocsMarket();
    await fn(ex);
  } finally {
    await ex.close();
  }
}

test('a cancel of an id that did not exist yet is 404, not "already filled or cancelled", when an order placed right after it takes that id', async () => {
  await withDocsMarket(async (ex) => {
    const bot = await ex.createTrader({ ETH: '10' });
    const token = (await bot.authenticate()).body.access_token;
    const auth = { 'x-bm-authorization': `Bearer ${token}`, 'x-bm-timestamp': String(ex.clock.now()) };
    const next = ex.exchange.engine.nextIds().order;
    // The cancel (no body) is applied first, before any order has that id; the place, in the same batch, takes it.
    const [cancel, place] = await pipelined(ex.baseUrl, [
      rawRequest('DELETE', `/v2/orders/${next}`, auth),
      rawRequest('POST', '/v2/orders', auth, JSON.stringify({ symbol: 'BMX_ETH', side: 'buy', amount: '1', price: '0.001' })),
    ]);
    assert.deepEqual(cancel, { status: 404, body: { message: 'Not found', code: 3009 } });
    assert.deepEqual(place, { status: 200, body: { entrust_id: next } });
    const order = await bot.request<{ status: number }>('GET', `/v2/orders/${next}`);
    assert.equal(order.body.status, 1, 'the order is open: the cancel before it did not touch it');
  });
});

const BUY = JSON.stringify({ symbol: 'BMX_ETH', side: 'buy', amount: '1', price: '0.001' });
const SELL = JSON.stringify({ symbol: 'BMX_ETH', side: 'sell', amount: '1', price: '0.01' });

/** A trader with a token, and the X-BM headers of an unsigned request with it. */
async function trader(ex: TestExchange, deposits: Readonly<Record<string, string>> = { ETH: '10' }) {
  const bot = await ex.createTrader(deposits);
  const token = (await bot.authenticate()).body.access_token;
  return { bot, auth: headersOf(ex, token) };
}

function headersOf(ex: TestExchange, token: string): Record<string, string> {
  return { 'x-bm-authorization': `Bearer ${token}`, 'x-bm-timestamp': String(ex.clock.now()) };
}

async function statusOf(bot: ApiClient, id: number): Promise<number> {
  const r = await bot.request<{ status: number }>('GET', `/v2/orders/${id}`);
  assert.equal(r.status, 200);
  return r.body.status;
}

test('place (with a body) then cancel-all (no body), pipelined: the cancel-all is applied after the place and cancels it', async () => {
  await withDocsMarket(async (ex) => {
    const { bot, auth } = await trader(ex);
    const next = ex.exchange.engine.nextIds().order;
    const [place, cancel] = await pipelined(ex.baseUrl, [
      rawRequest('POST', '/v2/orders', auth, BUY),
      rawRequest('DELETE', '/v2/orders?symbol=BMX_ETH', auth),
    ]);
    assert.deepEqual(place, { status: 200, body: { entrust_id: next } });
    assert.equal(cancel?.status, 200);
    assert.equal(await statusOf(bot, next), 4, 'the order placed before the cancel-all is cancelled');
  });
});

test('place then DELETE /v2/orders/{its id} (no body), pipelined: 200 and the order is cancelled', async () => {
  await withDocsMarket(async (ex) => {
    const { bot, auth } = await trader(ex);
    const next = ex.exchange.engine.nextIds().order;
    const [place, cancel] = await pipelined(ex.baseUrl, [
      rawRequest('POST', '/v2/orders', auth, BUY),
      rawRequest('DELETE', `/v2/orders/${next}`, auth),
    ]);
    assert.deepEqual(place, { status: 200, body: { entrust_id: next } });
    assert.deepEqual(cancel, { status: 200, body: {} });
    assert.equal(await statusOf(bot, next), 4);
  });
});

test('place, place, then cancel-all with Content-Length: 0, pipelined: both orders are cancelled, a place after them is not', async () => {
  await withDocsMarket(async (ex) => {
    const { bot, auth } = await trader(ex);
    const next = ex.exchange.engine.nextIds().order;
    const answers = await pipelined(ex.baseUrl, [
      rawRequest('POST', '/v2/orders', auth, BUY),
      rawRequest('POST', '/v2/orders', auth, BUY),
      rawRequest('DELETE', '/v2/orders?symbol=BMX_ETH', { ...auth, 'content-length': '0' }),
      rawRequest('POST', '/v2/orders', auth, BUY),
    ]);
    assert.deepEqual(answers, [
      { status: 200, body: { entrust_id: next } },
      { status: 200, body: { entrust_id: next + 1 } },
      { status: 200, body: {} },
      { status: 200, body: { entrust_id: next + 2 } },
    ]);
    assert.deepEqual([await statusOf(bot, next), await statusOf(bot, next + 1), await statusOf(bot, next + 2)], [4, 4, 1]);
    // With a content type too (fastify then reads the empty body as it reads any other).
    const [place, cancel] = await pipelined(ex.baseUrl, [
      rawRequest('POST', '/v2/orders', auth, BUY),
      rawRequest('DELETE', '/v2/orders?symbol=BMX_ETH', auth, ''),
    ]);
    assert.deepEqual([place, cancel], [{ status: 200, body: { entrust_id: next + 3 } }, { status: 200, body: {} }]);
    assert.equal(await statusOf(bot, next + 3), 4);
  });
});

test('requests that fail before submitting do not hold up the ones pipelined after them, nor let them overtake', async () => {
  await withDocsMarket(async (ex) => {
    const { bot, auth } = await trader(ex);
    const next = ex.exchange.engine.nextIds().order;
    const badSymbol = rawRequest('POST', '/v2/orders', auth, JSON.stringify({ symbol: 'NOPE_ETH', side: 'buy', amount: '1', price: '0.001' }));
    // Refused (415) before its body is read.
    const badType = rawRequest('POST', '/v2/orders', { ...auth, 'content-type': 'json', 'content-length': String(BUY.length) }) + BUY;
    const badToken = rawRequest('DELETE', '/v2/orders?symbol=BMX_ETH', { ...auth, 'x-bm-authorization': 'Bearer nope' });
    const place = rawRequest('POST', '/v2/orders', auth, BUY);
    const cancelAll = rawRequest('DELETE', '/v2/orders?symbol=BMX_ETH', auth);

    // Failures first (in the handler before its submit, before the body is read, in authentication), then place, cancel-all, place.
    const first = await pipelined(ex.baseUrl, [badSymbol, badType, badToken, place, cancelAll, place]);
    assert.deepEqual(
      first.map((a) => a.status),
      [400, 415, 401, 200, 200, 200],
    );
    assert.deepEqual([first[3]?.body, first[5]?.body], [{ entrust_id: next }, { entrust_id: next + 1 }]);
    assert.equal(await statusOf(bot, next), 4, 'cancelled by the cancel-all after it');
    assert.equal(await statusOf(bot, next + 1), 1, 'placed after the cancel-all: open');

    // Failures between a place and its cancel-all: the 415 and the 401 end their turns before the place has submitted.
    const second = await pipelined(ex.baseUrl, [place, badType, badToken, cancelAll, badSymbol, place]);
    assert.deepEqual(
      second.map((a) => a.status),
      [200, 415, 401, 200, 400, 200],
    );
    assert.deepEqual([second[0]?.body, second[5]?.body], [{ entrust_id: next + 2 }, { entrust_id: next + 3 }]);
    assert.deepEqual([await statusOf(bot, next + 2), await statusOf(bot, next + 3)], [4, 1]);
  });
});

test('a request whose answer closes the connection (a body that is not JSON) ends it: what was pipelined after it is not applied', async () => {
  await withDocsMarket(async (ex) => {
    const { bot, auth } = await trader(ex);
    const next = ex.exchange.engine.nextIds().order;
    const { answers, closed } = await pipelinedUntilClose(ex.baseUrl, [
      rawRequest('POST', '/v2/orders', auth, BUY),
      rawRequest('POST', '/v2/orders', auth, '{"symbol":'),
      rawRequest('DELETE', '/v2/orders?symbol=BMX_ETH', auth),
      rawRequest('POST', '/v2/orders', auth, BUY),
    ]);
    assert.ok(closed);
    assert.deepEqual(answers, [
      { status: 200, body: { entrust_id: next } },
      { status: 400, body: { message: 'Request body is not valid JSON', code: 1000 } },
    ]);
    await ex.exchange.sequencer.flush();
    assert.equal(await statusOf(bot, next), 1, 'the cancel-all after the closing answer was not applied');
    assert.equal(ex.exchange.engine.nextIds().order, next + 1, 'nor the place after it');
    // Another connection is served as usual.
    const [place, cancel] = await pipelined(ex.baseUrl, [rawRequest('POST', '/v2/orders', auth, BUY), rawRequest('DELETE', '/v2/orders?symbol=BMX_ETH', auth)]);
    assert.deepEqual([place?.status, cancel?.status], [200, 200]);
    assert.deepEqual([await statusOf(bot, next), await statusOf(bot, next + 1)], [4, 4]);
  });
});

test('two tokens of one key on two connections, each pipelining a place and a cancel-all carried by the other token', async () => {
  await withDocsMarket(async (ex) => {
    const a = await ex.createTrader({ ETH: '10', BMX: '100' });
    const b = new ApiClient(ex, a.key, a.accountId);
    await a.authenticate();
    await b.authenticate();
    assert.ok(a.token !== undefined && b.token !== undefined && a.token !== b.token);
    const ha = headersOf(ex, a.token);
    const hb = headersOf(ex, b.token);
    for (let round = 0; round < 5; round++) {
      const [one, two] = await Promise.all([
        pipelined(ex.baseUrl, [rawRequest('POST', '/v2/orders', ha, BUY), rawRequest('DELETE', '/v2/orders?symbol=BMX_ETH&side=buy', hb)]),
        pipelined(ex.baseUrl, [rawRequest('POST', '/v2/orders', hb, SELL), rawRequest('DELETE', '/v2/orders?symbol=BMX_ETH&side=sell', ha)]),
      ]);
      assert.deepEqual([...one, ...two].map((x) => x.status), [200, 200, 200, 200]);
      for (const placed of [one[0], two[0]]) {
        const id = (placed?.body as { entrust_id: number }).entrust_id;
        assert.equal(await statusOf(a, id), 4, `round ${round}: order ${id} is cancelled by the cancel-all pipelined after it`);
      }
    }
  });
});

test('turns on a bare app: a request that fails before the one ahead of it has submitted does not let the next one overtake it', async () => {
  const app = Fastify();
  const applied: string[] = [];
  let open: (() => void) | undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  // A handler that takes its time before submitting (the order routes do not; the body read does).
  app.post(
    '/slow',
    IN_TURN,
    inTurn(async (request) => {
      await gate;
      await submittedInTurn(request, Promise.resolve(applied.push('slow')));
      return {};
    }),
  );
  app.delete(
    '/fast',
    IN_TURN,
    inTurn(async (request) => {
      await submittedInTurn(request, Promise.resolve(applied.push('fast')));
      return {};
    }),
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const address = app.server.address() as AddressInfo;
    const answers = pipelined(`http://127.0.0.1:${address.port}`, [
      rawRequest('POST', '/slow', {}, '{}'),
      // 415 before its body is read: its turn ends while /slow has not submitted.
      rawRequest('POST', '/slow', { 'content-type': 'json', 'content-length': '2' }) + '{}',
      rawRequest('DELETE', '/fast', {}),
      rawRequest('DELETE', '/fast', {}),
    ]);
    answers.catch(() => undefined); // awaited below (unless an assertion fails first)
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(applied, [], 'nothing overtakes the first request while it has not submitted');
    open?.();
    assert.deepEqual(
      (await answers).map((a) => a.status),
      [200, 415, 200, 200],
    );
    assert.deepEqual(applied, ['slow', 'fast', 'fast']);
  } finally {
    open?.();
    await app.close();
  }
});
