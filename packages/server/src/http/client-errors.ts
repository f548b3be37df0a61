/**
 * Requests Node's HTTP parser refuses before fastify sees them (its
 * 'clientError' event), answered in the table's `{"message", "code"}`
 * instead of fastify's `{"error","message":"Client Error","statusCode"}`.
 * Passed to fastify as its `clientErrorHandler` option.
 *
 *   request line + headers over the parser's limit   431 HEADERS_TOO_LARGE
 *   headers not complete within headersTimeout       408 REQUEST_TIMEOUT
 *   chunk extensions over the parser's limit         413 PAYLOAD_TOO_LARGE
 *   anything else (malformed header line, method…)   400 BAD_REQUEST
 *
 * There is no request or reply object here: the answer is written to the
 * socket as is, with `Connection: close`, and the socket is destroyed (the
 * parser cannot go on after an error). When nothing can be written (the
 * socket is gone, or an answer on it has already begun) it is only
 * destroyed. The request's bytes are not logged (they may hold a token).
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyInstance } from 'fastify';
import { ERRORS, type ErrorBody, type ErrorName } from '@openmart/protocol';
import { JSON_CONTENT_TYPE } from './schemas/common.js';

function errorNameOf(code: string | undefined): ErrorName {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return 'HEADERS_TOO_LARGE';
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 'REQUEST_TIMEOUT';
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 'PAYLOAD_TOO_LARGE';
    default:
      return 'BAD_REQUEST';
  }
}

/** The whole HTTP answer (status line, headers, body) to a parser error code. */
export function clientErrorAnswer(code: string | undefined): string {
  const name = errorNameOf(code);
  const spec = ERRORS[name];
  const body: ErrorBody = { message: name === 'BAD_REQUEST' ? 'Malformed HTTP request' : spec.message, code: spec.code };
  const text = JSON.stringify(body);
  return (
    `HTTP/1.1 ${spec.status} ${STATUS_CODES[spec.status] ?? 'Error'}\r\n` +
    `Content-Type: ${JSON_CONTENT_TYPE}\r\n` +
    `Content-Length: ${Buffer.byteLength(text)}\r\n` +
    'Connection: close\r\n' +
    'X-Content-Type-Options: nosniff\r\n' +
    'Cache-Control: no-store\r\n' +
    `\r\n${text}`
  );
}

/** An answer already under way on this socket (Node's own check before it writes an error answer). */
function answerStarted(socket: Socket): boolean {
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  return inFlight?.headersSent === true;
}

export function clientErrorHandler(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  const code = typeof error.code === 'string' ? error.code : undefined;
  if (code !== 'ECONNRESET') this.log.debug({ code }, 'client error');
  if (code !== 'ECONNRESET' && !socket.destroyed && socket.writable && !answerStarted(socket)) {
    socket.write(clientErrorAnswer(code));
  }
  socket.destroy();
}
