/**
 * The console's HTTP client: JSON over `fetch` with the session cookie, the CSRF header on every
 * state-changing request, and the API's coded errors surfaced as {@link ApiError}. A 401 tells the
 * session layer that the sign-in has lapsed.
 */

/** An error answer of the API (`{code, message, details?}`), or a network failure (`status` 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The answer's `details` (an import's `problems`, for instance), when it has any. */
  readonly details: Readonly<Record<string, unknown>> | undefined;
  constructor(status: number, code: string, message: string, details?: Readonly<Record<string, unknown>>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Options of {@link api}. */
export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly body?: unknown;
  readonly query?: Readonly<Record<string, string | number | boolean | readonly string[] | undefined | null>>;
  readonly signal?: AbortSignal;
}

let csrfToken: string | null = null;
let onUnauthorised: () => void = () => undefined;

/** Sets the CSRF token sent with state-changing requests (from the session). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Sets what happens when the API answers 401 (the session ended). */
export function setUnauthorisedHandler(fn: () => void): void {
  onUnauthorised = fn;
}

/** The CSRF header name the API checks (see the API contract). */
export const CSRF_HEADER = 'x-csrf-token';

/** Builds `/api/v1<path>?query`. */
export function apiUrl(path: string, query?: RequestOptions['query']): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (Array.isArray(v)) for (const x of v) q.append(k, String(x));
    else if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return `/api/v1${path}${s === '' ? '' : `?${s}`}`;
}

/** Calls the API and returns the parsed JSON body; throws {@link ApiError}. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== null) headers[CSRF_HEADER] = csrfToken;
  let res: Response;
  try {
    res = await fetch(apiUrl(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
      ...(opts.signal === undefined ? {} : { signal: opts.signal }),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', 'The server cannot be reached.');
  }
  const text = await res.text();
  const body: unknown =
    text === ''
      ? null
      : (() => {
          try {
            return JSON.parse(text) as unknown;
          } catch {
            return text;
          }
        })();
  if (!res.ok) {
    const b = (typeof body === 'object' && body !== null ? body : {}) as { code?: unknown; message?: unknown; details?: unknown };
    const details = typeof b.details === 'object' && b.details !== null && !Array.isArray(b.details) ? (b.details as Record<string, unknown>) : undefined;
    const err = new ApiError(res.status, typeof b.code === 'string' ? b.code : `HTTP_${res.status}`, typeof b.message === 'string' ? b.message : res.statusText, details);
    // A 401 from sign-in or the session check is an answer, not a lapsed session.
    if (res.status === 401 && !path.startsWith('/auth/')) onUnauthorised();
    throw err;
  }
  return body as T;
}

/** Text of an error for people: the message and, for API errors, the stable code. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) return e.status === 0 ? e.message : `${e.message} (${e.code})`;
  return e instanceof Error ? e.message : String(e);
}
