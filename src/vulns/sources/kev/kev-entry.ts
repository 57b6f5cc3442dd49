/**
 * The CISA KEV catalogue as read from either of its forms, and the checks of one entry against the
 * catalogue's JSON schema (known_exploited_vulnerabilities_schema.json), shared by the JSON and CSV
 * readers so that both forms of one release give the same entries.
 */
import type { SakimoriError } from '../../../core/errors.js';
import { ERR_VULN_RECORD_MALFORMED, ERR_VULN_SOURCE_MALFORMED, type Failure } from '../../errors.js';
import { asCveId, type KevEntry } from '../../record.js';

/** An entry left out of a catalogue and why; `record` is its CVE id, or where it is when it has none. */
export interface SkippedKevEntry {
  readonly record: string;
  readonly error: SakimoriError;
}

/** A KEV catalogue: its release (JSON form only), the entries that could be read, and those skipped. */
export interface KevCatalogue {
  /** `2025.08.25`; the CSV form does not carry it. */
  readonly catalogVersion?: string;
  /** Release time, ISO 8601; the CSV form does not carry it. */
  readonly dateReleased?: string;
  /** Entries in catalogue order (newest first, as CISA publishes them). */
  readonly entries: readonly KevEntry[];
  readonly skipped: readonly SkippedKevEntry[];
}

/** The fields of a {@link KevEntry} in catalogue order, each with its name in the catalogue (JSON member, CSV column). */
export const KEV_FIELDS = [
  ['cveId', 'cveID'],
  ['vendorProject', 'vendorProject'],
  ['product', 'product'],
  ['vulnerabilityName', 'vulnerabilityName'],
  ['dateAdded', 'dateAdded'],
  ['shortDescription', 'shortDescription'],
  ['requiredAction', 'requiredAction'],
  ['dueDate', 'dueDate'],
  ['knownRansomwareCampaignUse', 'knownRansomwareCampaignUse'],
  ['notes', 'notes'],
  ['cwes', 'cwes'],
] as const satisfies readonly (readonly [keyof KevEntry, string])[];

// Compile-time check that KEV_FIELDS names every field of KevEntry, so diffKev compares them all.
type Unlisted = Exclude<keyof KevEntry, (typeof KEV_FIELDS)[number][0]>;
const everyFieldListed: Unlisted extends never ? true : never = true;
void everyFieldListed;

/** Members the schema requires of every entry; the rest may be absent in older releases. */
export const KEV_REQUIRED = ['cveID', 'vendorProject', 'product', 'vulnerabilityName', 'dateAdded', 'shortDescription', 'requiredAction', 'dueDate'] as const;

/** Every member (column) the catalogue defines. */
export const KEV_MEMBERS: readonly string[] = KEV_FIELDS.map(([, member]) => member);

// The schema's own pattern: a 4-digit year and 4 to 19 digits.
const CVE_PATTERN = /^CVE-[0-9]{4}-[0-9]{4,19}$/;
const CWE_PATTERN = /^CWE-[0-9]+$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** What is wrong with one member of an entry: its JSON path (`cwes[1]`) and the problem. */
export interface EntryProblem {
  readonly path: string;
  readonly problem: string;
}

/**
 * Checks one catalogue entry (members as the catalogue names them) and builds the {@link KevEntry}.
 * `knownRansomwareCampaignUse`, `notes` and `cwes`, which the schema does not require, default to
 * `Unknown` (CISA's word for "not confirmed"), the empty string and no CWEs. Text is kept as CISA
 * wrote it, spaces included, so that the JSON and CSV forms give the same entries.
 */
