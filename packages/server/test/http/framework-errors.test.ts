/**
 * Answers made before any route runs are in the error table's format too:
 * path parameters over the router's length limit, malformed
 * percent-encoding (fastify's frameworkErrors), and requests Node's HTTP
 * parser refuses (fastify's clientErrorHandler, tested over raw sockets).
 * Each is JSON `{"message", "code"}` with a numeric code, without fastify's
 * `error`/`statusCode` keys, and the server keeps serving afterwards.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { maxHeaderSize } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { ConnectionError, FastifyInstance } from 'fastify';
import { clientErrorAnswer, clientErrorHandler } from '../../src/http/client-errors.js';
import { startExchange, type ApiClient, type HttpAnswer, type TestExchange } from './harness.js';

let ex: TestExchange;
let trader: ApiClient;

before(async () => {
  ex = await startExchange();
  await ex.seedDocsMarket();
  trader = await ex.createTrader({ ETH: '5' });
});
after(async () => ex.close());

const STACK = /\bat \S+ \(|node_modules|\.[jt]s:\d+/;

/** Our error format: JSON, numeric code, message, nothing else, no stack. */
function assertTableError(body: unknown, text: string, contentType: string | null | undefined, status: number, code: number, what: string): void {
  assert.match(contentType ?? '', /^application\/json/, `${what}: content-type`);
  assert.equal(typeof body, 'object', `${what}: ${text}`);
  const b = body as Record<string, unknown>;
  assert.deepEqual(Object.keys(b).sort(), ['code', 'message'], `${what}: ${text}`);
  assert.equal(b.code, code, `${what}: ${text}`);
  assert.equal(typeof b.message, 'string', what);
  assert.doesNotMatch(text, STACK, what);
  assert.ok(status >= 400, what);
}

function assertAnswer(r: HttpAnswer, status: number, code: number, what: string): void {
  assert.equal(r.status, status, `${what}: ${r.text}`);
  assertTableError(r.body, r.text, r.headers.get('content-type'), r.status, code, what);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff', what);
  assert.equal(r.headers.get('cache-control'), 'no-store', what);
}

async function stillServing(): Promise<void> {
  const r = await ex.http('GET', '/v2/ping');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, {});
}

// --- path parameters longer than fastify's default maxParamLength (100) ---

test('an over-long symbol in the path gets the route answer for an unknown symbol', async () => {
  const short = await ex.http('GET', `/v2/symbols/${'A'.repeat(99)}`);
  assertAnswer(short, 400, 3000, 'symbol of 99 characters');
  for (const path of [
    `/v2/symbols/${'A'.repeat(200)}`,
    `/v2/symbols/${'A'.repeat(200)}/orders`,
    `/v2/symbols/${'A'.repeat(200)}/trades`,
    `/v2/symbols/${'A'.repeat(200)}/kline`,
    `/v2/symbols/${'A'.repeat(15_000)}`,
  ]) {
    const r = await ex.http('GET', path);
    assertAnswer(r, 400, 3000, `GET ${path.slice(0, 40)}… (${path.length})`);
    assert.deepEqual(r.body, short.body);
  }
  await stillServing();
});

test('an over-long entrust_id in the path gets the route answer for a bad id', async () => {
  const long = '1'.repeat(200);
  for (const method of ['GET', 'DELETE'] as const) {
    // Unauthenticated: 401 first, as for any bad id.
    const anon = await ex.http(method, `/v2/orders/${long}`);
    const anonShort = await ex.http(method, '/v2/orders/abc');
    assertAnswer(anon, 401, 2000, `${method} anonymous`);
    assert.deepEqual(anon.body, anonShort.body);
    // Authenticated: the route's 400 for an id that is not a positive integer of at most 15 digits.
    const r = await trader.request(method, `/v2/orders/${long}`);
    const sixteen = await trader.request(method, `/v2/orders/${'1'.repeat(16)}`);
    assertAnswer(r, 400, 1002, `${method} authenticated`);
    assert.deepEqual(r.body, sixteen.body);
    assert.deepEqual(r.body, { message: "Parameter 'entrust_id' must be a positive integer", code: 1002 });
  }
  // Another method on that path is still 405 with Allow.
  const put = await ex.http('PUT', `/v2/orders/${long}`);
  assertAnswer(put, 405, 1005, 'PUT');
  await stillServing();
});

test('a path parameter beyond even the router limit (only reachable through inject) is 400 INVALID_PARAMETER', async () => {
  const app = ex.app;
  const r = await app.inject({ method: 'GET', url: `/v2/symbols/${'A'.repeat(maxHeaderSize + 1)}` });
  assert.equal(r.statusCode, 400);
  assertTableError(r.json(), r.body, r.headers['content-type'] as string, r.statusCode, 1002, 'inject');
  assert.ok(r.body.length < 200, 'the parameter is not echoed');
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  await stillServing();
});

