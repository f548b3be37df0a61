/**
 * Arrival order on one connection. HTTP/1.1 lets a client pipeline
 * requests: write several on one connection without waiting for the
 * answers. Node emits them in the order of their bytes, but a request with
 * a body is read asynchronously (stream events) while a bodiless one
 * behind it can run to its handler at once, so a cancel-all pipelined
 * after a place would overtake it. The routes that take part (the order
 * operations, routes/orders.ts) are served in turns:
 *
 *   - `takeTurn` (a route-level onRequest hook) gives each request a turn on
 *     its socket. onRequest runs in the order of the bytes: Node emits
 *     'request' in parse order and fastify runs the onRequest hooks
 *     synchronously from it (route.js routeHandler), provided every
 *     onRequest hook before this one is synchronous (app.ts: the headers
 *     hook and the rate limit are);
 *   - `inTurn(handler)` runs the handler (after the body is read) at once
 *     when every earlier turn on the socket is done, else once they are;
 *   - `submittedInTurn` ends the turn right after the (synchronous)
 *     `sequencer.submit` call, before its promise is awaited;
 *   - `endTurnOnError` (a route-level onError hook) ends the turn of a
 *     request that fails, at whatever stage: body parsing, handler before
 *     its submit. Ending a turn twice is harmless.
 *
 * A turn is done when its request has ended it and every earlier turn is
 * done, so a request that fails early (even before the one ahead of it has
 * submitted) neither holds up nor lets anything overtake the others.
 *
 * A request whose answer closes the connection (fastify answers a body it
 * cannot parse with Connection: close) is the last one answered there: the
 * requests pipelined after it are never answered, so they are not applied
 * either (their handler fails instead of submitting).
 *
 * Cost when nothing is pipelined: a few WeakMap operations and one small
 * object per request, no promise, no listener, no hook on any other route;
 * nothing waits (and no promise is made) unless the previous turn on the
 * same socket is still open. A turn left open by a request
 * that never completes (its connection dropped mid-body) holds up nothing:
 * no request can follow it on that connection, and the per-socket state
 * goes with the socket.
 */
import type { FastifyReply, FastifyRequest, onErrorHookHandler, onRequestHookHandler } from 'fastify';
import { ApiError } from './api-error.js';

class Turn {
  /** The turn just before this one on the socket while it is not done (then null). */
  prev: Turn | null = null;
  /** The turn just after this one, while this one is not done. */
  next: Turn | null = null;
  /** Its request has submitted its command, or has failed. */
  released = false;
  /** Released, and every earlier turn on the socket done. */
  done = false;
  /** Its answer closes the connection. */
  closes = false;
  /** An earlier request's answer closed the connection: this one must not be applied. */
  cut = false;
  /** The handler waiting for this turn, if any. */
  resolve: (() => void) | null = null;
  reject: ((err: Error) => void) | null = null;
}

interface Line {
  /** The newest turn taken on the socket. */
  tail: Turn | null;
}

const lines = new WeakMap<object, Line>();
const turns = new WeakMap<FastifyRequest, Turn>();

function cutError(): ApiError {
  return new ApiError('BAD_REQUEST', 'Not applied: an earlier request on this connection was answered with Connection: close');
}

/** Route-level onRequest hook: the request takes the next turn on its socket. */
export const takeTurn: onRequestHookHandler = function takeTurn(request, _reply, done) {
  const socket = request.raw.socket;
  let line = lines.get(socket);
  if (line === undefined) {
    line = { tail: null };
    lines.set(socket, line);
  }
  const turn = new Turn();
  const tail = line.tail;
  if (tail !== null) {
    if (!tail.done) {
      turn.prev = tail;
      tail.next = turn;
    } else if (tail.closes || tail.cut) {
      turn.cut = true;
    }
  }
  line.tail = turn;
  turns.set(request, turn);
  done();
};

/** Mark `first` done, and every released turn after it; wake the first one still waiting. */
function finish(first: Turn): void {
  let t: Turn | null = first;
  while (t !== null) {
    t.done = true;
    const next: Turn | null = t.next;
    if (next === null) return;
    t.next = null;
    next.prev = null;
    if (t.closes || t.cut) next.cut = true;
    const { resolve, reject } = next;
    if (resolve !== null && reject !== null) {
      next.resolve = null;
      next.reject = null;
      if (next.cut) reject(cutError());
      else resolve();
    }
    t = next.released ? next : null;
  }
}

/** End the request's turn (idempotent); `closes`: its answer closes the connection. */
export function endTurn(request: FastifyRequest, closes = false): void {
  const turn = turns.get(request);
  if (turn === undefined || turn.released) return;
  turn.released = true;
  turn.closes = closes;
  if (turn.prev === null) finish(turn);
}

/**
 * `submitting` is the promise of a `sequencer.submit` call just made (the
 * command is applied): ends the request's turn before that promise is
 * awaited, and returns it. `submittedInTurn(request, sequencer.submit(draft))`.
 */
export function submittedInTurn<T>(request: FastifyRequest, submitting: Promise<T>): Promise<T> {
  endTurn(request);
  return submitting;
}

/** Route-level onError hook: a request that fails ends its turn (if its submit has not already). */
export const endTurnOnError: onErrorHookHandler = function endTurnOnError(request, reply: FastifyReply, _error, done) {
  endTurn(request, reply.getHeader('connection') === 'close');
  done();
};

/**
 * undefined when the request may go on now (every earlier turn on its
 * socket is done); otherwise a promise that resolves when they are, or
 * rejects when an earlier answer closed the connection.
 */
function turnReady(request: FastifyRequest): Promise<void> | undefined {
  const turn = turns.get(request);
  if (turn === undefined || turn.released) return undefined;
  if (turn.prev === null) return turn.cut ? Promise.reject(cutError()) : undefined;
  return new Promise<void>((resolve, reject) => {
    turn.resolve = resolve;
    turn.reject = reject;
  });
}

/** The route handler, run once the request's turn has come (at once in the common case: no promise added). */
export function inTurn<T>(handler: (request: FastifyRequest) => Promise<T>): (request: FastifyRequest) => Promise<T> {
  return function handlerInTurn(request) {
    const wait = turnReady(request);
    return wait === undefined ? handler(request) : wait.then(() => handler(request));
  };
}

/** Route options of a route served in turns on its connection. */
export const IN_TURN = { onRequest: takeTurn, onError: endTurnOnError } as const;
