/**
 * The TAXII error message (§3.6.1) for an error: a short title, a description, the HTTP status
 * as text, and Sakimori's error code so a client can tell causes apart.
 */
import { SakimoriError } from '../../core/errors.js';
import { ERR_TAXII_INTERNAL } from './errors.js';

/** A TAXII error message body. */
export interface TaxiiErrorBody {
  readonly title: string;
  readonly description: string;
  readonly error_code: string;
  readonly http_status: string;
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  406: 'Not Acceptable',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
};

/**
 * The status and body to answer an error with. Errors other than Sakimori's own become a bare 500
 * whose description reveals nothing of the cause (it is for the log, not the caller).
 */
export function taxiiError(error: unknown): { status: number; body: TaxiiErrorBody } {
  const e = error instanceof SakimoriError ? error : new ERR_TAXII_INTERNAL();
  const status = e.statusCode;
  return { status, body: { title: TITLES[status] ?? 'Internal Server Error', description: e.message, error_code: e.code, http_status: String(status) } };
}
