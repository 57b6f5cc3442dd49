/**
 * Maps errors to HTTP answers: Sakimori errors keep their stable code and status; validation errors
 * become 400 with the offending path; anything else is a 500 that never leaks a stack trace.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { isSakimoriError } from '../core/errors.js';

/** Body of every error answer. */
export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Builds the Fastify error handler. */
export function errorHandler(logger: Logger) {
  return (err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): void => {
    if (isSakimoriError(err)) {
      const body: ErrorBody = err.details === undefined ? { code: err.code, message: err.message } : { code: err.code, message: err.message, details: err.details };
      void reply.status(err.statusCode).send(body);
      return;
    }
    const fe = err as FastifyError;
    if (fe.validation !== undefined) {
      void reply.status(400).send({ code: 'SAKIMORI_ERR_API_VALIDATION', message: `${fe.validationContext ?? 'request'}${fe.validation[0]?.instancePath ?? ''} ${fe.validation[0]?.message ?? 'is invalid'}` });
      return;
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      void reply.status(fe.statusCode).send({ code: fe.code?.startsWith('FST_') ? `SAKIMORI_ERR_API_${fe.code.slice(4)}` : 'SAKIMORI_ERR_API_BAD_REQUEST', message: fe.message });
      return;
    }
    logger.error({ err, url: req.url, method: req.method }, 'request failed');
    void reply.status(500).send({ code: 'SAKIMORI_ERR_INTERNAL', message: 'internal error' });
  };
}
