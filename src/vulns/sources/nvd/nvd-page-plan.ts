/**
 * Paging through the NVD CVE API 2.0 by last-modified date: the query string of each request and
 * the offset of the next page. NVD's rules (https://nvd.nist.gov/developers/vulnerabilities):
 * `lastModStartDate` and `lastModEndDate` go together, in extended ISO 8601 with an offset, at most
 * 120 consecutive days apart; `resultsPerPage` is at most 2,000; `startIndex` counts from 0.
 */
import { ERR_VULN_SOURCE_MALFORMED, type Failure, ok, type VulnsResult } from '../../errors.js';
import type { NvdPage } from './read-nvd-page.js';

/** Largest `resultsPerPage` NVD serves (also its default). */
export const NVD_MAX_RESULTS_PER_PAGE = 2000;
/** Longest date range NVD accepts, in days. */
export const NVD_MAX_RANGE_DAYS = 120;

const DAY_MS = 86_400_000;
// The offset is required: without it NVD reads the time as GMT, and a caller's local midnight
// would silently shift the window. `.sss` is optional, as in NVD's own examples.
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

/** Parameters of one CVE API request for records modified in a window. */
export interface NvdQuery {
  /** Start of the window, e.g. `2024-04-01T00:00:00.000+00:00`; only together with `lastModEndDate`. */
  readonly lastModStartDate?: string;
  /** End of the window, at most {@link NVD_MAX_RANGE_DAYS} after the start. */
  readonly lastModEndDate?: string;
  /** Offset of the first record wanted, from 0. */
  readonly startIndex?: number;
  /** Records per page, 1 to {@link NVD_MAX_RESULTS_PER_PAGE}. */
  readonly resultsPerPage?: number;
}

/**
 * Gives the `startIndex` of the page after `page`, or undefined when `page` was the last one. The
 * skipped records count: they were served, only not readable.
 *
 * @example
 * ```ts
 * nextStartIndex({ startIndex: 0, totalResults: 3205, records, skipped }); // 2000 when the page held 2000 items
 * ```
 */
export function nextStartIndex(page: Pick<NvdPage, 'startIndex' | 'totalResults' | 'records' | 'skipped'>): number | undefined {
  const next = page.startIndex + page.records.length + page.skipped.length;
  return next < page.totalResults ? next : undefined;
}

/**
 * Builds the query string (without `?`) of a CVE API 2.0 request, or a
 * `SAKIMORI_ERR_VULN_SOURCE_MALFORMED` failure naming the parameter when NVD would refuse it: one
 * date without the other, a date without an offset, an end before the start, a window longer than
 * {@link NVD_MAX_RANGE_DAYS} days, a `startIndex` that is not a non-negative integer or a
 * `resultsPerPage` outside 1–{@link NVD_MAX_RESULTS_PER_PAGE}.
 *
 * @example
 * ```ts
 * nvdQuery({ lastModStartDate: '2021-08-04T13:00:00.000+01:00', lastModEndDate: '2021-10-22T13:36:00.000+01:00', startIndex: 0, resultsPerPage: 2000 });
 * // { ok: true, value: 'lastModStartDate=2021-08-04T13:00:00.000%2B01:00&lastModEndDate=2021-10-22T13:36:00.000%2B01:00&startIndex=0&resultsPerPage=2000' }
 * ```
 */
export function nvdQuery(query: NvdQuery): VulnsResult<string> {
  const { lastModStartDate: start, lastModEndDate: end, startIndex, resultsPerPage } = query;
  const params: string[] = [];
  if (start !== undefined || end !== undefined) {
    const problem = windowProblem(start, end);
    if (problem !== undefined) return problem;
    // `+` would read as a space in a query string; NVD's examples write it %2B and leave `:` as is.
    params.push(`lastModStartDate=${start?.replace('+', '%2B')}`, `lastModEndDate=${end?.replace('+', '%2B')}`);
  }
  if (startIndex !== undefined) {
    if (!Number.isSafeInteger(startIndex) || startIndex < 0) return queryFailure('startIndex', `a non-negative integer is required, found ${startIndex}`);
    params.push(`startIndex=${startIndex}`);
  }
  if (resultsPerPage !== undefined) {
    if (!Number.isSafeInteger(resultsPerPage) || resultsPerPage < 1 || resultsPerPage > NVD_MAX_RESULTS_PER_PAGE) {
      return queryFailure('resultsPerPage', `an integer from 1 to ${NVD_MAX_RESULTS_PER_PAGE} is required, found ${resultsPerPage}`);
    }
    params.push(`resultsPerPage=${resultsPerPage}`);
  }
  return ok(params.join('&'));
}

function windowProblem(start: string | undefined, end: string | undefined): Failure | undefined {
  if (start === undefined) return queryFailure('lastModStartDate', 'lastModEndDate is given, so lastModStartDate is required too');
  if (end === undefined) return queryFailure('lastModEndDate', 'lastModStartDate is given, so lastModEndDate is required too');
  for (const [name, value] of [['lastModStartDate', start] as const, ['lastModEndDate', end] as const]) {
    if (!ISO_WITH_OFFSET.test(value) || Number.isNaN(Date.parse(value))) return queryFailure(name, `an ISO 8601 date-time with an offset is required, found "${value}"`);
  }
  const span = Date.parse(end) - Date.parse(start);
  if (span < 0) return queryFailure('lastModEndDate', `${end} is before lastModStartDate ${start}`);
  if (span > NVD_MAX_RANGE_DAYS * DAY_MS) return queryFailure('lastModEndDate', `the window is ${(span / DAY_MS).toFixed(1)} days long; NVD allows at most ${NVD_MAX_RANGE_DAYS}`);
  return undefined;
}

function queryFailure(parameter: string, problem: string): Failure {
  return { ok: false, error: new ERR_VULN_SOURCE_MALFORMED(`NVD query: ${parameter}: ${problem}`, { details: { source: 'nvd', parameter } }) };
}