export function readKevEntry(raw: Readonly<Record<string, unknown>>): { readonly ok: true; readonly entry: KevEntry } | ({ readonly ok: false } & EntryProblem) {
  for (const member of KEV_REQUIRED) {
    if (!Object.hasOwn(raw, member)) return { ok: false, path: member, problem: 'missing' };
    if (typeof raw[member] !== 'string') return { ok: false, path: member, problem: `not a string (${typeName(raw[member])})` };
  }
  const text = (member: string): string => raw[member] as string;
  const cveId = asCveId(text('cveID'));
  if (cveId === undefined || !CVE_PATTERN.test(cveId)) return { ok: false, path: 'cveID', problem: `not a CVE id (${show(text('cveID'))})` };
  for (const member of ['dateAdded', 'dueDate']) {
    if (!isDate(text(member))) return { ok: false, path: member, problem: `not a YYYY-MM-DD date (${show(text(member))})` };
  }
  const ransomware = raw.knownRansomwareCampaignUse ?? 'Unknown';
  if (ransomware !== 'Known' && ransomware !== 'Unknown') return { ok: false, path: 'knownRansomwareCampaignUse', problem: `neither Known nor Unknown (${show(ransomware)})` };
  const notes = raw.notes ?? '';
  if (typeof notes !== 'string') return { ok: false, path: 'notes', problem: `not a string (${typeName(notes)})` };
  const cwes = readCwes(raw.cwes ?? []);
  if ('problem' in cwes) return { ok: false, ...cwes };
  const entry: KevEntry = {
    cveId,
    vendorProject: text('vendorProject'),
    product: text('product'),
    vulnerabilityName: text('vulnerabilityName'),
    dateAdded: text('dateAdded'),
    shortDescription: text('shortDescription'),
    requiredAction: text('requiredAction'),
    dueDate: text('dueDate'),
    knownRansomwareCampaignUse: ransomware,
    notes,
    cwes: cwes.list,
  };
  return { ok: true, entry };
}

function readCwes(value: unknown): { readonly list: readonly string[] } | EntryProblem {
  if (!Array.isArray(value)) return { path: 'cwes', problem: `not a list (${typeName(value)})` };
  for (const [i, cwe] of value.entries()) {
    if (typeof cwe !== 'string' || !CWE_PATTERN.test(cwe)) return { path: `cwes[${i}]`, problem: `not a CWE id (${show(cwe)})` };
  }
  return { list: [...(value as string[])] };
}

/** True for `YYYY-MM-DD` naming a day of the calendar (no 2025-02-30). */
export function isDate(text: string): boolean {
  const m = DATE_PATTERN.exec(text);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

/** The `SAKIMORI_ERR_VULN_RECORD_MALFORMED` error of a skipped entry. */
export function kevRecordError(record: string, where: EntryProblem): SakimoriError {
  return new ERR_VULN_RECORD_MALFORMED(`kev ${record}: ${where.path}: ${where.problem}`, { details: { source: 'kev', record, path: where.path } });
}

/** A `SAKIMORI_ERR_VULN_SOURCE_MALFORMED` failure for a catalogue that cannot be read at all. */
export function kevSourceFailure(problem: string, details: Record<string, unknown> = {}): Failure {
  return { ok: false, error: new ERR_VULN_SOURCE_MALFORMED(`kev: ${problem}`, { details: { source: 'kev', ...details } }) };
}

/**
 * Keeps the first entry of each CVE id: a catalogue lists a CVE once, and a second entry would make
 * diffs and merges depend on order. Later duplicates are skipped with an error.
 */
export function dropDuplicates(entries: readonly { entry: KevEntry; record: string }[], skipped: SkippedKevEntry[]): KevEntry[] {
  const seen = new Set<string>();
  const kept: KevEntry[] = [];
  for (const { entry, record } of entries) {
    if (seen.has(entry.cveId)) skipped.push({ record, error: kevRecordError(record, { path: 'cveID', problem: `${entry.cveId} is listed twice` }) });
    else {
      seen.add(entry.cveId);
      kept.push(entry);
    }
  }
  return kept;
}

/** A value shown in an error message, cut short: entries come from outside. */
export function show(value: unknown): string {
  const s = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeName(value);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}
