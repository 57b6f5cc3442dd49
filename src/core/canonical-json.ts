/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the deterministic JSON that audit entries and
 * request digests are hashed as. Object members are sorted by their names' UTF-16 code units
 * (§3.2.3), there is no whitespace, and strings and numbers are written as ECMAScript's
 * `JSON.stringify` writes them (§3.2.2), so any JCS implementation reproduces the exact leaf bytes.
 */
import { defineError } from './errors.js';

/** A value cannot be written as RFC 8785 canonical JSON. */
export const ERR_AUDIT_NOT_CANONICAL = defineError<[string]>('SAKIMORI_ERR_AUDIT_NOT_CANONICAL', 'value cannot be serialised as canonical JSON: %s', 400);

/** A JSON value. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

// A lone surrogate cannot be written as UTF-8, so JCS refuses it (§3.2.2.2). The cheap test for
// any surrogate runs first; the exact one only when there is one.
const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Thrown by the fast writer; {@link canonicalJson} then finds the path for the message. */
class NotCanonical extends Error {}

// Characters JSON.stringify escapes, and surrogates; most strings have none and are just quoted.
const SPECIAL = /["\\\u0000-\u001f\uD800-\uDFFF]/;

function str(s: string): string {
  if (!SPECIAL.test(s)) return `"${s}"`;
  if (SURROGATE.test(s) && LONE_SURROGATE.test(s)) throw new NotCanonical('contains a lone UTF-16 surrogate');
  return JSON.stringify(s);
}

function array(v: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < v.length; i++) out += (i > 0 ? ',' : '') + write(v[i]);
  return `${out}]`;
}

function object(v: object): string {
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) throw new NotCanonical('is not a plain object');
  // §3.2.3: members sorted by the UTF-16 code units of their names, which is what sort() compares.
  const keys = Object.keys(v).sort();
  let out = '{';
  for (const k of keys) {
    const item = (v as Record<string, unknown>)[k];
    if (item === undefined) continue; // as JSON.stringify: absent, not null
    out += (out.length > 1 ? ',' : '') + str(k) + ':' + write(item);
  }
  return `${out}}`;
}

function write(v: unknown): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(v)) throw new NotCanonical(`is ${v}`);
      return JSON.stringify(v);
    case 'string':
      return str(v);
    case 'object':
      return Array.isArray(v) ? array(v) : object(v);
    default:
      throw new NotCanonical(`is a ${typeof v}`);
  }
}

/** Walks `v` again, slowly, to name where the value that cannot be canonicalised is. */
function locate(v: unknown, path: string): string | undefined {
  try {
    if (typeof v !== 'object' || v === null) write(v);
    else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const found = locate(v[i], `${path}[${i}]`);
        if (found !== undefined) return found;
      }
    } else {
      object(v);
    }
    return undefined;
  } catch (e) {
    if (!(e instanceof NotCanonical)) throw e;
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
      for (const [k, item] of Object.entries(v)) {
        if (SURROGATE.test(k) && LONE_SURROGATE.test(k)) return `${path} has a member name that ${e.message}`;
        const found = item === undefined ? undefined : locate(item, `${path}.${k}`);
        if (found !== undefined) return found;
      }
    }
    return `${path} ${e.message}`;
  }
}

/** Serialises `value` as RFC 8785 canonical JSON; throws for values JSON cannot hold. */
export function canonicalJson(value: unknown): string {
  try {
    return write(value);
  } catch (e) {
    if (e instanceof NotCanonical) throw new ERR_AUDIT_NOT_CANONICAL(locate(value, '$') ?? e.message);
    throw e;
  }
}
