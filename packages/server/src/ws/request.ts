/**
 * Client messages: `{"subscribe":"ping"}`, `{"subscribe":"price"|"kline"|"order"|"trade", "symbol", "step"?, "precision"?}`
 * and `{"unsubscribe": …}` of the same shape. `step` and `precision` may be
 * JSON integers or digit strings; `depth` is accepted as an alias of `order`.
 */
import { FeedRequestError } from './errors.js';

export type SubscriptionName = 'price' | 'kline' | 'order' | 'trade';

export type FeedRequest =
  | { readonly kind: 'ping' }
  | {
      readonly kind: 'subscribe' | 'unsubscribe';
      readonly name: SubscriptionName;
      readonly symbol: string;
      readonly step: number | undefined;
      readonly precision: number | undefined;
    };

/** A Map, not an object literal: a name such as `constructor` must not find an inherited property. */
const NAMES: ReadonlyMap<string, SubscriptionName> = new Map([
  ['price', 'price'], ['kline', 'kline'], ['order', 'order'], ['depth', 'order'], ['trade', 'trade'],
]);
const CHOICES = 'one of ping, price, kline, order, trade';

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new FeedRequestError('BAD_REQUEST', 'Bad request: the message is not valid JSON');
  }
}

function optionalInt(obj: Readonly<Record<string, unknown>>, name: string): number | undefined {
  const v = obj[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^[0-9]{1,15}$/.test(v)) return Number(v);
  throw new FeedRequestError('INVALID_PARAMETER', `Parameter '${name}' must be an integer`);
}

export function readRequest(raw: unknown): FeedRequest {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new FeedRequestError('BAD_REQUEST', 'Bad request: the message must be a JSON object');
  }
  const obj = raw as Readonly<Record<string, unknown>>;
  const hasSub = obj.subscribe !== undefined;
  const hasUnsub = obj.unsubscribe !== undefined;
  if (hasSub && hasUnsub) throw new FeedRequestError('BAD_REQUEST', "Bad request: send either 'subscribe' or 'unsubscribe', not both");
  if (!hasSub && !hasUnsub) throw new FeedRequestError('MISSING_PARAMETER', "Required parameter 'subscribe' is not present");
  const kind = hasSub ? 'subscribe' : 'unsubscribe';
  const value = obj[kind];
  if (typeof value !== 'string') throw new FeedRequestError('INVALID_PARAMETER', `Parameter '${kind}' must be a string: ${CHOICES}`);
  const key = value.toLowerCase();
  if (key === 'ping') {
    if (kind === 'subscribe') return { kind: 'ping' };
    throw new FeedRequestError('INVALID_PARAMETER', "Cannot unsubscribe from 'ping': it is answered once, nothing stays subscribed");
  }
  const name = NAMES.get(key);
  if (name === undefined) throw new FeedRequestError('INVALID_PARAMETER', `Unknown subscription '${value}': ${CHOICES}`);
  const symbol = obj.symbol;
  if (symbol === undefined || symbol === null || symbol === '') throw new FeedRequestError('MISSING_PARAMETER', "Required parameter 'symbol' is not present");
  if (typeof symbol !== 'string') throw new FeedRequestError('INVALID_PARAMETER', "Parameter 'symbol' must be a string");
  // Parameters a subscription does not use are ignored, whatever they hold.
  const step = name === 'kline' ? optionalInt(obj, 'step') : undefined;
  const precision = name === 'order' || name === 'trade' ? optionalInt(obj, 'precision') : undefined;
  return { kind, name, symbol, step, precision };
}
