/**
 * Path-aware readers of untrusted vulnerability-source JSON (NVD CVE API 2.0, CVE JSON 5). Each
 * reader returns the value with the type asked for or throws a {@link ShapeError} naming the JSON
 * path (`cve.configurations[0].nodes[1].operator`). The parsers catch it at their entry point and
 * return it as a coded error value: a wrong type deep in a record then needs no result plumbing
 * through every field, and nothing thrown here ever leaves a parser.
 *
 * Shared by `nvd/` and `cve5/`; it belongs in `sources/` once that folder has shared code.
 */
import type { SakimoriError } from '../../../core/errors.js';
import { ERR_VULN_RECORD_MALFORMED, type Failure } from '../../errors.js';
import { asCveId, type CveId, type VulnSource } from '../../record.js';

/** A JSON object as read from a source. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** What is wrong with a JSON value, and where. Internal to the parsers: it never escapes their entry points. */
export class ShapeError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

/** Throws a {@link ShapeError}. */
export function fail(path: string, problem: string): never {
  throw new ShapeError(path, problem);
}

/** The path of `key` (a property name or an array index) under `path`. */
export function at(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`;
}

/** How a wrong value is named in a message: its JSON type, and the value itself when it is short. */
function seen(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  const text = JSON.stringify(v);
  return text.length <= 60 ? `${typeof v} ${text}` : `a ${typeof v}`;
}

/** `o` without its undefined properties, so that absent optional fields are absent keys, not `undefined` values. */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The value as a JSON object. */
export function object(v: unknown, path: string): JsonObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, `an object is required, found ${seen(v)}`);
  return v as JsonObject;
}

/** The value as an array; `minItems` as the schema requires. */
export function list(v: unknown, path: string, minItems = 0): readonly unknown[] {
  if (!Array.isArray(v)) fail(path, `an array is required, found ${seen(v)}`);
  if (v.length < minItems) fail(path, `at least ${minItems} item${minItems === 1 ? '' : 's'} required, found ${v.length}`);
  return v;
}

/** The value as an array; absent is empty. */
export function optList(v: unknown, path: string): readonly unknown[] {
  return v === undefined ? [] : list(v, path);
}

/** The value as a non-empty string. */
export function text(v: unknown, path: string): string {
  if (typeof v !== 'string' || v === '') fail(path, `a non-empty string is required, found ${v === '' ? 'an empty string' : seen(v)}`);
  return v;
}

/** The value as a non-empty string, or undefined when absent. */
export function optText(v: unknown, path: string): string | undefined {
  return v === undefined ? undefined : text(v, path);
}

/** The value as a boolean; absent is `fallback` when one is given. */
export function boolean(v: unknown, path: string, fallback?: boolean): boolean {
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'boolean') fail(path, `true or false is required, found ${seen(v)}`);
  return v;
}

/** The value as a non-negative safe integer. */
export function count(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(path, `a non-negative integer is required, found ${seen(v)}`);
  return v;
}

/** The value as one of `allowed`. */
export function oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) fail(path, `one of ${allowed.join(', ')} is required, found ${seen(v)}`);
  return v as T;
}

/** The value as a {@link CveId}. */
export function cveId(v: unknown, path: string): CveId {
  const id = asCveId(v);
  if (id === undefined) fail(path, `a CVE id (CVE-YYYY-NNNN) is required, found ${seen(v)}`);
  return id;
}

// ISO 8601 date-time as NVD and CVE 5 write it. NVD gives UTC without an offset; the CVE 5 schema
// (definitions/timestamp) says an absent offset means GMT. The offset is optional for both.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when year-month-day names a day of the calendar (no 30 February). */
function realDay(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

/** The value as an ISO 8601 date-time (`2024-02-15T14:15:46.503`, offset optional), kept as written. */
export function timestamp(v: unknown, path: string): string {
  const s = text(v, path);
  const m = TIMESTAMP.exec(s);
  if (m === null || !realDay(m[1] ?? '', m[2] ?? '', m[3] ?? '') || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) {
    fail(path, `an ISO 8601 date-time is required, found ${seen(v)}`);
  }
  return s;
}

/** The value as an ISO 8601 timestamp, or undefined when absent. */
export function optTimestamp(v: unknown, path: string): string | undefined {
  return v === undefined ? undefined : timestamp(v, path);
}

/** The value as an ISO 8601 calendar date (`2024-10-09`). */
export function day(v: unknown, path: string): string {
  const s = text(v, path);
  const m = DAY.exec(s);
  if (m === null || !realDay(m[1] ?? '', m[2] ?? '', m[3] ?? '')) fail(path, `an ISO 8601 date (YYYY-MM-DD) is required, found ${seen(v)}`);
  return s;
}

/** Where a malformed record was found: its source, its CVE id (or position) and any extra details. */
export interface RecordLocation {
  readonly source: VulnSource;
  /** The CVE id when it could be read, else the position in the page or file, else null. */
  readonly record: string | number | null;
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** Turns a {@link ShapeError} into a `SAKIMORI_ERR_VULN_RECORD_MALFORMED` failure naming the source, record and path. */
export function malformedRecord(where: RecordLocation, shape: ShapeError): Failure {
  const name = where.record === null ? 'record without a readable id' : typeof where.record === 'number' ? `record #${where.record}` : `record ${where.record}`;
  const error: SakimoriError = new ERR_VULN_RECORD_MALFORMED(`${where.source} ${name}: ${shape.path}: ${shape.problem}`, {
    details: { source: where.source, record: where.record, path: shape.path, ...where.extra },
  });
  return { ok: false, error };
}
