/**
 * How a STIX object's TAXII metadata is derived: its version, spec version and media type.
 */
import type { StixJson, StoredVersion } from './backend.js';
import { parseTaxiiTimestamp, type TaxiiTimestamp } from './timestamp.js';

/** The spec version of an object: its `spec_version`, or 2.0 (STIX 2.0 objects carry none). */
export function specVersionOf(object: StixJson): string {
  return typeof object.spec_version === 'string' ? object.spec_version : '2.0';
}

/**
 * The version text of an object: `modified`, else `created`, else `date_added` — an SCO has no
 * timestamps, so its version is when it was added (as the TAXII reference server does).
 */
export function versionTextOf(object: StixJson, dateAdded: TaxiiTimestamp): string {
  for (const key of ['modified', 'created'] as const) {
    const v = object[key];
    if (typeof v === 'string' && parseTaxiiTimestamp(v) !== undefined) return v;
  }
  return dateAdded;
}

/** Builds the stored record of one object version added at `dateAdded` with sequence `seq`. */
export function storedVersionOf(object: StixJson, dateAdded: TaxiiTimestamp, seq: number): StoredVersion {
  const versionText = versionTextOf(object, dateAdded);
  const specVersion = specVersionOf(object);
  return {
    id: String(object.id),
    type: String(object.type),
    version: parseTaxiiTimestamp(versionText) ?? dateAdded,
    versionText,
    specVersion,
    mediaType: `application/stix+json;version=${specVersion}`,
    dateAdded,
    seq,
    object,
  };
}

/** Orders versions by (`date_added`, sequence): the order TAXII pages in. */
export function comparePosition(a: { dateAdded: TaxiiTimestamp; seq: number }, b: { dateAdded: TaxiiTimestamp; seq: number }): number {
  if (a.dateAdded !== b.dateAdded) return a.dateAdded < b.dateAdded ? -1 : 1;
  return a.seq - b.seq;
}