// --- malformed percent-encoding ---

test('malformed percent-encoding in the path is 400 BAD_REQUEST without echoing the URL', async () => {
  for (const [method, path] of [
    ['GET', '/v2/orders/%ZZ'],
    ['DELETE', '/v2/orders/%ZZ'],
    ['GET', '/v2/symbols/%ZZ'],
    ['GET', '/v2/symbols/%E0%A4%A/orders'],
    ['GET', '/v2/%ZZ'],
    ['GET', '/nope/%ZZsecret'],
  ] as const) {
    const r = await ex.http(method, path);
    assertAnswer(r, 400, 1000, `${method} ${path}`);
    assert.deepEqual(r.body, { message: 'Malformed URL: the path is not valid percent-encoded text', code: 1000 });
  }
  await stillServing();
});

// --- requests Node's HTTP parser refuses (raw sockets) ---

interface RawAnswer {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: unknown;
  readonly text: string;
  readonly raw: string;
}

function parseRaw(raw: string): RawAnswer {
  const end = raw.indexOf('\r\n\r\n');
  assert.ok(end > 0, `no header block in ${JSON.stringify(raw.slice(0, 200))}`);
  const [statusLine, ...lines] = raw.slice(0, end).split('\r\n');
  const m = /^HTTP\/1\.1 (\d{3}) /.exec(statusLine ?? '');
  assert.ok(m !== null, `status line: ${statusLine}`);
  const headers = new Map<string, string>();
  for (const line of lines) {
    const i = line.indexOf(':');
    headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  const text = raw.slice(end + 4);
  assert.equal(Number(headers.get('content-length')), Buffer.byteLength(text), 'content-length');
  return { status: Number(m[1]), headers, body: JSON.parse(text) as unknown, text, raw };
}

function port(): number {
  return Number(new URL(ex.baseUrl).port);
}

/** Send bytes on a fresh connection and read everything until the server closes it. */
function rawExchange(payload: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port(), '127.0.0.1', () => socket.write(payload));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // The server closes as soon as it has answered; a reset after the answer is fine.
      if (chunks.length > 0 && err.code === 'ECONNRESET') resolve(Buffer.concat(chunks).toString('utf8'));
      else reject(err);
    });
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function assertRawTableError(a: RawAnswer, status: number, code: number, what: string): void {
  assert.equal(a.status, status, `${what}: ${a.raw.slice(0, 300)}`);
  assertTableError(a.body, a.text, a.headers.get('content-type'), a.status, code, what);
  assert.equal(a.headers.get('connection'), 'close', what);
  assert.equal(a.headers.get('x-content-type-options'), 'nosniff', what);
}

test('an oversized URL is 431 HEADERS_TOO_LARGE in our format, and the server keeps serving', async () => {
  const a = parseRaw(await rawExchange(`GET /v2/ping?x=${'a'.repeat(maxHeaderSize + 100)} HTTP/1.1\r\nHost: localhost\r\n\r\n`));
  assertRawTableError(a, 431, 1010, 'oversized URL');
  assert.deepEqual(a.body, { message: 'Request line or header fields are too large', code: 1010 });
  await stillServing();
});

test('oversized headers are 431 HEADERS_TOO_LARGE in our format', async () => {
  const a = parseRaw(await rawExchange(`GET /v2/ping HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'b'.repeat(maxHeaderSize + 100)}\r\n\r\n`));
  assertRawTableError(a, 431, 1010, 'oversized header');
  await stillServing();
});

test('a malformed header line or request line is 400 BAD_REQUEST in our format', async () => {
  for (const [what, payload] of [
    ['header line without a colon', 'GET /v2/ping HTTP/1.1\r\nHost: localhost\r\nthis is not a header\r\n\r\n'],
    ['space before the colon', 'GET /v2/ping HTTP/1.1\r\nHost : localhost\r\n\r\n'],
    ['invalid method', 'G@T /v2/ping HTTP/1.1\r\nHost: localhost\r\n\r\n'],
    ['not HTTP at all', '\u0000\u0001\u0002 garbage\r\n\r\n'],
    ['bad content-length', 'POST /v2/authentication HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n'],
  ] as const) {
    const a = parseRaw(await rawExchange(payload));
    assertRawTableError(a, 400, 1000, what);
    assert.deepEqual(a.body, { message: 'Malformed HTTP request', code: 1000 }, what);
    await stillServing();
  }
});

