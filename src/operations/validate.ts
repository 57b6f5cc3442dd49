/**
 * Schema checks of untrusted input at the edge of the operations services: one coded error that
 * names the first bad field, as the configuration loader does.
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { TSchema, Static } from 'typebox';
import Value from 'typebox/value';
import { ERR_OPERATIONS_INVALID_INPUT } from './errors.js';

/**
 * Returns `value` typed by `schema`, or throws {@link ERR_OPERATIONS_INVALID_INPUT} with the
 * deepest failing path (`/action/match/sources/3`). The value is not modified.
 */
export function checkInput<S extends TSchema>(schema: S, value: unknown, root = ''): Static<S> {
  if (Value.Check(schema, value)) return value as Static<S>;
  const errors = [...Value.Errors(schema, value)];
  errors.sort((a, b) => b.instancePath.length - a.instancePath.length);
  const first = errors.find((e) => e.keyword !== 'boolean' && e.keyword !== 'anyOf') ?? errors[0];
  const path = `${root}${first?.instancePath ?? ''}` || '/';
  let message = first?.message ?? 'invalid';
  if (first?.keyword === 'additionalProperties') {
    const extra = (first.params as { additionalProperties?: string[] }).additionalProperties;
    message = `unknown key ${JSON.stringify(extra?.[0] ?? '?')}`;
  }
  throw new ERR_OPERATIONS_INVALID_INPUT(path, message);
}

// Control characters other than tab and newline have no place in free text that ends up in
// e-mails, zone files and the console.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** Trims free text and refuses empty text, over-long text and control characters. */
export function checkText(value: unknown, where: string, max: number, options: { multiline?: boolean } = {}): string {
  if (typeof value !== 'string') throw new ERR_OPERATIONS_INVALID_INPUT(where, 'expected text');
  const t = value.trim();
  if (t.length === 0) throw new ERR_OPERATIONS_INVALID_INPUT(where, 'must not be empty');
  if (t.length > max) throw new ERR_OPERATIONS_INVALID_INPUT(where, `must be at most ${max} characters`);
  if (CONTROL.test(t) || (options.multiline !== true && /[\n\t]/.test(t))) throw new ERR_OPERATIONS_INVALID_INPUT(where, 'contains control characters');
  return t;
}
