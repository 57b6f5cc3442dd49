/**
 * The `next` token: an opaque text naming the page position (`date_added` and per-collection
 * sequence of the last version handed out) and a fingerprint of the filters it was issued for, so
 * a token replayed with other filters is refused instead of paging a different result.
 */
import type { PagePosition } from './backend.js';
import { ERR_TAXII_BAD_NEXT } from './errors.js';
import { parseTaxiiTimestamp, type TaxiiTimestamp } from './timestamp.js';

const TOKEN = /^(\d{20})-(\d{1,15})-([0-9a-f]{8})$/;

/** A 32-bit FNV-1a fingerprint, in hex, of the canonical filter text. */
export function filterFingerprint(canonicalFilter: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < canonicalFilter.length; i++) {
    h ^= canonicalFilter.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Encodes a page position and filter fingerprint as a `next` token. */
export function encodeNext(position: PagePosition, fingerprint: string): string {
  return `${position.dateAdded.replace(/\D/g, '')}-${position.seq}-${fingerprint}`;
}

/** Decodes a `next` token issued for the same filters; throws 400 otherwise. */
export function decodeNext(token: string, fingerprint: string): PagePosition {
  const m = TOKEN.exec(token);
  if (m === null) throw new ERR_TAXII_BAD_NEXT('malformed');
  const [, d = '', seq = '', fp = ''] = m;
  if (fp !== fingerprint) throw new ERR_TAXII_BAD_NEXT('issued for other filter parameters');
  const text = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(8, 10)}:${d.slice(10, 12)}:${d.slice(12, 14)}.${d.slice(14)}Z`;
  const dateAdded = parseTaxiiTimestamp(text);
  if (dateAdded === undefined) throw new ERR_TAXII_BAD_NEXT('malformed');
  return { dateAdded: dateAdded as TaxiiTimestamp, seq: Number(seq) };
}
