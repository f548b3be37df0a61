/** The feed's request/answer protocol: ping, errors with `message`, paths. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import { refusedUpgrade, startFeedExchange, TestSocket, type FeedExchange } from './helpers.js';

describe('ws feed protocol', () => {
  let fx: FeedExchange;
  let sock: TestSocket;
  before(async () => {
    fx = await startFeedExchange();
    sock = await TestSocket.open(fx.wsUrl);
  });
  after(async () => {
    sock.close();
    await fx.ex.close();
  });

  test('ping answers pong', async () => {
    sock.send({ subscribe: 'ping' });
    assert.deepEqual(await sock.next(), { subscribe: 'pong' });
  });

  const failures: [string, unknown, RegExp, number][] = [
    ['bad JSON', '{"subscribe":', /not valid JSON/, 1000],
    ['a JSON array', [1, 2], /JSON object/, 1000],
    ['no subscribe field', { symbol: 'BMX_ETH' }, /'subscribe' is not present/, 1001],
    ['an unknown subscription', { subscribe: 'candles', symbol: 'BMX_ETH' }, /Unknown subscription 'candles'/, 1002],
    ['an unknown symbol', { subscribe: 'price', symbol: 'NOPE_ETH' }, /^Unknown symbol$/, 3000],
    ['a missing symbol', { subscribe: 'trade', precision: 6 }, /'symbol' is not present/, 1001],
    ['a step not in /v2/steps', { subscribe: 'kline', symbol: 'BMX_ETH', step: 2 }, /'step' must be one of 1, 3, 5/, 1002],
    ['a non-integer step', { subscribe: 'kline', symbol: 'BMX_ETH', step: 1.5 }, /'step' must be an integer/, 1002],
    ['a precision above the range', { subscribe: 'order', symbol: 'BMX_ETH', precision: 9 }, /'precision' must be between 6 and 8/, 1002],
    ['a precision below the range', { subscribe: 'trade', symbol: 'BMX_ETH', precision: 5 }, /'precision' must be between 6 and 8/, 1002],
    ['unsubscribing what is not subscribed', { unsubscribe: 'price', symbol: 'BMX_ETH' }, /^Not subscribed$/, 1000],
    ['a built-in object property as subscription', { subscribe: 'constructor', symbol: 'BMX_ETH' }, /Unknown subscription 'constructor'/, 1002],
    ['__proto__ as subscription', { subscribe: '__proto__', symbol: 'BMX_ETH' }, /Unknown subscription '__proto__'/, 1002],
    ['unsubscribing a built-in object property', { unsubscribe: 'toString', symbol: 'BMX_ETH' }, /Unknown subscription 'toString'/, 1002],
    ['a subscription that is not a string', { subscribe: ['price'], symbol: 'BMX_ETH' }, /^Parameter 'subscribe' must be a string: one of ping/, 1002],
    ['unsubscribing ping', { unsubscribe: 'ping' }, /^Cannot unsubscribe from 'ping'/, 1002],
  ];
  for (const [what, request, message, code] of failures) {
    test(`${what} is answered with a message and the connection stays open`, async () => {
      sock.send(request);
      const answer = await sock.next();
      assert.match(String(answer.message), message);
      assert.equal(answer.code, code);
      assert.equal(answer.subscribe, undefined, 'an error never looks like a push');
      if (typeof request === 'object' && request !== null && !Array.isArray(request)) assert.deepEqual(answer.request, request);
      sock.send({ subscribe: 'ping' });
      assert.deepEqual(await sock.next(), { subscribe: 'pong' });
    });
  }

  test('a binary message is answered with a message', async () => {
    sock.ws.send(Buffer.from('{"subscribe":"ping"}'), { binary: true });
    assert.match(String((await sock.next()).message), /binary messages are not supported/);
  });

  test('the symbol is matched case-insensitively and pushed canonically; step and precision may be strings', async () => {
    sock.send({ subscribe: 'kline', symbol: 'bmx_eth', step: '3' });
    const k = await sock.next();
    assert.equal(k.symbol, 'BMX_ETH');
    assert.equal(k.step, '3');
    sock.send({ subscribe: 'trade', symbol: 'BMX_ETH', precision: '7' });
    const t = await sock.next();
    assert.equal(t.precision, 7);
  });

  test('parameters a subscription does not use are ignored', async () => {
    sock.send({ subscribe: 'price', symbol: 'BMX_ETH', step: 'x', precision: 99 });
    assert.equal((await sock.next()).subscribe, 'price');
    sock.send({ unsubscribe: 'price', symbol: 'BMX_ETH', precision: 'y' });
    assert.deepEqual(await sock.next(), { unsubscribe: 'price', symbol: 'BMX_ETH' });
  });

  test('order defaults to price_max_precision and depth is an alias of order', async () => {
    sock.send({ subscribe: 'order', symbol: 'BMX_ETH' });
    const d = await sock.next();
    assert.equal(d.subscribe, 'depth');
    assert.equal(d.precision, 8);
    sock.send({ unsubscribe: 'depth', symbol: 'BMX_ETH', precision: 8 });
    assert.deepEqual(await sock.next(), { unsubscribe: 'order', symbol: 'BMX_ETH', precision: 8 });
  });

  test('the bare host path / serves the feed like /ws', async () => {
    const bare = await TestSocket.open(`${fx.origin}/`);
    bare.send({ subscribe: 'ping' });
    assert.deepEqual(await bare.next(), { subscribe: 'pong' });
    bare.close();
    const query = await TestSocket.open(`${fx.origin}/ws?client=bot`);
    query.send({ subscribe: 'ping' });
    assert.deepEqual(await query.next(), { subscribe: 'pong' });
    query.close();
  });

  const handshakes: [string, string, Record<string, string>, number, RegExp][] = [
    ['a malformed Sec-WebSocket-Key', 'GET', { 'Sec-WebSocket-Key': 'abc', 'Sec-WebSocket-Version': '13' }, 400, /Sec-WebSocket-Key/],
    ['an unsupported Sec-WebSocket-Version', 'GET', { 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version': '99' }, 400, /Sec-WebSocket-Version/],
    ['a method other than GET', 'POST', { 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version': '13' }, 405, /method/],
  ];
  for (const [what, method, headers, status, message] of handshakes) {
    test(`an upgrade with ${what} is refused with ${status} and a JSON message`, async () => {
      const res = await new Promise<IncomingMessage>((resolve, reject) => {
        const req = request(`${fx.origin.replace('ws:', 'http:')}/ws`, { method, headers: { Connection: 'Upgrade', Upgrade: 'websocket', ...headers } });
        req.on('response', resolve);
        req.on('upgrade', () => reject(new Error('the upgrade was accepted')));
        req.on('error', reject);
        req.end();
      });
      let body = '';
      for await (const chunk of res) body += String(chunk);
      assert.equal(res.statusCode, status);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const json = JSON.parse(body) as { message: string; code: number };
      assert.match(json.message, message);
      assert.equal(json.code, status === 405 ? 1005 : 1000);
      if (/Version/.test(what)) assert.equal(res.headers['sec-websocket-version'], '13, 8');
    });
  }

  test('an upgrade on another path is refused with 404 and a JSON message', async () => {
    const r = await refusedUpgrade(`${fx.origin}/v2/ticker`);
    assert.equal(r.status, 404);
    assert.deepEqual(JSON.parse(r.body), { message: 'Not found', code: 1004 });
  });
});
