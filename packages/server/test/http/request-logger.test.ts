import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { lazyRequestLogger } from '../../src/http/request-logger.js';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level }, stream);
  let children = 0;
  const child = logger.child;
  // pino children inherit from their parent: `this` is whichever logger child() is called on.
  logger.child = function (this: typeof logger, ...args: Parameters<typeof child>) {
    children++;
    return child.apply(this, args);
  } as typeof logger.child;
  return { logger, lines, children: () => children };
}

const flush = () => new Promise((r) => setImmediate(r));

test('the request child is made only when a level the parent has enabled is used, with the request bindings', async () => {
  const { logger, lines, children } = capture('warn');
  const log = lazyRequestLogger(logger, { reqId: 'req-1' }, {});
  log.info('incoming request');
  log.debug({ a: 1 }, 'detail');
  assert.equal(children(), 0, 'nothing logged, no child');
  assert.equal(log.level, 'warn');
  log.warn({ err: 'x' }, 'slow %s', 'disk');
  log.error('broken');
  await flush();
  assert.equal(children(), 1, 'one child, reused');
  assert.deepEqual(lines.map((l) => [l.level, l.reqId, l.msg]), [[40, 'req-1', 'slow disk'], [50, 'req-1', 'broken']]);
  assert.equal(lines[0]?.err, 'x');
});

test('at info every level from info up goes out through the child; silent stays silent', async () => {
  const { logger, lines } = capture('info');
  const log = lazyRequestLogger(logger, { reqId: 'req-2' }, {});
  log.trace('no');
  log.info('yes');
  log.silent('no');
  log.child({ extra: true }).info('grandchild');
  await flush();
  assert.deepEqual(lines.map((l) => [l.reqId, l.msg, l.extra]), [['req-2', 'yes', undefined], ['req-2', 'grandchild', true]]);
});

test('a child with its own level is made at once, as fastify would', async () => {
  const { logger, lines, children } = capture('warn');
  const log = lazyRequestLogger(logger, { reqId: 'req-3' }, { level: 'debug' });
  assert.equal(children(), 1);
  log.debug('route at debug');
  await flush();
  assert.deepEqual(lines.map((l) => l.msg), ['route at debug']);
});
