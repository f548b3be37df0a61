/**
 * The one error path of the HTTP layer: every failure becomes
 * `{"message", "code"}` from the protocol error table with its status.
 * Nothing else leaks: no HTML, no stack, no internal detail; unexpected
 * errors are logged and answered with 500 INTERNAL.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERRORS, type ErrorBody, type ErrorName } from '@openmart/protocol';
import { ApiError } from './api-error.js';
import type { RouteIndex } from './route-index.js';
import { JSON_CONTENT_TYPE } from './schemas/common.js';

const FASTIFY_CODES: Readonly<Record<string, ErrorName>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_NOT_FOUND: 'ROUTE_NOT_FOUND',
};

function byStatus(status: number): ErrorName {
  switch (status) {
    case 404:
      return 'ROUTE_NOT_FOUND';
    case 405:
      return 'METHOD_NOT_ALLOWED';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'UNAVAILABLE';
    default:
      return 'BAD_REQUEST';
  }
}

/** Map any thrown value to an ApiError (logging the unexpected ones). */
export function toApiError(error: unknown, request: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error;
  const fe = error as Partial<FastifyError> & { validation?: unknown };
  if (fe.validation !== undefined) {
    return new ApiError('INVALID_PARAMETER', typeof fe.message === 'string' ? fe.message : undefined);
  }
  const mapped = typeof fe.code === 'string' ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped !== undefined) return new ApiError(mapped);
  if (error instanceof SyntaxError) return new ApiError('BAD_REQUEST', 'Request body is not valid JSON');
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if ((status >= 400 && status < 500) || status === 503) return new ApiError(byStatus(status));
  request.log.error({ err: error }, 'unexpected error');
  return new ApiError('INTERNAL');
}

export function sendError(reply: FastifyReply, err: ApiError): FastifyReply {
  const body: ErrorBody = { message: err.message, code: err.code };
  for (const [k, v] of Object.entries(err.headers)) void reply.header(k, v);
  return reply.status(err.status).type(JSON_CONTENT_TYPE).send(body);
}

export function installErrorHandling(app: FastifyInstance, routes: RouteIndex): void {
  app.setErrorHandler((error, request, reply) => sendError(reply, toApiError(error, request)));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = routes.allowed(path);
    if (allowed.length > 0) return sendError(reply, new ApiError('METHOD_NOT_ALLOWED', undefined, { allow: allowed.join(', ') }));
    const spec = ERRORS.ROUTE_NOT_FOUND;
    return reply.status(spec.status).type(JSON_CONTENT_TYPE).send({ message: spec.message, code: spec.code });
  });
}
