/** One autocannon run, reduced to req/s and latency percentiles. */
import autocannon from 'autocannon';
import { cpuTimes } from '../lib/proc-cpu.js';

export interface LoadResult {
  readonly rps: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly errors: number;
  readonly non2xx: number;
  /** Server CPU per request, µs: all threads and the main thread (null when the pid is unknown or not on Linux). */
  readonly cpu_us_per_req: number | null;
  readonly main_cpu_us_per_req: number | null;
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
  /** The server process under load, to measure its CPU time. */
  readonly pid?: number;
  /** Requests per second in all (autocannon's overallRate); unset: as fast as the server answers. */
  readonly rate?: number;
}

export async function load(spec: LoadSpec): Promise<LoadResult> {
  const next = spec.next;
  const before = spec.pid === undefined ? null : cpuTimes(spec.pid);
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    method: spec.method ?? 'GET',
    headers: spec.headers,
    body: spec.body,
    requests: next === undefined ? undefined : [{ setupRequest: (req) => ({ ...req, ...next() }) }],
    ...(spec.rate === undefined ? {} : { overallRate: spec.rate }),
  });
  const after = spec.pid === undefined ? null : cpuTimes(spec.pid);
  const perReq = (ms: number | undefined): number | null =>
    ms === undefined || result.requests.total === 0 ? null : Math.round((ms * 1000) / result.requests.total);
  return {
    cpu_us_per_req: before === null || after === null ? null : perReq(after.totalMs - before.totalMs),
    main_cpu_us_per_req: before === null || after === null ? null : perReq(after.mainMs - before.mainMs),
    rps: result.requests.average,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}
