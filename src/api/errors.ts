/**
 * Maps errors to HTTP answers: Sakimori errors keep their stable code and status; validation errors
 * become 400 naming the offending path; Fastify's own refusals (body too large, bad JSON, wrong
 * content type) get Sakimori codes; anything else is a 500 that never leaks a stack trace or the
 * message of an unexpected error (which could carry someone else's data).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { defineError, isSakimoriError, type SakimoriErrorClass } from '../core/errors.js';

/** Body of every error answer. */
export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A request part does not match its schema (unknown field, wrong type, out of range). */
export const ERR_API_VALIDATION = defineError<[string]>('SAKIMORI_ERR_API_VALIDATION', '%s', 400);
/** The body is larger than `api.bodyLimitBytes`. */
export const ERR_API_BODY_TOO_LARGE = defineError<[]>('SAKIMORI_ERR_API_BODY_TOO_LARGE', 'request body too large', 413);
/** The body is not valid JSON. */
export const ERR_API_INVALID_JSON = defineError<[]>('SAKIMORI_ERR_API_INVALID_JSON', 'request body is not valid JSON', 400);
/** The body's content type is not accepted (send `application/json`). */
export const ERR_API_UNSUPPORTED_MEDIA_TYPE = defineError<[]>('SAKIMORI_ERR_API_UNSUPPORTED_MEDIA_TYPE', 'unsupported content type; send application/json', 415);
/** No such route. */
export const ERR_API_NOT_FOUND = defineError<[string]>('SAKIMORI_ERR_API_NOT_FOUND', 'no route %s', 404);
/** A `cursor` the list did not hand out, or whose item is gone: start again without one. */
export const ERR_API_BAD_CURSOR = defineError<[string]>('SAKIMORI_ERR_API_BAD_CURSOR', 'cursor %s is not one this list handed out, or its row is gone; start again without a cursor', 400);
/** Any other malformed request. */
export const ERR_API_BAD_REQUEST = defineError<[]>('SAKIMORI_ERR_API_BAD_REQUEST', 'malformed request', 400);
/** An unexpected failure; details are in the server log, never in the answer. */
export const ERR_INTERNAL = defineError<[]>('SAKIMORI_ERR_INTERNAL', 'internal error', 500);

const FASTIFY_CODES: Readonly<Record<string, SakimoriErrorClass<[]>>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ERR_API_BODY_TOO_LARGE,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ERR_API_UNSUPPORTED_MEDIA_TYPE,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ERR_API_BAD_REQUEST,
  FST_ERR_CTP_EMPTY_JSON_BODY: ERR_API_INVALID_JSON,
  FST_ERR_CTP_INVALID_JSON_BODY: ERR_API_INVALID_JSON,
};

function send(reply: FastifyReply, status: number, body: ErrorBody): void {
  void reply.status(status).type('application/json; charset=utf-8').send(body);
}

/** `body/foo/bar` from a validation error's context and instance path (and the missing or extra property). */
function validationPath(fe: FastifyError): string {
  const v = fe.validation?.[0];
  const params = (v?.params ?? {}) as { additionalProperty?: string; missingProperty?: string };
  const extra = params.additionalProperty ?? params.missingProperty;
  return `${fe.validationContext ?? 'request'}${v?.instancePath ?? ''}${extra === undefined ? '' : `/${extra}`}`;
}

/** Builds the Fastify error handler. */
export function errorHandler(logger: Logger) {
  return (err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): void => {
    if (isSakimoriError(err)) {
      const retry = err.details?.['retryAfterSeconds'];
      if (typeof retry === 'number') void reply.header('retry-after', String(retry));
      send(reply, err.statusCode, err.details === undefined ? { code: err.code, message: err.message } : { code: err.code, message: err.message, details: err.details });
      return;
    }
    const fe = err as FastifyError;
    if (fe.validation !== undefined) {
      const path = validationPath(fe);
      const message = `${fe.validationContext ?? 'request'}${fe.validation[0]?.instancePath ?? ''} ${fe.validation[0]?.message ?? 'is invalid'}`;
      send(reply, 400, { code: ERR_API_VALIDATION.code, message, details: { path } });
      return;
    }
    const mapped = fe.code === undefined ? undefined : FASTIFY_CODES[fe.code];
    if (mapped !== undefined) {
      const e = new mapped();
      send(reply, e.statusCode, { code: e.code, message: e.message });
      return;
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      send(reply, fe.statusCode, { code: ERR_API_BAD_REQUEST.code, message: ERR_API_BAD_REQUEST.template });
      return;
    }
    logger.error({ err, url: req.routeOptions.url ?? 'unknown', method: req.method }, 'request failed');
    send(reply, 500, { code: ERR_INTERNAL.code, message: ERR_INTERNAL.template });
  };
}
