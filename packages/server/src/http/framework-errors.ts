/**
 * Errors the router raises before any route, hook or error handler runs,
 * answered in the table's `{"message", "code"}` like every other error
 * (fastify's own answer has a string code, `error`/`statusCode` keys and
 * echoes the URL). Passed to fastify as its `frameworkErrors` option.
 *
 * - FST_ERR_BAD_URL (a path with malformed percent-encoding such as `%ZZ`):
 *   400 BAD_REQUEST; the URL is not echoed.
 * - FST_ERR_MAX_PARAM_LENGTH: the router's limit is set (ROUTER_MAX_PARAM_LENGTH)
 *   above anything the HTTP parser lets through, so an over-long path
 *   parameter reaches its route and gets the route's own answer, as a long
 *   query value does (`/v2/symbols/<200 chars>` is 400 UNKNOWN_SYMBOL). A
 *   request that still exceeds it (only through inject(), or a server with a
 *   larger header limit than the router's) gets 400 INVALID_PARAMETER.
 * - anything else (FST_ERR_ASYNC_CONSTRAINT: no route uses constraints)
 *   goes through the error handler's mapping: 500 INTERNAL, logged.
 *
 * No onRequest hook has run for these requests, so the headers every answer
 * carries are set here.
 */
import { maxHeaderSize } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';
import { sendError, toApiError } from './error-handler.js';

/**
 * The router's maxParamLength (fastify's default is 100): the HTTP parser's
 * limit on the request line and headers, so that no path parameter it lets
 * through is refused by the router.
 */
export const ROUTER_MAX_PARAM_LENGTH = maxHeaderSize;

function toFrameworkApiError(error: FastifyError, request: FastifyRequest): ApiError {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return new ApiError('BAD_REQUEST', 'Malformed URL: the path is not valid percent-encoded text');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ApiError('INVALID_PARAMETER', `Path parameter is too long (at most ${ROUTER_MAX_PARAM_LENGTH} characters)`);
    default:
      return toApiError(error, request);
  }
}

export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('x-content-type-options', 'nosniff');
  void reply.header('cache-control', 'no-store');
  void sendError(reply, toFrameworkApiError(error, request));
}
