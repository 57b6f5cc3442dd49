/** The JSON form of the CISA KEV catalogue (known_exploited_vulnerabilities.json). */
import { ok, type VulnsResult } from '../../errors.js';
import type { KevEntry } from '../../record.js';
import { dropDuplicates, type KevCatalogue, kevRecordError, kevSourceFailure, readKevEntry, type SkippedKevEntry, show } from './kev-entry.js';

/**
 * Reads the JSON form of the KEV catalogue. Each entry is checked against the catalogue schema (CVE
 * id, `YYYY-MM-DD` dates, `Known`/`Unknown`, `CWE-n` list); an entry that fails is skipped with
 * `SAKIMORI_ERR_VULN_RECORD_MALFORMED` and the rest are kept. Text that is not JSON, a document
 * without a `vulnerabilities` list, or a `count` that disagrees with the list (a download cut
 * short) gives `SAKIMORI_ERR_VULN_SOURCE_MALFORMED`.
 *
 * @example
 * ```ts
 * const r = readKevJson(text);
 * if (r.ok) console.log(r.value.catalogVersion, r.value.entries.length, r.value.skipped.length);
 * ```
 */
export function readKevJson(text: string): VulnsResult<KevCatalogue> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return kevSourceFailure(`not JSON: ${(e as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return kevSourceFailure('the catalogue is not a JSON object');
  const catalogue = doc as Record<string, unknown>;
  const vulnerabilities = catalogue.vulnerabilities;
  if (!Array.isArray(vulnerabilities)) return kevSourceFailure('no "vulnerabilities" list', { path: 'vulnerabilities' });
  for (const member of ['catalogVersion', 'dateReleased']) {
    if (member in catalogue && typeof catalogue[member] !== 'string') return kevSourceFailure(`"${member}" is not a string`, { path: member });
  }
  const count = catalogue.count;
  if (count !== undefined && count !== vulnerabilities.length) {
    return kevSourceFailure(`"count" says ${show(count)} entries but the catalogue lists ${vulnerabilities.length}`, { path: 'count' });
  }
  const skipped: SkippedKevEntry[] = [];
  const read: { entry: KevEntry; record: string }[] = [];
  for (const [i, raw] of vulnerabilities.entries()) {
    const record = recordName(raw, i);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      skipped.push({ record, error: kevRecordError(record, { path: `vulnerabilities[${i}]`, problem: 'not an object' }) });
      continue;
    }
    const r = readKevEntry(raw as Record<string, unknown>);
    if (r.ok) read.push({ entry: r.entry, record });
    else skipped.push({ record, error: kevRecordError(record, r) });
  }
  const entries = dropDuplicates(read, skipped);
  return ok({ ...version(catalogue), entries, skipped });
}

/** The entry's `cveID` when it has a usable one, else its place in the list. */
function recordName(raw: unknown, i: number): string {
  const id = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).cveID : undefined;
  return typeof id === 'string' && id !== '' && id.length <= 40 ? id : `vulnerabilities[${i}]`;
}

function version(catalogue: Record<string, unknown>): { catalogVersion?: string; dateReleased?: string } {
  const out: { catalogVersion?: string; dateReleased?: string } = {};
  if (typeof catalogue.catalogVersion === 'string') out.catalogVersion = catalogue.catalogVersion;
  if (typeof catalogue.dateReleased === 'string') out.dateReleased = catalogue.dateReleased;
  return out;
}
