/** One autocannon run, reduced to req/s and latency percentiles. */
import autocannon from 'autocannon';

export interface LoadResult {
  readonly rps: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly errors: number;
  readonly non2xx: number;
}

export interface LoadSpec {
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  readonly connections: number;
  readonly seconds: number;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  /** Per-request hook (signing); returns the headers and body of the next request. */
  readonly next?: () => { headers: Record<string, string>; body: string };
}

export async function load(spec: LoadSpec): Promise<LoadResult> {
  const next = spec.next;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    method: spec.method ?? 'GET',
    headers: spec.headers,
    body: spec.body,
    requests: next === undefined ? undefined : [{ setupRequest: (req) => ({ ...req, ...next() }) }],
  });
  return {
    rps: result.requests.average,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}
