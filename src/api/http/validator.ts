/**
 * Request validation with TypeBox's compiled checks. Path parameters, query strings and headers
 * are strings on the wire, so they are converted to the schema's types (and defaults filled in)
 * before the check; bodies are JSON and are checked exactly as sent: no coercion (`"true"` is not a
 * boolean, `null` not 0) and no unknown field dropped — an unknown field is refused with its path.
 *
 * Before any of that, control characters are refused at the edge on every route, on both storage
 * engines alike ({@link checkControlCharacters}): NUL in any header, query parameter, path
 * parameter or body string (PostgreSQL cannot store it in text and answered 500), any C0/C1
 * control character in query and path parameters, and any but tab, line feed and carriage return
 * in bodies (free text keeps its lines; the services narrow further, e.g. `checkText`).
 */
import type { FastifyRequest, FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import Value from 'typebox/value';
import { defineError } from '../../core/errors.js';

/** A request carries a control character where none makes sense (NUL anywhere). */
export const ERR_API_CONTROL_CHARACTER = defineError<[string]>(
  'SAKIMORI_ERR_API_CONTROL_CHARACTER',
  'control character in %s (NUL is refused everywhere; tab, line feed and carriage return only in body text)',
  400,
);

/** One validation error as Fastify hands it to the error handler. */
export interface ValidationIssue {
  readonly keyword: string;
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly params: Record<string, unknown>;
  readonly message: string;
}

/** The most telling error: the deepest path, and a named unknown field over "schema is false". */
function best(errors: readonly ValidationIssue[]): ValidationIssue {
  const ranked = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length);
  return ranked.find((e) => e.keyword === 'additionalProperties') ?? ranked.find((e) => e.keyword !== 'boolean') ?? ranked[0]!;
}

/** The validator compiler installed on the server. */
export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema);
  const convert = httpPart !== 'body';
  return (input: unknown) => {
    const value = convert ? Value.Default(schema, Value.Convert(schema, structuredClone(input))) : input;
    if (check.Check(value)) return { value };
    const e = best([...check.Errors(value)] as ValidationIssue[]);
    // Name the unknown or missing field, so the answer says `body/foo`, not just `body`.
    const extra = (e.params['additionalProperties'] as string[] | undefined)?.[0];
    const missing = (e.params['requiredProperties'] as string[] | undefined)?.[0];
    const issue =
      extra !== undefined
        ? { ...e, params: { additionalProperty: extra }, message: `must NOT have additional property ${JSON.stringify(extra)}` }
        : missing !== undefined
          ? { ...e, params: { missingProperty: missing }, message: `must have required property ${JSON.stringify(missing)}` }
          : e;
    return { error: [issue] as never };
  };
};

// eslint-disable-next-line no-control-regex
const NUL = /\u0000/;
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const BODY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * The path (`body/evidence/0/ref`) of the first string in `value` — keys included — that
 * `refused` matches, or undefined. Walks with an explicit stack: a deeply nested body cannot
 * exhaust the call stack.
 */
export function controlCharacterPath(value: unknown, refused: RegExp, root: string): string | undefined {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (refused.test(v)) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}/${i}`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        if (refused.test(k)) return `${path}/(a key)`;
        stack.push([item, `${path}/${k}`]);
      }
    }
  }
  return undefined;
}

/** Where the request's headers, query string or path parameters hold a refused control character, or undefined. */
export function controlCharacterBeforeBody(req: Pick<FastifyRequest, 'headers' | 'query' | 'params'>): string | undefined {
  return controlCharacterPath(req.headers, NUL, 'headers') ?? controlCharacterPath(req.query, ANY_CONTROL, 'querystring') ?? controlCharacterPath(req.params, ANY_CONTROL, 'params');
}

/** Where the request's body holds a refused control character, or undefined. */
export function controlCharacterInBody(req: Pick<FastifyRequest, 'body'>): string | undefined {
  return controlCharacterPath(req.body, BODY_CONTROL, 'body');
}
