/**
 * HTTP/1.1 pipelining over a raw socket: several requests in one write on
 * one connection, the answers read back in order (fetch cannot do this).
 */
import { connect } from 'node:net';

export interface RawAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** One raw HTTP/1.1 request's text. */
export function rawRequest(method: string, path: string, headers: Readonly<Record<string, string>>, body?: string): string {
  const lines = [`${method} ${path} HTTP/1.1`, 'host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  if (body !== undefined) lines.push('content-type: application/json', `content-length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body ?? ''}`;
}

export interface RawExchange {
  /** The answers read, in order. */
  readonly answers: RawAnswer[];
  /** The server closed the connection before answering every request. */
  readonly closed: boolean;
}

/**
 * Write every request in one write on one connection; resolve with the
 * answers in order, once every request is answered or the server has
 * closed the connection (`closed`). Rejects (instead of hanging the test)
 * if neither happens within `timeoutMs`.
 */
export function pipelinedUntilClose(baseUrl: string, requests: readonly string[], timeoutMs = 5_000): Promise<RawExchange> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let data = Buffer.alloc(0);
    const answers: RawAnswer[] = [];
    socket.setTimeout(timeoutMs, () => {
      socket.destroy(new Error(`no answer for ${timeoutMs} ms after ${answers.length} of ${requests.length} answers: ${JSON.stringify(answers)}`));
    });
    socket.on('error', reject);
    socket.on('close', () => {
      if (answers.length < requests.length) resolve({ answers, closed: true });
    });
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      for (;;) {
        const end = data.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = data.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (data.length < end + 4 + length) return;
        const text = data.subarray(end + 4, end + 4 + length).toString('utf8');
        answers.push({ status: Number(head.split(' ')[1]), body: text === '' ? undefined : JSON.parse(text) });
        data = data.subarray(end + 4 + length);
        if (answers.length === requests.length) {
          socket.setTimeout(0);
          socket.end();
          resolve({ answers, closed: false });
          return;
        }
      }
    });
    socket.write(requests.join(''));
  });
}

/** pipelinedUntilClose, but every request must be answered: rejects if the server closes the connection first. */
export async function pipelined(baseUrl: string, requests: readonly string[], timeoutMs = 5_000): Promise<RawAnswer[]> {
  const { answers, closed } = await pipelinedUntilClose(baseUrl, requests, timeoutMs);
  if (closed) throw new Error(`the connection closed after ${answers.length} of ${requests.length} answers: ${JSON.stringify(answers)}`);
  return answers;
}
