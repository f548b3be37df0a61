/**
 * The websocket feed on a real exchange (the HTTP test harness) and a small
 * `ws` client that queues what it receives.
 */
import { WebSocket, type ClientOptions } from 'ws';
import { startExchange, type TestExchange } from '../http/harness.js';
import { wsFeedPlugin, type WsFeed, type WsFeedOptions } from '../../src/ws/index.js';

/** 2026-01-01T00:00:00Z plus 10 s: trades of a test fall in one 1-minute bucket. */
export const T0 = 1_767_225_600_000 + 10_000;

export interface FeedExchange {
  readonly ex: TestExchange;
  readonly feed: WsFeed;
  /** ws://host:port/ws */
  readonly wsUrl: string;
  readonly origin: string;
}

/**
 * A harness exchange with the docs market and the feed (rate limit off
 * unless set). Its clock starts at T0, frozen unless `realTime` (then it runs
 * with the wall clock, so the feed's timers and the clock agree).
 */
export async function startFeedExchange(options: WsFeedOptions = {}, clock: { readonly realTime?: boolean } = {}): Promise<FeedExchange> {
  let ex: TestExchange | undefined;
  let feed: WsFeed | undefined;
  const deps = () => {
    if (ex === undefined) throw new Error('exchange not started');
    return { marketData: ex.marketData, clock: ex.clock };
  };
  ex = await startExchange({
    startTime: T0,
    realTime: clock.realTime ?? false,
    plugins: [wsFeedPlugin(deps, { rateLimit: false, ...options, onAttach: (f) => (feed = f) })],
  });
  await ex.seedDocsMarket();
  if (feed === undefined) throw new Error('feed not attached');
  const origin = ex.baseUrl.replace(/^http/, 'ws');
  return { ex, feed, wsUrl: `${origin}/ws`, origin };
}

export type Message = Record<string, unknown>;

export interface Closed {
  readonly code: number;
  readonly reason: string;
}

/** A feed client: every text message is kept, raw and parsed, in arrival order. */
export class TestSocket {
  readonly raw: string[] = [];
  private readonly queue: { text: string; msg: Message }[] = [];
  private wake: (() => void) | undefined;
  readonly closed: Promise<Closed>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = String(data);
      this.raw.push(text);
      this.queue.push({ text, msg: JSON.parse(text) as Message });
      this.wake?.();
    });
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
    ws.on('error', () => undefined);
  }

  static open(url: string, options: ClientOptions = {}): Promise<TestSocket> {
    const ws = new WebSocket(url, options);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new TestSocket(ws)));
      ws.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next message (raw text and parsed). */
  async nextRaw(timeoutMs = 3000): Promise<{ text: string; msg: Message }> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no message within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
    return this.queue.shift() as { text: string; msg: Message };
  }

  async next(timeoutMs?: number): Promise<Message> {
    return (await this.nextRaw(timeoutMs)).msg;
  }

  /** Send a ping and return every message received before its pong. */
  async drain(): Promise<Message[]> {
    this.send({ subscribe: 'ping' });
    const out: Message[] = [];
    for (;;) {
      const m = await this.next();
      if (m.subscribe === 'pong') return out;
      out.push(m);
    }
  }

  close(): void {
    this.ws.close();
  }
}

/** The HTTP status (and body) with which an upgrade was refused. */
export function refusedUpgrade(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const ws = new WebSocket(url);
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    ws.once('open', () => {
      ws.close();
      reject(new Error('the upgrade was accepted'));
    });
    ws.once('error', (err) => reject(err));
  });
}
