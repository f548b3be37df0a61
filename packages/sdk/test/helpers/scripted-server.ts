/**
 * A tiny HTTP server (node:http on 127.0.0.1, port 0) for the behaviours
 * that need exact control: clock skew, 429 with Retry-After, 401 then
 * success, token expiry, slow answers and dropped connections. It is not a
 * model of the exchange: each test scripts the answers it needs. The real
 * server is exercised by a separate suite (see the README, "Testing").
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface Reply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** Sent as JSON. */
  readonly json?: unknown;
  /** Sent verbatim (wins over `json`). */
  readonly raw?: string;
  /** Wait this long before answering. */
  readonly delayMs?: number;
  /** Drop the connection without answering. */
  readonly destroy?: boolean;
}

export type Handler = (req: RecordedRequest) => Reply | Promise<Reply>;

export interface ScriptedServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Requests with this method and path. */
  count(method: string, path: string): number;
  close(): Promise<void>;
}

export async function startScriptedServer(handler: Handler): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      const rec: RecordedRequest = {
        method: req.method ?? 'GET',
        path: u.pathname,
        query: u.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(rec);
      void (async () => {
        let reply: Reply;
        try {
          reply = await handler(rec);
        } catch (err) {
          reply = { status: 500, json: { message: `test handler failed: ${String(err)}`, code: 5000 } };
        }
        if (reply.delayMs !== undefined) await new Promise((r) => setTimeout(r, reply.delayMs));
        if (reply.destroy === true) {
          req.socket.destroy();
          return;
        }
        if (res.destroyed) return;
        const text = reply.raw ?? (reply.json === undefined ? '{}' : JSON.stringify(reply.json));
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(text);
      })();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (method, path) => requests.filter((r) => r.method === method && r.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Routes keyed `'METHOD /path'`; anything else answers 404 like the contract. */
export function routes(table: Record<string, Handler>): Handler {
  return (req) => {
    const h = table[`${req.method} ${req.path}`];
    if (h === undefined) return { status: 404, json: { message: 'Not found', code: 1004 } };
    return h(req);
  };
}

/** A token endpoint that issues `tok-1`, `tok-2`… and counts them. */
export function tokenIssuer(expiresIn = 900): ((req?: RecordedRequest) => Reply) & { issued: () => number } {
  let n = 0;
  const issue = (): Reply => {
    n += 1;
    return { json: { access_token: `tok-${n}`, expires_in: expiresIn } };
  };
  return Object.assign(issue, { issued: () => n });
}

/** `GET /v2/time` answering the given clock. */
export function timeRoute(serverNow: () => number = () => Date.now()): Handler {
  return () => ({ json: { server_time: serverNow() } });
}
