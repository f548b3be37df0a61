import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Histogram, Registry } from 'prom-client';
import { HTTP_LATENCY_BUCKETS, HttpRequestMetrics } from '../../src/app/http-request-metrics.js';

test('request counts by method, route and status; each scrape reports the totals, not twice', async () => {
  const registry = new Registry();
  const http = new HttpRequestMetrics(registry);
  const ticker = http.route('/v2/ticker');
  ticker.record('GET', 200, 0.0004);
  ticker.record('GET', 200, 0.002);
  ticker.record('GET', 400, 0.0001);
  http.route('unmatched').record('GET', 404, 0.0002);
  let text = await registry.metrics();
  assert.match(text, /^openmart_http_requests_total\{method="GET",route="\/v2\/ticker",status="200"\} 2$/m);
  assert.match(text, /^openmart_http_requests_total\{method="GET",route="\/v2\/ticker",status="400"\} 1$/m);
  assert.match(text, /^openmart_http_requests_total\{method="GET",route="unmatched",status="404"\} 1$/m);
  ticker.record('GET', 200, 0.03);
  text = await registry.metrics();
  assert.match(text, /^openmart_http_requests_total\{method="GET",route="\/v2\/ticker",status="200"\} 3$/m);
  assert.match(text, /^openmart_http_requests_total\{method="GET",route="\/v2\/ticker",status="400"\} 1$/m);
});

test('the latency histogram reads exactly as prom-client writes one, with the same observations', async () => {
  const ours = new Registry();
  const http = new HttpRequestMetrics(ours);
  const theirs = new Registry();
  const reference = new Histogram({
    name: 'openmart_http_request_duration_seconds',
    help: 'HTTP request latency by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [...HTTP_LATENCY_BUCKETS],
    registers: [theirs],
  });
  const samples: Array<[string, string, number]> = [
    ['GET', '/v2/ticker', 0.0004], ['GET', '/v2/ticker', 0.0005], ['GET', '/v2/ticker', 0.003], ['GET', '/v2/ticker', 7],
    ['POST', '/v2/orders', 0.002], ['GET', '/v2/orders', 0.0101],
  ];
  for (const [method, route, s] of samples) {
    http.route(route).record(method, 200, s);
    reference.observe({ method, route }, s);
  }
  const histogramOf = (text: string) => text.split('\n').filter((l) => l.includes('openmart_http_request_duration_seconds')).join('\n');
  assert.equal(histogramOf(await ours.metrics()), histogramOf(await theirs.metrics()));
  assert.deepEqual(
    (await ours.getMetricsAsJSON()).find((m) => m.name === 'openmart_http_request_duration_seconds')?.type,
    'histogram',
  );
  // resetMetrics() empties the histogram as it would prom-client's.
  ours.resetMetrics();
  theirs.resetMetrics();
  assert.doesNotMatch(await ours.metrics(), /openmart_http_request_duration_seconds_count/);
});
