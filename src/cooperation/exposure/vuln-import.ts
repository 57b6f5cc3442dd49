/**
 * Imports one document of a vulnerability source into the store: read it with the source's reader
 * (`vulns/sources/`), store the facts of every good record in one transaction, count and list the
 * records skipped, and record the run. A document that cannot be read as a whole is refused: the
 * run is recorded as `refused`, no fact is stored, and the coded error is thrown.
 *
 * Full catalogues replace what they no longer hold: a KEV release without an entry removes that
 * entry's KEV facts (CISA withdraws entries rarely, but does), so the store always equals the
 * latest release.
 */
import type { Clock } from '../../core/clock.js';
import type { SakimoriError } from '../../core/errors.js';
import { ERR_VULN_SOURCE_MALFORMED, type VulnsResult } from '../../vulns/errors.js';
import type { CveId, JvnFacts } from '../../vulns/record.js';
import { parseCve5Record } from '../../vulns/sources/cve5/index.js';
import { readEpssCsv } from '../../vulns/sources/epss/index.js';
import { readJvnRss, readJvnVuldef } from '../../vulns/sources/jvn/index.js';
import { type KevCatalogue, readKevCsv, readKevJson } from '../../vulns/sources/kev/index.js';
import { readNvdPage } from '../../vulns/sources/nvd/index.js';
import type { FactsRow, ImportRun, VulnStore } from './vuln-store.js';

/** The kinds of document an import reads. */
export const VULN_DOCUMENT_KINDS = ['nvd', 'cve5', 'kev-json', 'kev-csv', 'epss', 'jvn-rss', 'jvn-vuldef'] as const;

/** One of {@link VULN_DOCUMENT_KINDS}. */
export type VulnDocumentKind = (typeof VULN_DOCUMENT_KINDS)[number];

/** A document to import. */
export interface VulnDocument {
  readonly kind: VulnDocumentKind;
  readonly text: string;
  /** File name or URL, for the run's record. */
  readonly origin: string;
  readonly mode?: 'file' | 'poll';
}

/** What an import did. */
export interface VulnImportOutcome {
  readonly run: ImportRun;
  /** CVEs whose merged record changed (new, changed or with facts removed). */
  readonly changed: readonly CveId[];
  /** KEV imports: entries new to the catalogue since the last release stored. */
  readonly kevAdded: readonly CveId[];
}

/** Problems listed in a run's record; the count is always complete. */
const LISTED_PROBLEMS = 50;

interface Parsed {
  readonly rows: readonly FactsRow[];
  readonly skipped: readonly SakimoriError[];
  readonly read: number;
  /** For full catalogues: every CVE the source now holds (facts of others are removed). */
  readonly complete?: readonly CveId[];
  readonly state?: unknown;
}

/** Imports `doc` into `store` (see the module comment). */
export async function importVulnDocument(store: VulnStore, clock: Clock, doc: VulnDocument): Promise<VulnImportOutcome> {
  const started = clock.now();
  const parsed = parseDocument(doc);
  const base = { source: sourceOf(doc.kind), mode: doc.mode ?? 'file', origin: doc.origin, started_at: started };
  if (!parsed.ok) {
    await store.recordRun({ ...base, finished_at: clock.now(), outcome: 'refused', read: 0, changed: 0, unchanged: 0, skipped: 0, problems: [problem(parsed.error)] });
    throw parsed.error;
  }
  const p = parsed.value;
  const source = base.source;
  const before = source === 'kev' ? new Set(await store.cvesOf('kev')) : undefined;
  const put = await store.putFacts(p.rows);
  const removed =
    p.complete === undefined
      ? []
      : await store.removeFacts(
          source,
          (await store.cvesOf(source)).filter((c) => !new Set(p.complete).has(c)),
        );
  if (p.state !== undefined) await store.setSourceState(source, p.state);
  const changed = [...new Set([...put.changed, ...removed])];
  const run = await store.recordRun({
    ...base,
    finished_at: clock.now(),
    outcome: p.skipped.length > 0 ? 'partial' : 'ok',
    read: p.read,
    changed: changed.length,
    unchanged: put.unchanged,
    skipped: p.skipped.length,
    problems: p.skipped.slice(0, LISTED_PROBLEMS).map(problem),
  });
  const kevAdded = before === undefined ? [] : put.changed.filter((c) => !before.has(c));
  return { run, changed, kevAdded };
}

