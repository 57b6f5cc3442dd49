/**
 * Request validation with TypeBox's compiled checks. Path parameters, query strings and headers
 * are strings on the wire, so they are converted to the schema's types (and defaults filled in)
 * before the check; bodies are JSON and are checked exactly as sent: no coercion (`"true"` is not a
 * boolean, `null` not 0) and no unknown field dropped — an unknown field is refused with its path.
 */
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import Value from 'typebox/value';

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
