/**
 * One websocket connection: its subscriptions, the rule that it must hold
 * at least one (else it is closed after subscribeTimeoutMs), its inbound
 * message rate, the slow-consumer check before each send, and the
 * heartbeat state.
 */
import { WebSocket, type RawData } from 'ws';
import { errorAnswer, FeedRequestError } from './errors.js';
import type { Hub, Subscriber } from './hub.js';
import type { ResolvedWsFeedOptions } from './options.js';
import { parseJson, readRequest, type FeedRequest } from './request.js';
import { resolveTopic } from './resolve.js';
import type { FeedSource } from './source.js';
import { topicKey, type Topic } from './topic.js';
import type { Pong, UnsubscribeAck } from './wire.js';

/** Close codes (RFC 6455): policy violation, going away. 1009 (too big) is sent by `ws` itself. */
export const CLOSE_POLICY = 1008;
export const CLOSE_GOING_AWAY = 1001;

const PONG = JSON.stringify({ subscribe: 'pong' } satisfies Pong);

type ClientOptions = Pick<
  ResolvedWsFeedOptions,
  'subscribeTimeoutMs' | 'maxSubscriptions' | 'maxMessagesPerSecond' | 'maxBufferedBytes' | 'closeGraceMs' | 'onError'
>;

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

export class FeedClient implements Subscriber {
  private readonly subs = new Map<string, Topic>();
  private idleTimer: NodeJS.Timeout | undefined;
  private killTimer: NodeJS.Timeout | undefined;
  private alive = true;
  private closing = false;
  private windowStart = 0;
  private windowCount = 0;
  /** Resolves when the connection is closed (and its subscriptions removed). */
  readonly closed: Promise<void>;

  constructor(
    private readonly ws: WebSocket,
    readonly ip: string,
    private readonly hub: Hub,
    private readonly source: FeedSource,
    private readonly options: ClientOptions,
  ) {
    this.closed = new Promise((resolve) => {
      ws.once('close', () => {
        this.cleanup();
        resolve();
      });
    });
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('pong', () => {
      this.alive = true;
    });
    // Protocol errors (bad frames, a message over maxPayload): `ws` closes the connection itself.
    ws.on('error', () => undefined);
    this.armIdle();
  }

  get subscriptions(): number {
    return this.subs.size;
  }

  deliver(text: string): void {
    if (this.closing || this.ws.readyState !== WebSocket.OPEN) return;
    if (this.ws.bufferedAmount > this.options.maxBufferedBytes) {
      this.close(CLOSE_POLICY, `slow consumer: over ${this.options.maxBufferedBytes} bytes unsent`);
      return;
    }
    this.ws.send(text);
  }

  /** Start the close handshake; the socket is cut if the peer does not answer within closeGraceMs. */
  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.clearIdle();
    this.ws.close(code, reason);
    this.killTimer = setTimeout(() => this.ws.terminate(), this.options.closeGraceMs);
    this.killTimer.unref();
  }

  /** One heartbeat tick: drop the peer if it did not answer the previous ping. */
  heartbeat(): void {
    if (!this.alive) {
      this.ws.terminate();
      return;
    }
    this.alive = false;
    if (this.ws.readyState === WebSocket.OPEN) this.ws.ping();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closing) return;
    if (!this.countMessage()) {
      this.close(CLOSE_POLICY, `too many messages: at most ${this.options.maxMessagesPerSecond} per second`);
      return;
    }
    let raw: unknown;
    try {
      if (isBinary) throw new FeedRequestError('BAD_REQUEST', 'Bad request: binary messages are not supported, send JSON text');
      raw = parseJson(textOf(data));
      this.handle(readRequest(raw));
    } catch (err) {
      if (err instanceof FeedRequestError) {
        this.reply(errorAnswer(err, raw));
      } else {
        this.options.onError(err, 'handling a client message');
        this.reply(errorAnswer(new FeedRequestError('INTERNAL'), raw));
      }
    }
  }

  private handle(req: FeedRequest): void {
    if (req.kind === 'ping') {
      this.deliver(PONG);
      return;
    }
    const topic = resolveTopic(this.source, req);
    const key = topicKey(topic);
    if (req.kind === 'subscribe') {
      if (!this.subs.has(key) && this.subs.size >= this.options.maxSubscriptions) {
        throw new FeedRequestError('RATE_LIMITED', `Too many subscriptions: at most ${this.options.maxSubscriptions} per connection`);
      }
      const snapshot = this.hub.subscribe(this, topic);
      this.subs.set(key, topic);
      this.clearIdle();
      this.deliver(snapshot);
      return;
    }
    if (!this.subs.has(key)) throw new FeedRequestError('BAD_REQUEST', 'Not subscribed');
    this.hub.unsubscribe(this, topic);
    this.subs.delete(key);
    this.reply(ackOf(req.name, topic));
    if (this.subs.size === 0) this.armIdle();
  }

  private reply(message: object): void {
    this.deliver(JSON.stringify(message));
  }

  /** Count one inbound message; false when over the per-second limit. */
  private countMessage(): boolean {
    const now = performance.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    this.windowCount += 1;
    return this.windowCount <= this.options.maxMessagesPerSecond;
  }

  private armIdle(): void {
    this.clearIdle();
    const ms = this.options.subscribeTimeoutMs;
    this.idleTimer = setTimeout(() => this.close(CLOSE_POLICY, `no subscription within ${ms} ms`), ms);
    this.idleTimer.unref();
  }

  private clearIdle(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private cleanup(): void {
    this.closing = true;
    this.clearIdle();
    if (this.killTimer !== undefined) clearTimeout(this.killTimer);
    for (const topic of this.subs.values()) this.hub.unsubscribe(this, topic);
    this.subs.clear();
  }
}

function ackOf(name: UnsubscribeAck['unsubscribe'], topic: Topic): UnsubscribeAck {
  switch (topic.channel) {
    case 'price':
      return { unsubscribe: name, symbol: topic.symbol };
    case 'kline':
      return { unsubscribe: name, symbol: topic.symbol, step: topic.step };
    case 'depth':
    case 'trade':
      return { unsubscribe: name, symbol: topic.symbol, precision: topic.precision };
    default: {
      const never: never = topic;
      return never;
    }
  }
}
