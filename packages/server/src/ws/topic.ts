/** What one subscription follows, and its key (equal specs share one serialized push). */

export type Topic =
  | { readonly channel: 'price'; readonly symbol: string }
  | { readonly channel: 'kline'; readonly symbol: string; readonly step: number }
  | { readonly channel: 'depth'; readonly symbol: string; readonly precision: number }
  | { readonly channel: 'trade'; readonly symbol: string; readonly precision: number };

export type Channel = Topic['channel'];

export function topicKey(t: Topic): string {
  switch (t.channel) {
    case 'price':
      return `price|${t.symbol}`;
    case 'kline':
      return `kline|${t.symbol}|${t.step}`;
    case 'depth':
      return `depth|${t.symbol}|${t.precision}`;
    case 'trade':
      return `trade|${t.symbol}|${t.precision}`;
    default: {
      const never: never = t;
      return never;
    }
  }
}
