/**
 * Building TAXII answers from a page of stored versions: the envelope (§3.7) with `more` and
 * `next`, the manifest (§5.3), the version list (§5.7) and the `X-TAXII-Date-Added-First/Last`
 * headers. Pure; the route only sends what these return.
 */
import type { StixJson, StoredVersion, VersionPage } from './backend.js';
import { encodeNext } from './next-token.js';

/** An answer body and the headers that go with it. */
export interface TaxiiAnswer {
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;
}

/** `X-TAXII-Date-Added-First/Last` of the versions on a page; none when the page is empty. */
export function dateAddedHeaders(items: readonly StoredVersion[]): Record<string, string> {
  if (items.length === 0) return {};
  let first = (items[0] as StoredVersion).dateAdded;
  let last = first;
  for (const v of items) {
    if (v.dateAdded < first) first = v.dateAdded;
    if (v.dateAdded > last) last = v.dateAdded;
  }
  return { 'X-TAXII-Date-Added-First': first, 'X-TAXII-Date-Added-Last': last };
}

/**
 * `more` and `next` of a page. The position is that of the last version the backend handed out,
 * even when the release filter withheld it, so the next page starts after it.
 */
function paging(page: VersionPage, fingerprint: string): Record<string, unknown> {
  const last = page.items[page.items.length - 1];
  if (!page.more || last === undefined) return { more: false };
  return { more: true, next: encodeNext(last, fingerprint) };
}

/**
 * The answer of a list: `{}` without date headers when nothing matched (as the reference server
 * answers), else the items under `key` with `more`, `next` and the date headers.
 */
function listAnswer(page: VersionPage, kept: readonly StoredVersion[], fingerprint: string, key: string, items: readonly unknown[]): TaxiiAnswer {
  if (page.items.length === 0) return { body: {}, headers: {} };
  return { body: { ...paging(page, fingerprint), [key]: items }, headers: dateAddedHeaders(kept) };
}

/** The envelope of `GET …/objects/` and `GET …/objects/{id}/`: `released` are the objects to send. */
export function envelopeAnswer(page: VersionPage, kept: readonly StoredVersion[], released: readonly StixJson[], fingerprint: string): TaxiiAnswer {
  return listAnswer(page, kept, fingerprint, 'objects', released);
}

/** The manifest of `GET …/manifest/`: one record per kept version. */
export function manifestAnswer(page: VersionPage, kept: readonly StoredVersion[], fingerprint: string): TaxiiAnswer {
  const records = kept.map((v) => ({ id: v.id, date_added: v.dateAdded, version: v.versionText, media_type: v.mediaType }));
  return listAnswer(page, kept, fingerprint, 'objects', records);
}

/** The version list of `GET …/objects/{id}/versions/`. */
export function versionsAnswer(page: VersionPage, kept: readonly StoredVersion[], fingerprint: string): TaxiiAnswer {
  return listAnswer(
    page,
    kept,
    fingerprint,
    'versions',
    kept.map((v) => v.versionText),
  );
}