test('a malformed request after an answered one on a keep-alive connection is still answered', async () => {
  const raw = await new Promise<string>((resolve, reject) => {
    let text = '';
    let sentSecond = false;
    const socket: Socket = connect(port(), '127.0.0.1', () => socket.write('GET /v2/ping HTTP/1.1\r\nHost: localhost\r\n\r\n'));
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => {
      text += c;
      // The first answer is complete ({} body): send the malformed second request.
      if (!sentSecond && text.endsWith('{}')) {
        sentSecond = true;
        socket.write('GET /v2/ping HTTP/1.1\r\nHost: localhost\r\nbroken header\r\n\r\n');
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' && sentSecond ? resolve(text) : reject(err)));
    socket.on('close', () => resolve(text));
  });
  const second = raw.indexOf('HTTP/1.1 400 ');
  assert.ok(raw.startsWith('HTTP/1.1 200 '), raw.slice(0, 100));
  assert.ok(second > 0, raw);
  assertRawTableError(parseRaw(raw.slice(second)), 400, 1000, 'second request');
  await stillServing();
});

test('a request timeout reported by Node is answered 408 REQUEST_TIMEOUT on that connection', async () => {
  // Node reports ERR_HTTP_REQUEST_TIMEOUT through 'clientError' when headers do not arrive within
  // headersTimeout; the same event is emitted here for a real connection instead of waiting for it.
  const app = ex.app;
  const serverSide = new Promise<Socket>((resolve) => app.server.once('connection', resolve));
  const chunks: Buffer[] = [];
  const client = connect(port(), '127.0.0.1', () => client.write('GET /v2/ping HTTP/1.1\r\nHost: loc'));
  client.on('data', (c: Buffer) => chunks.push(c));
  const closed = new Promise<void>((resolve) => {
    client.on('close', () => resolve());
    client.on('error', () => resolve());
  });
  const socket = await serverSide;
  const err = Object.assign(new Error('Request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' });
  app.server.emit('clientError', err, socket);
  await closed;
  const a = parseRaw(Buffer.concat(chunks).toString('utf8'));
  assertRawTableError(a, 408, 1009, 'timeout');
  await stillServing();
});

// --- the client error handler on its own ---

test('client error answers: status per parser code, JSON body from the table', () => {
  for (const [code, status, body] of [
    ['HPE_HEADER_OVERFLOW', 431, { message: 'Request line or header fields are too large', code: 1010 }],
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, { message: 'Request timeout: the request was not received in time', code: 1009 }],
    ['HPE_CHUNK_EXTENSIONS_OVERFLOW', 413, { message: 'Request body is too large', code: 1006 }],
    ['HPE_INVALID_HEADER_TOKEN', 400, { message: 'Malformed HTTP request', code: 1000 }],
    [undefined, 400, { message: 'Malformed HTTP request', code: 1000 }],
  ] as const) {
    const a = parseRaw(clientErrorAnswer(code));
    assert.equal(a.status, status, String(code));
    assert.deepEqual(a.body, body, String(code));
    assert.equal(a.headers.get('connection'), 'close');
    assert.equal(a.headers.get('content-type'), 'application/json; charset=utf-8');
  }
});

test('client error handler: writes then destroys; only destroys a socket it cannot answer on', () => {
  const self = { log: { debug: () => undefined } } as unknown as FastifyInstance;
  const fake = (over: Record<string, unknown>) => {
    const s = { destroyed: false, writable: true, written: [] as string[], destroyCalls: 0, ...over } as Record<string, unknown> & { written: string[]; destroyCalls: number };
    s.write = (t: string) => s.written.push(t);
    s.destroy = () => {
      s.destroyCalls++;
    };
    return s;
  };
  const err = (code: string) => Object.assign(new Error(code), { code, bytesParsed: 0, rawPacket: { type: 'Buffer', data: [] } }) as ConnectionError;
  const run = (s: ReturnType<typeof fake>, code: string) => clientErrorHandler.call(self, err(code), s as unknown as Socket);

  const ok = fake({});
  run(ok, 'HPE_INVALID_METHOD');
  assert.equal(ok.written.length, 1);
  assert.match(ok.written[0] ?? '', /^HTTP\/1\.1 400 /);
  assert.equal(ok.destroyCalls, 1);

  for (const [what, s, code] of [
    ['not writable', fake({ writable: false }), 'HPE_INVALID_METHOD'],
    ['destroyed', fake({ destroyed: true }), 'HPE_INVALID_METHOD'],
    ['reset', fake({}), 'ECONNRESET'],
    ['answer under way', fake({ _httpMessage: { headersSent: true } }), 'HPE_INVALID_METHOD'],
  ] as const) {
    run(s, code);
    assert.equal(s.written.length, 0, what);
    assert.equal(s.destroyCalls, 1, what);
  }
});
