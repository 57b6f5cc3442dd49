/**
 * People by name in answers: where an answer carries a user id in one of {@link PERSON_FIELDS}
 * (`requestedBy`, `voter`, `assignee`, …), a name field beside it (`<field>Name`; `userName` for
 * `userId`) gives the user's display name
 * (or user name; null for ids that are not users, such as API tokens or the system). Applied as a
 * `preSerialization` hook by the routes whose answers hold such fields; their response schemas
 * declare the `<field>Name` properties ({@link personName}).
 */
import Type from 'typebox';
import { Nullable } from './schemas.js';

/** Fields that hold a user id. */
export const PERSON_FIELDS = ['requestedBy', 'voter', 'assignee', 'createdBy', 'addedBy', 'author', 'userId', 'openedBy', 'closedBy', 'issuedBy', 'acknowledgedBy'] as const;

/** The name field that goes with a person field. */
export function nameField(field: string): string {
  return field === 'userId' ? 'userName' : `${field}Name`;
}

/** Resolves user ids to names. */
export type NameLookup = (ids: Iterable<string>) => Promise<Map<string, string>>;

/** The schema of a `<field>Name` property. */
export const personName = () => Type.Optional(Nullable(Type.String({ description: 'display name of the user (null when the id is not a user)' })));

const MAX_DEPTH = 4;

function collect(v: unknown, depth: number, out: Set<string>): void {
  if (depth > MAX_DEPTH || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const x of v) collect(x, depth + 1, out);
    return;
  }
  const o = v as Record<string, unknown>;
  for (const f of PERSON_FIELDS) if (typeof o[f] === 'string') out.add(o[f]);
  for (const k in o) if (o[k] !== null && typeof o[k] === 'object') collect(o[k], depth + 1, out);
}

function named(v: unknown, depth: number, names: Map<string, string>): unknown {
  if (depth > MAX_DEPTH || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => named(x, depth + 1, names));
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k in o) out[k] = named(o[k], depth + 1, names);
  for (const f of PERSON_FIELDS) if (f in o) out[nameField(f)] = typeof o[f] === 'string' ? (names.get(o[f]) ?? null) : null;
  return out;
}

/** The payload with `<field>Name` added next to every person field (unchanged when it has none). */
export async function withPersonNames(payload: unknown, lookup: NameLookup): Promise<unknown> {
  const ids = new Set<string>();
  collect(payload, 0, ids);
  if (ids.size === 0) return payload;
  return named(payload, 0, await lookup(ids));
}

/** A `preSerialization` hook adding names to successful answers. */
export function personNamesHook(lookup: NameLookup) {
  return async (_req: unknown, reply: { statusCode: number }, payload: unknown): Promise<unknown> => (reply.statusCode < 300 ? withPersonNames(payload, lookup) : payload);
}
