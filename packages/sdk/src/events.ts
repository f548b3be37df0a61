/**
 * What the client reports to `options.logger`. Events never carry secrets,
 * tokens, signatures or request bodies.
 */

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export type ClientEvent =
  | { readonly type: 'request'; readonly method: HttpMethod; readonly path: string; readonly attempt: number }
  | {
      readonly type: 'response';
      readonly method: HttpMethod;
      readonly path: string;
      readonly attempt: number;
      readonly status: number;
      readonly durationMs: number;
    }
  | {
      readonly type: 'network-error';
      readonly method: HttpMethod;
      readonly path: string;
      readonly attempt: number;
      readonly durationMs: number;
      readonly timedOut: boolean;
      readonly message: string;
    }
  | {
      readonly type: 'retry';
      readonly method: HttpMethod;
      readonly path: string;
      /** The attempt that failed. */
      readonly attempt: number;
      readonly delayMs: number;
      /** `'429'`, `'5xx'` (the status) or `'network'`. */
      readonly reason: string;
    }
  | { readonly type: 'rate-limit-wait'; readonly method: HttpMethod; readonly path: string; readonly waitMs: number }
  | {
      readonly type: 'token';
      /** `loaded`: taken from the `tokenStore`; `store-failed`: a `tokenStore` method threw (ignored). */
      readonly action: 'requested' | 'obtained' | 'invalidated' | 'loaded' | 'store-failed';
      /** Seconds left (`obtained`, `loaded`). */
      readonly expiresIn?: number;
    }
  | { readonly type: 'reauthenticate'; readonly method: HttpMethod; readonly path: string; readonly reason: string }
  | { readonly type: 'clock-sync'; readonly offsetMs: number; readonly roundTripMs: number }
  | { readonly type: 'clock-sync-failed'; readonly message: string };

export type Logger = (event: ClientEvent) => void;
