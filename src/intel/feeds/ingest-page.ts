/**
 * Stores one received page in the STIX object store. The page goes in whole, in one transaction;
 * when the store refuses it for its content (an invalid object, an unknown marking, a version
 * already stored with other content), the objects go in one by one and those refused are counted
 * with their code, so one bad object in a feed does not block the feed for ever. Marking
 * definitions go first, so the objects that use them resolve. Any other failure (the database) is
 * thrown: the page is then not stored and the resume point does not move past it.
 */
import { isSakimoriError } from '../../core/errors.js';
import type { IngestOptions, StixStore } from '../stix/stix-store.js';
import type { ReceivedObject } from './envelope-reader.js';

/** What storing one page did. */
export interface PageIngest {
  readonly stored: number;
  /** Objects already stored, or repeated within the page. */
  readonly duplicates: number;
  readonly refused: readonly { readonly id: string; readonly code: string; readonly message: string }[];
}

/** Codes of the store's refusals that depend on an object's content, not on the database. */
function isContentRefusal(e: unknown): boolean {
  return isSakimoriError(e) && (e.code.startsWith('SAKIMORI_ERR_STIX_') || e.code === 'SAKIMORI_ERR_INTEL_STIX_CONFLICT' || e.code === 'SAKIMORI_ERR_INTEL_STIX_TOO_LARGE');
}

/** Stores `objects` with `options`; see the module comment for what is refused and how. */
export async function ingestPage(store: StixStore, objects: readonly ReceivedObject[], options: IngestOptions): Promise<PageIngest> {
  if (objects.length === 0) return { stored: 0, duplicates: 0, refused: [] };
  try {
    const r = await store.ingest(objects, options);
    return { stored: r.stored.length, duplicates: objects.length - r.stored.length, refused: [] };
  } catch (e) {
    if (!isContentRefusal(e)) throw e;
  }
  const ordered = [...objects.filter((o) => o.type === 'marking-definition'), ...objects.filter((o) => o.type !== 'marking-definition')];
  let stored = 0;
  const refused: { id: string; code: string; message: string }[] = [];
  for (const o of ordered) {
    try {
      stored += (await store.ingest([o], options)).stored.length;
    } catch (e) {
      if (!isContentRefusal(e) || !isSakimoriError(e)) throw e;
      refused.push({ id: o.id, code: e.code, message: e.message });
    }
  }
  return { stored, duplicates: objects.length - stored - refused.length, refused };
}
