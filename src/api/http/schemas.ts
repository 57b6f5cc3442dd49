/**
 * Schemas shared by the routes: ids, pages and the error body. Every list answers
 * `{items, next}` and takes `limit` (1–1000, default 50) and an opaque `cursor`.
 */
import Type, { type TSchema } from 'typebox';
import { MAX_PAGE_SIZE } from '../../core/paging.js';
import { ROLES } from '../../core/roles.js';
import { CLASS_NAMES } from '../../detection/traffic-class.js';
import { ERR_API_BAD_CURSOR } from '../errors.js';

/** A row id (ULID) or other opaque id in a path. */
export const Id = Type.String({ pattern: '^[0-9A-Za-z_.:-]{1,128}$', description: 'opaque id' });
/** `{id}` path parameters. */
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
/** Epoch milliseconds. */
export const Millis = Type.Integer({ minimum: 0, maximum: 8.64e15, description: 'epoch milliseconds' });
/** A nullable value. */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** Free text bounded in length. */
export const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });

/** Paging parameters, to spread into a querystring schema. */
export const PageParams = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50, description: 'page size' })),
  cursor: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z_=-]{1,200}$', description: 'the `next` of the previous page' })),
};

/** A querystring with paging plus `fields`. */
export function PageQuery<P extends Record<string, TSchema>>(fields: P) {
  return Type.Object({ ...fields, ...PageParams }, { additionalProperties: false });
}

/** A page of `item`. */
export function Page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), next: Nullable(Type.String({ description: 'cursor of the next page; null at the end' })) }, { additionalProperties: false });
}

/** The body of every error answer. */
export const ErrorBodySchema = Type.Object(
  { code: Type.String({ pattern: '^SAKIMORI_ERR_[A-Z0-9_]+$' }), message: Type.String(), details: Type.Optional(Type.Record(Type.String(), Type.Unknown())) },
  { additionalProperties: false },
);

/** Empty object answer. */
export const Empty = Type.Null({ description: 'no content' });

/** A protocol class name. */
export const ClassNameSchema = Type.Union(CLASS_NAMES.map((c) => Type.Literal(c)));

/** One of the roles of `core/roles.ts`. */
export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));

/** Takes `limit + 1` rows and returns the page with the cursor of the next one (`cursorOf` the last item). */
export function pageOf<T>(rows: readonly T[], limit: number, cursorOf: (last: T) => string): { items: T[]; next: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}

/**
 * Pages an in-memory list (already in its order): `cursor` is the id of the last item of the
 * previous page. A cursor that names no item (made up, or its item is gone) is refused with
 * {@link ERR_API_BAD_CURSOR}: starting over from the first page instead would hand the client rows
 * it already has, and a client that follows `next` could go round for ever.
 */
export function pageArray<T>(all: readonly T[], limit: number, cursor: string | undefined, idOf: (t: T) => string): { items: T[]; next: string | null } {
  let start = 0;
  if (cursor !== undefined) {
    start = all.findIndex((t) => idOf(t) === cursor) + 1;
    if (start === 0) throw new ERR_API_BAD_CURSOR(JSON.stringify(cursor));
  }
  return pageOf(all.slice(start, start + limit + 1), limit, idOf);
}

/**
 * Reads an offset cursor (base 36), for lists paged by position: ordered lists whose rows are
 * fixed while they are read (an execution's targets, an attack's sources).
 */
export function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const n = /^[0-9a-z]{1,10}$/.test(cursor) ? Number.parseInt(cursor, 36) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new ERR_API_BAD_CURSOR(JSON.stringify(cursor));
  return n;
}

/** The cursor of a list ordered by an instant then id: `<instant in base 36>_<id>` of the page's last row. */
export function timeIdCursor(at: number, id: string): string {
  return `${at.toString(36)}_${id}`;
}

/** Reads a {@link timeIdCursor}; anything else is refused with {@link ERR_API_BAD_CURSOR}. */
export function parseTimeIdCursor(cursor: string): { at: number; id: string } {
  const m = /^([0-9a-z]{1,11})_([0-9A-Za-z-]{1,180})$/.exec(cursor);
  const at = m === null ? Number.NaN : Number.parseInt(m[1]!, 36);
  if (m === null || !Number.isSafeInteger(at)) throw new ERR_API_BAD_CURSOR(JSON.stringify(cursor));
  return { at, id: m[2]! };
}
