/**
 * STIX identifiers (§2.9): `<object-type>--<UUID>`, the UUID in RFC 4122 form. SDOs, SROs and meta
 * objects SHOULD use UUIDv4; SCOs derive theirs deterministically (UUIDv5) from their contributing
 * properties, except `process`, which has none.
 */

const ID_RE = /^([a-z0-9][a-z0-9-]*[a-z0-9])--([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-([1-5])[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12})$/;

/** A parsed identifier. */
export interface ParsedIdentifier {
  readonly type: string;
  readonly uuid: string;
  readonly version: number;
}

/** Parses `value` as a STIX identifier, or returns undefined when it is not one. */
export function parseIdentifier(value: unknown): ParsedIdentifier | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ID_RE.exec(value);
  if (m === null || m[1] === undefined || m[2] === undefined) return undefined;
  return { type: m[1], uuid: m[2], version: Number(m[3]) };
}

/** The type part of anything shaped `<type>--<rest>`, or undefined. */
export function identifierType(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const i = value.indexOf('--');
  return i > 0 ? value.slice(0, i) : undefined;
}