function sourceOf(kind: VulnDocumentKind): FactsRow['source'] {
  return kind === 'kev-json' || kind === 'kev-csv' ? 'kev' : kind === 'jvn-rss' || kind === 'jvn-vuldef' ? 'jvn' : kind;
}

function problem(e: SakimoriError): { code: string; message: string; details?: unknown } {
  return { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) };
}

function parseDocument(doc: VulnDocument): VulnsResult<Parsed> {
  switch (doc.kind) {
    case 'nvd':
      return parseJson(doc.text, 'nvd', readNvd);
    case 'cve5':
      return parseJson(doc.text, 'cve5', readCve5);
    case 'kev-json':
      return fromKev(readKevJson(doc.text));
    case 'kev-csv':
      return fromKev(readKevCsv(doc.text));
    case 'epss':
      return readEpss(doc.text);
    case 'jvn-rss':
      return fromJvn(readJvnRss(doc.text));
    case 'jvn-vuldef':
      return fromJvn(readJvnVuldef(doc.text));
  }
}

function parseJson(text: string, source: string, read: (json: unknown) => VulnsResult<Parsed>): VulnsResult<Parsed> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: sourceError(`${source}: not JSON (${(e as Error).message})`, { source }) };
  }
  return read(json);
}

function sourceError(message: string, details: Record<string, unknown>): SakimoriError {
  return new ERR_VULN_SOURCE_MALFORMED(message, { details });
}

function readNvd(json: unknown): VulnsResult<Parsed> {
  const page = readNvdPage(json);
  if (!page.ok) return page;
  const rows: FactsRow[] = page.value.records.map((facts) => ({ source: 'nvd', cve: facts.id, at: facts.lastModified, facts }));
  return { ok: true, value: { rows, skipped: page.value.skipped.map((s) => s.error), read: rows.length + page.value.skipped.length } };
}

/** One CVE 5 record, or an array of them (a bad one is skipped). */
function readCve5(json: unknown): VulnsResult<Parsed> {
  const items = Array.isArray(json) ? json : [json];
  const rows: FactsRow[] = [];
  const skipped: SakimoriError[] = [];
  for (const item of items) {
    const r = parseCve5Record(item);
    if (r.ok) rows.push({ source: 'cve5', cve: r.value.id, ...(r.value.dateUpdated === undefined ? {} : { at: r.value.dateUpdated }), facts: r.value });
    else if (!Array.isArray(json)) return r;
    else skipped.push(r.error);
  }
  return { ok: true, value: { rows, skipped, read: items.length } };
}

function fromKev(result: VulnsResult<KevCatalogue>): VulnsResult<Parsed> {
  if (!result.ok) return result;
  const c = result.value;
  const rows: FactsRow[] = c.entries.map((facts) => ({ source: 'kev', cve: facts.cveId, at: facts.dateAdded, facts }));
  const state = { catalogVersion: c.catalogVersion ?? null, dateReleased: c.dateReleased ?? null, count: c.entries.length };
  // A catalogue with skipped entries is not complete: removing what it "lacks" would drop entries that are only unreadable.
  const complete = c.skipped.length === 0 ? c.entries.map((e) => e.cveId) : undefined;
  return { ok: true, value: { rows, skipped: c.skipped.map((s) => s.error), read: rows.length + c.skipped.length, state, ...(complete === undefined ? {} : { complete }) } };
}

function readEpss(text: string): VulnsResult<Parsed> {
  const result = readEpssCsv(text);
  if (!result.ok) return result;
  const f = result.value;
  const rows: FactsRow[] = f.scores.map((facts) => ({ source: 'epss', cve: facts.cve, at: facts.scoreDate, facts }));
  return { ok: true, value: { rows, skipped: f.skipped.map((s) => s.error), read: rows.length + f.skipped.length, state: { modelVersion: f.modelVersion, scoreDate: f.scoreDate } } };
}

function fromJvn(result: VulnsResult<{ readonly items: readonly JvnFacts[]; readonly skipped: readonly { readonly error: SakimoriError }[] }>): VulnsResult<Parsed> {
  if (!result.ok) return result;
  const { items, skipped } = result.value;
  // One JVNDB entry can name several CVEs: its facts are stored under each, keyed by the JVNDB id.
  const rows: FactsRow[] = items.flatMap((facts) => facts.cves.map((cve) => ({ source: 'jvn' as const, cve, key: facts.id, ...(facts.modified === undefined ? {} : { at: facts.modified }), facts })));
  return { ok: true, value: { rows, skipped: skipped.map((s) => s.error), read: items.length + skipped.length } };
}
