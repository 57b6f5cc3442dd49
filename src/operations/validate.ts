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
// e-mails, zone files and the console; nor have the bidirectional overrides and isolates that
// make text read differently from what it is (CVE-2021-42574, "Trojan Source").
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// Something a reader can see: a letter, digit, punctuation mark or symbol.
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

/** True when `value` is text with at least one visible character (not only spaces or zero-width characters). */
export function hasVisibleText(value: unknown): value is string {
  return typeof value === 'string' && VISIBLE.test(value);
}

/**
 * Trims free text and refuses empty or invisible text (only spaces or zero-width characters),
 * over-long text, control characters and bidirectional overrides.
 */
export function checkText(value: unknown, where: string, max: number, options: { multiline?: boolean } = {}): string {
  if (typeof value !== 'string') throw new ERR_OPERATIONS_INVALID_INPUT(where, 'expected text');
  const t = value.trim();
  if (t.length === 0) throw new ERR_OPERATIONS_INVALID_INPUT(where, 'must not be empty');
  if (t.length > max) throw new ERR_OPERATIONS_INVALID_INPUT(where, `must be at most ${max} characters`);
  if (CONTROL.test(t) || (options.multiline !== true && /[\n\t]/.test(t))) throw new ERR_OPERATIONS_INVALID_INPUT(where, 'contains control characters');
  if (!VISIBLE.test(t)) throw new ERR_OPERATIONS_INVALID_INPUT(where, 'must contain visible text');
  return t;
}

/** Optional free text: null when absent or invisible, else checked as {@link checkText}. */
export function optionalText(value: unknown, where: string, max: number, options: { multiline?: boolean } = {}): string | null {
  return hasVisibleText(value) ? checkText(value, where, max, options) : null;
}
