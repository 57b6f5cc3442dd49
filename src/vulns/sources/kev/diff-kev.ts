/** What changed in the KEV catalogue from one release to the next. */
import type { KevEntry } from '../../record.js';
import { KEV_FIELDS, type KevCatalogue } from './kev-entry.js';

/** One entry present in both releases whose content differs. */
export interface KevChange {
  readonly before: KevEntry;
  readonly after: KevEntry;
  /** The {@link KevEntry} fields that differ, in catalogue order (`knownRansomwareCampaignUse`, `notes`…). */
  readonly fields: readonly (keyof KevEntry)[];
}

/** The difference between two releases of the KEV catalogue, entries matched by CVE id. */
export interface KevDiff {
  /** In `next` only, in `next`'s order. */
  readonly added: readonly KevEntry[];
  /** In both and different, in `next`'s order. */
  readonly changed: readonly KevChange[];
  /** In `previous` only, in `previous`'s order (CISA does remove entries, rarely). */
  readonly removed: readonly KevEntry[];
}

/**
 * Compares two releases of the KEV catalogue entry by entry (matched on CVE id) and field by field.
 * A change such as known ransomware use going from `Unknown` to `Known` is what an operator must hear
 * about, so every field is compared, text exactly as CISA wrote it.
 *
 * @example
 * ```ts
 * const d = diffKev(july, august);
 * d.changed.filter((c) => c.fields.includes('knownRansomwareCampaignUse'));
 * ```
 */
export function diffKev(previous: KevCatalogue, next: KevCatalogue): KevDiff {
  const before = new Map(previous.entries.map((e) => [e.cveId, e]));
  const after = new Set(next.entries.map((e) => e.cveId));
  const added: KevEntry[] = [];
  const changed: KevChange[] = [];
  for (const entry of next.entries) {
    const old = before.get(entry.cveId);
    if (old === undefined) {
      added.push(entry);
      continue;
    }
    const fields = KEV_FIELDS.map(([field]) => field).filter((field) => !sameValue(old[field], entry[field]));
    if (fields.length > 0) changed.push({ before: old, after: entry, fields });
  }
  const removed = previous.entries.filter((e) => !after.has(e.cveId));
  return { added, changed, removed };
}

function sameValue(a: KevEntry[keyof KevEntry], b: KevEntry[keyof KevEntry]): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
