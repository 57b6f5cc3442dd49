/**
 * Errors of the TAXII 2.1 server. Each carries the HTTP status TAXII prescribes, and the route
 * answers it as a TAXII error object (`title`, `description`, `http_status`).
 */
import { defineError } from '../../core/errors.js';

/** A query parameter (`added_after`, `limit`, `next`, `match[...]`) is malformed or unknown. */
export const ERR_TAXII_BAD_QUERY = defineError<[string]>('SAKIMORI_ERR_TAXII_BAD_QUERY', 'bad TAXII query: %s', 400);
/** A `next` token is malformed, or was issued for other filter parameters. */
export const ERR_TAXII_BAD_NEXT = defineError<[string]>('SAKIMORI_ERR_TAXII_BAD_NEXT', 'bad TAXII next token: %s', 400);
/** No credentials, or credentials that do not authenticate. */
export const ERR_TAXII_UNAUTHORIZED = defineError<[]>('SAKIMORI_ERR_TAXII_UNAUTHORIZED', 'authentication required', 401);
/** The principal may not read (or write) this collection. */
export const ERR_TAXII_FORBIDDEN = defineError<[string, string]>('SAKIMORI_ERR_TAXII_FORBIDDEN', 'no %s access to collection %s', 403);
/** API root, collection, object or status resource unknown. */
export const ERR_TAXII_NOT_FOUND = defineError<[string]>('SAKIMORI_ERR_TAXII_NOT_FOUND', '%s not found', 404);
/** The Accept header names no TAXII 2.1 media type. */
export const ERR_TAXII_NOT_ACCEPTABLE = defineError<[string]>('SAKIMORI_ERR_TAXII_NOT_ACCEPTABLE', 'cannot answer with %s; accept application/taxii+json;version=2.1', 406);
/** A POST body is not `application/taxii+json;version=2.1`. */
export const ERR_TAXII_UNSUPPORTED_MEDIA_TYPE = defineError<[string]>('SAKIMORI_ERR_TAXII_UNSUPPORTED_MEDIA_TYPE', 'unsupported content type %s; send application/taxii+json;version=2.1', 415);
/** A POST body is too large for the API root's `max_content_length`. */
export const ERR_TAXII_TOO_LARGE = defineError<[number, number]>('SAKIMORI_ERR_TAXII_TOO_LARGE', 'body of %s bytes exceeds max_content_length %s', 413);
/** A POST body is not an envelope with an `objects` list. */
export const ERR_TAXII_UNPROCESSABLE = defineError<[string]>('SAKIMORI_ERR_TAXII_UNPROCESSABLE', 'cannot process the envelope: %s', 422);
/** Something failed inside the server; the cause goes to the log, never to the caller. */
export const ERR_TAXII_INTERNAL = defineError<[]>('SAKIMORI_ERR_TAXII_INTERNAL', 'the server could not answer', 500);
