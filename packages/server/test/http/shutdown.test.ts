import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { httpRequest, startExchange } from './harness.js';

test('requests arriving while the server closes get 503 UNAVAILABLE from the table', async () => {
  let answer: { status: number; body: unknown } | undefined;
  let baseUrl = '';
  const probe = async (app: FastifyInstance) => {
    app.addHook('preClose', async () => {
      const r = await httpRequest(baseUrl, 'GET', '/v2/ping');
      answer = { status: r.status, body: r.body };
    });
  };
  const ex = await startExchange({ plugins: [probe] });
  baseUrl = ex.baseUrl;
  await ex.close();
  assert.equal(answer?.status, 503);
  assert.deepEqual(answer?.body, { message: 'Service unavailable: shutting down', code: 5001 });
});
