/**
 * One page of an NVD CVE API 2.0 response: the paging header checked against what was asked for and
 * against NVD's offset paging (startIndex, resultsPerPage, totalResults), then every record read.
 */
import type { SakimoriError } from '../../../core/errors.js';
import { ERR_VULN_SOURCE_MALFORMED, type Failure, ok, type VulnsResult } from '../../errors.js';
import type { NvdFacts } from '../../record.js';
import { count, type JsonObject, list, object, ShapeError, timestamp } from './json-shape.js';
import { parseNvdRecord } from './parse-nvd-record.js';

/** A page of NVD CVE records: the paging header, the records read and those that could not be. */
export interface NvdPage {
  /** Offset of the page's first record in the whole result set. */
  readonly startIndex: number;
  readonly resultsPerPage: number;
  /** Size of the whole result set when the page was served. */
  readonly totalResults: number;
  /** When NVD served the page (ISO 8601, as NVD writes it). */
  readonly timestamp: string;
  readonly records: readonly NvdFacts[];
  /** Records that broke a rule, by position in the page's `vulnerabilities`, each with its `SAKIMORI_ERR_VULN_RECORD_MALFORMED` error. */
  readonly skipped: readonly { readonly index: number; readonly error: SakimoriError }[];
}

/** What the caller asked for, to tell a repeated or skipped page from the one due. */
export interface NvdPageExpectation {
  readonly startIndex: number;
}

interface Header {
  readonly startIndex: number;
  readonly resultsPerPage: number;
  readonly totalResults: number;
  readonly timestamp: string;
  readonly items: readonly unknown[];
}

/**
 * Reads one NVD CVE API 2.0 response page. A page that cannot be trusted as a whole — not an object,
 * counts missing or negative, `vulnerabilities` not an array, another `format`, a `startIndex` other
 * than `expect.startIndex` (a repeated or skipped page), `startIndex` past `totalResults`, more items
 * than `resultsPerPage`, or fewer than `min(resultsPerPage, totalResults - startIndex)` (a page cut
 * short) — gives `SAKIMORI_ERR_VULN_SOURCE_MALFORMED` with `details.source = 'nvd'`. A bad record in
 * a good page is listed in `skipped` and the others are kept.
 *
 * @example
 * ```ts
 * const r = readNvdPage(JSON.parse(body), { startIndex: 2000 });
 * if (r.ok) store(r.value.records), count(r.value.skipped.length);
 * ```
 */
export function readNvdPage(json: unknown, expect?: NvdPageExpectation): VulnsResult<NvdPage> {
  let header: Header;
  try {
    header = readHeader(json);
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    return pageFailure(`${e.path}: ${e.problem}`, { path: e.path });
  }
  const problem = pagingProblem(header, expect);
  if (problem !== undefined) return problem;
  const records: NvdFacts[] = [];
  const skipped: { index: number; error: SakimoriError }[] = [];
  header.items.forEach((item, index) => {
    const r = parseNvdRecord(item, { page: header.startIndex, index });
    if (r.ok) records.push(r.value);
    else skipped.push({ index, error: r.error });
  });
  const { startIndex, resultsPerPage, totalResults, timestamp } = header;
  return ok({ startIndex, resultsPerPage, totalResults, timestamp, records, skipped });
}

function readHeader(json: unknown): Header {
  const page: JsonObject = object(json, '$');
  // A CPE or match-criteria page (NVD_CPE, NVD_CPEMatch) given by mistake is refused here.
  if (page.format !== undefined && page.format !== 'NVD_CVE') throw new ShapeError('format', `NVD_CVE is required, found ${JSON.stringify(page.format)}`);
  return {
    startIndex: count(page.startIndex, 'startIndex'),
    resultsPerPage: count(page.resultsPerPage, 'resultsPerPage'),
    totalResults: count(page.totalResults, 'totalResults'),
    timestamp: timestamp(page.timestamp, 'timestamp'),
    items: list(page.vulnerabilities, 'vulnerabilities'),
  };
}

/** The paging rule `h` breaks, as a failure, or undefined when the page is the one due and whole. */
function pagingProblem(h: Header, expect: NvdPageExpectation | undefined): Failure | undefined {
  const numbers = { startIndex: h.startIndex, resultsPerPage: h.resultsPerPage, totalResults: h.totalResults, items: h.items.length };
  if (expect !== undefined && h.startIndex !== expect.startIndex) {
    const what = h.startIndex < expect.startIndex ? 'a page already read' : 'a page skipped';
    return pageFailure(`startIndex ${h.startIndex} where ${expect.startIndex} was asked for (${what})`, { ...numbers, expectedStartIndex: expect.startIndex });
  }
  if (h.totalResults < h.startIndex) return pageFailure(`startIndex ${h.startIndex} is past totalResults ${h.totalResults}`, numbers);
  if (h.items.length > h.resultsPerPage) return pageFailure(`${h.items.length} records on a page of resultsPerPage ${h.resultsPerPage}`, numbers);
  const due = Math.min(h.resultsPerPage, h.totalResults - h.startIndex);
  if (h.items.length < due) return pageFailure(`page ends early: ${h.items.length} records where ${due} are due`, numbers);
  // resultsPerPage 0 with results left would have a poller ask for the same page forever.
  if (h.items.length === 0 && h.totalResults > h.startIndex) return pageFailure(`no records although ${h.totalResults - h.startIndex} remain`, numbers);
  return undefined;
}

function pageFailure(problem: string, details: Record<string, unknown>): Failure {
  return { ok: false, error: new ERR_VULN_SOURCE_MALFORMED(`NVD page: ${problem}`, { details: { source: 'nvd', ...details } }) };
}
