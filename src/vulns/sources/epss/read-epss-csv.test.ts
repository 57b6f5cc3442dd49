/**
 * EPSS files in testdata/, written by hand because no published daily file could be obtained here
 * (see testdata/README.md): the format is FIRST's, the scores are invented.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../../core/errors.js';
import type { VulnsResult } from '../../errors.js';
import { type EpssFile, readEpssCsv } from './index.js';

const testdata = (name: string): string => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');

function value(r: VulnsResult<EpssFile>): EpssFile {
  if (!r.ok) throw r.error;
  return r.value;
}
function refusal(r: VulnsResult<EpssFile>): string {
  if (r.ok) throw new Error(`accepted ${r.value.scores.length} scores`);
  expect(isSakimoriError(r.error, 'SAKIMORI_ERR_VULN_SOURCE_MALFORMED')).toBe(true);
  expect(r.error.details?.source).toBe('epss');
  return r.error.message;
}
const provenance = { modelVersion: 'v2025.03.14', scoreDate: '2025-08-25' };

describe('readEpssCsv', () => {
  it('reads every row with the provenance of the comment line, scientific notation included', () => {
    expect(value(readEpssCsv(testdata('epss-scores.csv')))).toEqual({
      modelVersion: 'v2025.03.14',
      scoreDate: '2025-08-25',
      scoredAt: '2025-08-25T12:55:00Z',
      scores: [
        { cve: 'CVE-1999-0001', epss: 0.0129, percentile: 0.85718, ...provenance },
        { cve: 'CVE-2021-44228', epss: 0.94358, percentile: 0.99989, ...provenance },
        { cve: 'CVE-2024-0001', epss: 0.00005, percentile: 0.00268, ...provenance },
        { cve: 'CVE-2024-12345', epss: 0.00012, percentile: 0.0153, ...provenance },
        { cve: 'CVE-2025-48384', epss: 0.00082, percentile: 0.2401, ...provenance },
        { cve: 'CVE-2025-99999', epss: 0, percentile: 0, ...provenance },
        { cve: 'CVE-2025-100000', epss: 1, percentile: 1, ...provenance },
      ],
      skipped: [],
    });
  });

  it('takes a byte-order mark, CRLF, no final line break and the older +0000 score date', () => {
    const f = value(readEpssCsv(testdata('epss-scores-crlf-bom.csv')));
    expect([f.modelVersion, f.scoreDate, f.scoredAt]).toEqual(['v2023.03.01', '2024-01-02', '2024-01-02T00:00:00+0000']);
    expect(f.scores.map((s) => [s.cve, s.epss, s.percentile])).toEqual([
      ['CVE-2023-4863', 0.37422, 0.97003],
      ['CVE-2024-3094', 0.00075, 0.31004],
    ]);
  });

  it('reads columns by name, in any order', () => {
    expect(value(readEpssCsv(testdata('epss-scores-reordered.csv'))).scores).toEqual([
      { cve: 'CVE-2021-44228', epss: 0.94358, percentile: 0.99989, ...provenance },
      { cve: 'CVE-2024-0001', epss: 0.00005, percentile: 0.00268, ...provenance },
    ]);
  });

  it('skips and counts each bad row, naming its line and column, and keeps the first score of a CVE', () => {
    const f = value(readEpssCsv(testdata('epss-scores-bad-rows.csv')));
    expect(f.scores.map((s) => [s.cve, s.epss])).toEqual([
      ['CVE-2024-0001', 0.00005],
      ['CVE-2024-0012', 0.5],
    ]);
    const skips = f.skipped.map((s) => {
      expect(isSakimoriError(s.error, 'SAKIMORI_ERR_VULN_RECORD_MALFORMED')).toBe(true);
      expect(s.error.details).toEqual({ source: 'epss', record: s.record, path: s.error.details?.path });
      return `${s.record} ${String(s.error.details?.path)}`;
    });
    expect(skips).toEqual(['row 4 cve', 'row 5 epss', 'row 6 epss', 'row 7 epss', 'row 8 percentile', 'row 9 epss', 'row 10 epss', 'row 11 columns', 'row 12 epss', 'row 13 percentile', 'row 14 cve']);
    expect(f.skipped.map((s) => s.error.message).slice(0, 3)).toEqual([
      'malformed vulnerability record: epss row 4: cve: not a CVE id ("cve-2024-0002")',
      'malformed vulnerability record: epss row 5: epss: outside 0–1 ("1.5")',
      'malformed vulnerability record: epss row 6: epss: outside 0–1 ("-0.01")',
    ]);
  });

  it('refuses a header with an unexpected or a missing column, naming it', () => {
    expect(refusal(readEpssCsv(testdata('epss-scores-extra-column.csv')))).toBe('malformed vulnerability source: epss: header: unexpected column(s) "model_version"');
    expect(refusal(readEpssCsv(testdata('epss-scores-missing-column.csv')))).toBe('malformed vulnerability source: epss: header: missing column(s) percentile');
    expect(refusal(readEpssCsv('#model_version:v1,score_date:2025-01-01\ncve,epss,epss,percentile\n'))).toContain('repeated column(s) epss');
  });

  it('refuses a file without the model version comment line, or with one that lacks a field', () => {
    expect(refusal(readEpssCsv(testdata('epss-scores-no-comment.csv')))).toContain('no #model_version:…,score_date:… comment line');
    expect(refusal(readEpssCsv('#score_date:2025-08-25T12:55:00Z\ncve,epss,percentile\n'))).toContain('no model_version');
    expect(refusal(readEpssCsv('#model_version:v2025.03.14,score_date:yesterday\ncve,epss,percentile\n'))).toContain('no ISO 8601 score_date ("yesterday")');
    expect(refusal(readEpssCsv('#model_version:v2025.03.14,score_date:2025-08-25'))).toContain('no header row');
    expect(refusal(readEpssCsv(''))).toContain('no #model_version');
  });

  it('refuses a body that is not CSV', () => {
    expect(refusal(readEpssCsv('#model_version:v1,score_date:2025-01-01\ncve,epss,percentile\n"CVE-2024-0001,0.1,0.2\n'))).toContain('a quoted field is never closed (line 3)');
  });
});
