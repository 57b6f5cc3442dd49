/**
 * The cursor of {@link StixStore.list}: the (date_added, seq) of the last entry handed out. Entries
 * are ordered by that pair, `seq` being assigned under the store's write lock in commit order and
 * `date_added` never decreasing, so an entry committed after a page was read always sorts after
 * that page's cursor: a client following cursors sees every entry exactly once, even while
 * objects are being added.
 */
import { ERR_INTEL_STIX_CURSOR } from './errors.js';

/** A decoded cursor. */
export interface ListPosition {
  readonly dateAdded: number;
  readonly seq: number;
}

/** Encodes a position as the opaque text handed to clients (`<date_added>.<seq>`). */
export function encodeCursor(p: ListPosition): string {
  return `${p.dateAdded}.${p.seq}`;
}

/** Decodes a cursor made by {@link encodeCursor}; throws {@link ERR_INTEL_STIX_CURSOR} otherwise. */
export function decodeCursor(text: string): ListPosition {
  const m = /^(\d{1,16})\.(\d{1,16})$/.exec(text);
  const dateAdded = Number(m?.[1]);
  const seq = Number(m?.[2]);
  if (m === null || !Number.isSafeInteger(dateAdded) || !Number.isSafeInteger(seq)) throw new ERR_INTEL_STIX_CURSOR(JSON.stringify(text.slice(0, 80)));
  return { dateAdded, seq };
}
