/**
 * The version key of a stored STIX object, the second half of its primary key (id, version).
 *
 * - Objects with `modified` (SDOs, SROs, language content): that timestamp.
 * - Objects with `created` only (marking definitions, which are never versioned): `created`.
 * - Objects with neither (SCOs, which STIX does not version, §6): `sha256:<hex>` of the canonical
 *   JSON, so each distinct content of one SCO id is kept as its own version, ordered by when it was
 *   added, and storing the same content again is a no-op.
 *
 * Timestamps are normalised to nine fractional digits (`2016-05-12T08:17:27.000000000Z`): STIX
 * allows 0–9 digits, and `…27Z` sorts after `…27.5Z` as text, so raw text would not order versions.
 */

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/;

/** Normalises a STIX timestamp to nine fractional digits, or returns undefined when it is not one. */
export function normaliseTimestamp(value: string): string | undefined {
  const m = TIMESTAMP.exec(value);
  if (m === null) return undefined;
  return `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}Z`;
}

/** True when `version` is a content hash (an unversioned object) rather than a timestamp. */
export function isContentVersion(version: string): boolean {
  return version.startsWith('sha256:');
}

/** The version key of `object`; `contentHash` is the hex SHA-256 of its canonical JSON. */
export function versionKeyOf(object: Readonly<Record<string, unknown>>, contentHash: string): string {
  const stamp = typeof object.modified === 'string' ? object.modified : typeof object.created === 'string' ? object.created : undefined;
  const normal = stamp === undefined ? undefined : normaliseTimestamp(stamp);
  return normal ?? `sha256:${contentHash}`;
}

/**
 * Orders two versions of one object, oldest first: timestamps as text (normalised), content
 * versions by the order they were added (`seq`).
 */
export function compareVersions(a: { readonly version: string; readonly seq: number }, b: { readonly version: string; readonly seq: number }): number {
  const ka = isContentVersion(a.version) ? '' : a.version;
  const kb = isContentVersion(b.version) ? '' : b.version;
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a.seq - b.seq;
}
