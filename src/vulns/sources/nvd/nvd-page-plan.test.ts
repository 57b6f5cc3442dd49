/**
 * NVD's request rules as `nvdQuery` enforces them, and the offset of the next page.
 */
import { describe, expect, it } from 'vitest';
import { NVD_MAX_RESULTS_PER_PAGE, nextStartIndex, nvdQuery } from './nvd-page-plan.js';

function refusal(query: Parameters<typeof nvdQuery>[0]) {
  const r = nvdQuery(query);
  if (r.ok) throw new Error(`accepted: ${r.value}`);
  return r.error;
}

describe('nvd/nvdQuery', () => {
  it("builds the query of NVD's own last-modified example, + written %2B", () => {
    expect(nvdQuery({ lastModStartDate: '2021-08-04T13:00:00.000+01:00', lastModEndDate: '2021-10-22T13:36:00.000+01:00', startIndex: 0, resultsPerPage: 2000 })).toEqual({
      ok: true,
      value: 'lastModStartDate=2021-08-04T13:00:00.000%2B01:00&lastModEndDate=2021-10-22T13:36:00.000%2B01:00&startIndex=0&resultsPerPage=2000',
    });
  });

  it('accepts a window of exactly 120 days in UTC, negative offsets, and no window at all', () => {
    expect(nvdQuery({ lastModStartDate: '2024-01-01T00:00:00Z', lastModEndDate: '2024-04-30T00:00:00Z' })).toEqual({
      ok: true,
      value: 'lastModStartDate=2024-01-01T00:00:00Z&lastModEndDate=2024-04-30T00:00:00Z',
    });
    expect(nvdQuery({ lastModStartDate: '2024-01-01T00:00:00.000-05:00', lastModEndDate: '2024-01-02T00:00:00.000-05:00' }).ok).toBe(true);
    expect(nvdQuery({ startIndex: 4000 })).toEqual({ ok: true, value: 'startIndex=4000' });
  });

  it('refuses a window longer than 120 days, counting the offsets', () => {
    const e = refusal({ lastModStartDate: '2024-01-01T00:00:00Z', lastModEndDate: '2024-04-30T00:00:00.001Z' });
    expect(e.code).toBe('SAKIMORI_ERR_VULN_SOURCE_MALFORMED');
    expect(e.details).toEqual({ source: 'nvd', parameter: 'lastModEndDate' });
    expect(e.message).toMatch(/at most 120/);
    // 00:00 at +01:00 is 23:00 UTC the day before: one hour more than 120 days.
    expect(refusal({ lastModStartDate: '2024-01-01T00:00:00+01:00', lastModEndDate: '2024-04-30T00:00:00Z' }).message).toMatch(/120\.0 days long/);
  });

  it('refuses one date without the other, a date without offset, and an end before the start', () => {
    expect(refusal({ lastModStartDate: '2024-01-01T00:00:00Z' }).details).toEqual({ source: 'nvd', parameter: 'lastModEndDate' });
    expect(refusal({ lastModEndDate: '2024-01-01T00:00:00Z' }).details).toEqual({ source: 'nvd', parameter: 'lastModStartDate' });
    expect(refusal({ lastModStartDate: '2024-01-01T00:00:00', lastModEndDate: '2024-01-02T00:00:00Z' }).message).toMatch(/lastModStartDate: an ISO 8601 date-time with an offset/);
    expect(refusal({ lastModStartDate: '2024-01-01', lastModEndDate: '2024-01-02T00:00:00Z' }).details).toEqual({ source: 'nvd', parameter: 'lastModStartDate' });
    expect(refusal({ lastModStartDate: '2024-01-02T00:00:00Z', lastModEndDate: '2024-13-01T00:00:00Z' }).details).toEqual({ source: 'nvd', parameter: 'lastModEndDate' });
    expect(refusal({ lastModStartDate: '2024-01-02T00:00:00Z', lastModEndDate: '2024-01-01T00:00:00Z' }).message).toMatch(/before lastModStartDate/);
  });

  it('refuses resultsPerPage outside 1–2000 and a startIndex that is not a count', () => {
    expect(nvdQuery({ resultsPerPage: NVD_MAX_RESULTS_PER_PAGE }).ok).toBe(true);
    for (const resultsPerPage of [0, 2001, 1.5, Number.NaN]) expect(refusal({ resultsPerPage }).details).toEqual({ source: 'nvd', parameter: 'resultsPerPage' });
    for (const startIndex of [-1, 0.5, Number.POSITIVE_INFINITY]) expect(refusal({ startIndex }).details).toEqual({ source: 'nvd', parameter: 'startIndex' });
  });
});

describe('nvd/nextStartIndex', () => {
  const page = (startIndex: number, totalResults: number, records: number, skipped = 0) => ({
    startIndex,
    totalResults,
    records: Array(records).fill({}),
    skipped: Array(skipped).fill({ index: 0, error: new Error('x') }),
  });

  it('moves past every item served, readable or skipped, and stops at totalResults', () => {
    expect(nextStartIndex(page(0, 3205, 1998, 2))).toBe(2000);
    expect(nextStartIndex(page(2000, 3205, 1205))).toBeUndefined();
    expect(nextStartIndex(page(0, 0, 0))).toBeUndefined();
  });
});
