/**
 * Path-aware readers of untrusted MISP JSON: each refuses a wrong type with
 * `SAKIMORI_ERR_STIX_MISP_MALFORMED` naming the JSON path, and accepts MISP's string-typed numbers and
 * booleans.
 */
import { ERR_MISP_MALFORMED, ERR_MISP_TOO_LARGE } from './errors.js';

/** A JSON object as read from MISP. */
export type Json = Readonly<Record<string, unknown>>;

/** Size bounds of MISP input. */
export interface MispLimits {
  /** Longest JSON text accepted by the string entry points. */
  readonly maxTextLength: number;
  /** Deepest nesting accepted. */
  readonly maxDepth: number;
  /** Most items in one list (attributes of an event, tags of an attribute…). */
  readonly maxItems: number;
}

/** Default bounds: 512 MiB of text, nesting 32, 5 000 000 items per list. */
export const DEFAULT_MISP_LIMITS: MispLimits = Object.freeze({ maxTextLength: 512 * 1024 * 1024, maxDepth: 32, maxItems: 5_000_000 });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The value as a JSON object, or a coded error naming `path`. */
export function asObject(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ERR_MISP_MALFORMED(path, 'an object');
  return value as Json;
}

/** The value as a list (absent is empty), bounded by `limits.maxItems`. */
export function asList(value: unknown, path: string, limits: MispLimits): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ERR_MISP_MALFORMED(path, 'a list');
  if (value.length > limits.maxItems) throw new ERR_MISP_TOO_LARGE(path, `more than ${limits.maxItems} items`);
  return value;
}

/** A required string (numbers are accepted as MISP sometimes writes them). */
export function str(o: Json, key: string, path: string): string {
  const v = o[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new ERR_MISP_MALFORMED(`${path}.${key}`, 'a string');
}

/** An optional string (`null` is absent). */
export function optStr(o: Json, key: string, path: string): string | undefined {
  return o[key] === undefined || o[key] === null ? undefined : str(o, key, path);
}

/** A required UUID, lower-cased. */
export function uuid(o: Json, key: string, path: string): string {
  const v = str(o, key, path);
  if (!UUID.test(v)) throw new ERR_MISP_MALFORMED(`${path}.${key}`, 'a UUID');
  return v.toLowerCase();
}

/** An optional non-negative integer written as a number or a decimal string. */
export function optInt(o: Json, key: string, path: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw new ERR_MISP_MALFORMED(`${path}.${key}`, 'a non-negative integer');
  return n;
}

/** An optional boolean written as `true`, `"1"`, `1`, `"true"` (absent is `fallback`). */
export function bool(o: Json, key: string, path: string, fallback = false): boolean {
  const v = o[key];
  if (v === undefined || v === null) return fallback;
  if (v === true || v === 1 || v === '1' || v === 'true' || v === 'True') return true;
  if (v === false || v === 0 || v === '0' || v === 'false' || v === 'False' || v === '') return false;
  throw new ERR_MISP_MALFORMED(`${path}.${key}`, 'a boolean');
}

/** Throws when a JSON value nests deeper than `maxDepth` (iterative, so hostile depth cannot overflow the stack). */
export function assertDepth(root: unknown, maxDepth: number): void {
  // Two parallel stacks rather than a tuple per node: this walks every value of a large feed.
  const values: unknown[] = [root];
  const depths: number[] = [0];
  while (values.length > 0) {
    const v = values.pop();
    const d = depths.pop() as number;
    if (d > maxDepth) throw new ERR_MISP_TOO_LARGE('$', `nesting deeper than ${maxDepth}`);
    if (Array.isArray(v)) {
      for (const child of v)
        if (typeof child === 'object' && child !== null) {
          values.push(child);
          depths.push(d + 1);
        }
    } else
      for (const key in v as object) {
        const child = (v as Record<string, unknown>)[key];
        if (typeof child === 'object' && child !== null) {
          values.push(child);
          depths.push(d + 1);
        }
      }
  }
}
