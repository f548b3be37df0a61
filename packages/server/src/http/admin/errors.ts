/**
 * The admin scope's error handler: ApiError -> its table entry, schema
 * validation -> INVALID_PARAMETER, anything else -> INTERNAL (logged, never
 * shown). Same body shape as the public API: {"message", "code"}.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ERRORS, type ErrorName } from '@openmart/protocol';
import type { Outcome } from '../../domain/index.js';
import { ApiError, apiError } from '../api-error.js';

export function adminErrorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof ApiError) {
    void reply.code(err.status).headers(err.headers).send({ message: err.message, code: err.code });
    return;
  }
  const fe = err as FastifyError;
  if (fe.validation !== undefined) {
    void reply.code(400).send({ message: `Invalid parameter: ${fe.message}`, code: ERRORS.INVALID_PARAMETER.code });
    return;
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    void reply.code(fe.statusCode).send({ message: fe.message, code: ERRORS.BAD_REQUEST.code });
    return;
  }
  req.log.error({ err }, 'admin request failed');
  void reply.code(500).send({ message: ERRORS.INTERNAL.message, code: ERRORS.INTERNAL.code });
}

/** Throw the engine's rejection as an ApiError; pass acceptances through. */
export function ensureAccepted(outcome: Outcome): void {
  if (!outcome.ok) throw apiError(outcome.code as ErrorName, outcome.message);
}
