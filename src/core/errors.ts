/**
 * Errors as values with stable codes, in the manner of Fastify's `FST_ERR_*`.
 *
 * Every module declares its errors once with {@link defineError}; the code never changes once
 * released, the message is a template filled from arguments, and `statusCode` is what the HTTP API
 * answers with. Causes are chained through the standard `cause` option.
 *
 * @example
 * ```ts
 * export const ERR_SELF_VOTE = defineError('SAKIMORI_ERR_APPROVAL_SELF_VOTE', 'user %s requested this action and may not vote on it', 403);
 * throw new ERR_SELF_VOTE('alice');
 * ```
 */

/** Base class of every error Sakimori raises on purpose. */
export class SakimoriError extends Error {
  /** Stable machine-readable code, e.g. `SAKIMORI_ERR_CONFIG_INVALID`. */
  readonly code: string;
  /** HTTP status the API answers with. */
  readonly statusCode: number;
  /** Structured details safe to show to the caller (never stack traces or other users' data). */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, message: string, statusCode: number, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SakimoriError';
    this.code = code;
    this.statusCode = statusCode;
    this.details = options?.details === undefined ? undefined : Object.freeze({ ...options.details });
  }
}

/** Constructor produced by {@link defineError}; carries its code for docs and tests. */
export interface SakimoriErrorClass<Args extends unknown[]> {
  new (...args: [...Args] | [...Args, ErrorOptions & { details?: Record<string, unknown> }]): SakimoriError;
  readonly code: string;
  readonly statusCode: number;
  readonly template: string;
}

const registry = new Map<string, SakimoriErrorClass<unknown[]>>();

function format(template: string, args: readonly unknown[]): string {
  let i = 0;
  return template.replace(/%[sd]/g, () => {
    const v = args[i++];
    return v === undefined ? '' : String(v);
  });
}

/**
 * Declares an error with a stable code, a message template (`%s` placeholders) and an HTTP status.
 * A trailing options argument `{ cause, details }` may follow the template arguments.
 */
export function defineError<Args extends unknown[] = string[]>(code: string, template: string, statusCode = 500): SakimoriErrorClass<Args> {
  if (!/^SAKIMORI_ERR_[A-Z0-9_]+$/.test(code)) throw new Error(`invalid error code ${code}`);
  if (registry.has(code)) throw new Error(`error code ${code} defined twice`);
  const placeholders = (template.match(/%[sd]/g) ?? []).length;
  const cls = class extends SakimoriError {
    static readonly code = code;
    static readonly statusCode = statusCode;
    static readonly template = template;
    constructor(...args: unknown[]) {
      let options: (ErrorOptions & { details?: Record<string, unknown> }) | undefined;
      if (args.length > placeholders) {
        const last = args[args.length - 1];
        if (typeof last === 'object' && last !== null) {
          options = last as ErrorOptions & { details?: Record<string, unknown> };
          args = args.slice(0, -1);
        }
      }
      super(code, format(template, args), statusCode, options);
    }
  };
  Object.defineProperty(cls, 'name', { value: code });
  registry.set(code, cls as unknown as SakimoriErrorClass<unknown[]>);
  return cls as unknown as SakimoriErrorClass<Args>;
}

/** All error classes defined so far, for documentation and the code/doc consistency test. */
export function definedErrors(): ReadonlyMap<string, SakimoriErrorClass<unknown[]>> {
  return registry;
}

/** True when `e` is a {@link SakimoriError} with the given code (or any code when omitted). */
export function isSakimoriError(e: unknown, code?: string): e is SakimoriError {
  return e instanceof SakimoriError && (code === undefined || e.code === code);
}
