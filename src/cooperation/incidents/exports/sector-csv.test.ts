import { describe, expect, it } from 'vitest';
import type { IncidentSummary } from '../incident-view.js';
import { csvCell, SECTOR_CSV_COLUMNS, sectorIncidentsCsv } from './sector-csv.js';

const ROW: IncidentSummary = {
  id: 'inc-1',
  organizationId: 'org-1',
  sector: 'electricity',
  regime: 'jp-act',
  title: 'Outage, "control" network',
  category: 'intrusion',
  state: 'open',
  nextDue: { at: Date.UTC(2026, 10, 4, 15), local: '2026-11-04T24:00:00+09:00', ref: 'written-report' },
  overdueBySeconds: 90_000,
  nonCompliant: true,
  updatedAt: Date.UTC(2026, 10, 5, 16),
};

/** Splits RFC 4180 text into rows of unquoted cells (every cell quoted, as the writer does). */
function parse(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  const re = /"((?:[^"]|"")*)"(,|\r\n)/gy;
  for (let m = re.exec(csv); m !== null; m = re.exec(csv)) {
    row.push((m[1] ?? '').replace(/""/g, '"'));
    if (m[2] === '\r\n') {
      rows.push(row);
      row = [];
    }
  }
  expect(re.lastIndex === 0 ? csv.length : re.lastIndex, 'the whole text is quoted cells').toBe(csv.length);
  return rows;
}

describe('sectorIncidentsCsv', () => {
  it('writes a header and one quoted, CRLF-terminated row per incident', () => {
    const csv = sectorIncidentsCsv([ROW, { ...ROW, id: 'inc-2', organizationId: 'org-2', nextDue: null, overdueBySeconds: null, nonCompliant: false }], new Map([['org-1', 'Kaminari Power']]));
    expect(csv.split('\r\n')).toHaveLength(4);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const rows = parse(csv);
    expect(rows[0]).toEqual([...SECTOR_CSV_COLUMNS]);
    expect(rows[1]).toEqual([
      'Kaminari Power',
      'org-1',
      'inc-1',
      'jp-act',
      'Outage, "control" network',
      'intrusion',
      'open',
      'written-report',
      '2026-11-04T15:00:00.000Z',
      '2026-11-04T24:00:00+09:00',
      '90000',
      '1 d 1 h 0 min 0 s',
      'yes',
      '2026-11-05T16:00:00.000Z',
    ]);
    expect(rows[2]).toEqual(['', 'org-2', 'inc-2', 'jp-act', 'Outage, "control" network', 'intrusion', 'open', '', '', '', '', '', 'no', '2026-11-05T16:00:00.000Z']);
  });

  it('neutralises formulas in every cell an operator or registry writes', () => {
    const titles = ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\r=1'];
    const csv = sectorIncidentsCsv(
      titles.map((title, i) => ({ ...ROW, id: `inc-${i}`, title })),
      new Map([['org-1', '=cmd|"/c calc"!A1']]),
    );
    const rows = parse(csv).slice(1);
    expect(rows.map((r) => r[4])).toEqual(titles.map((t) => `'${t}`));
    expect(rows.every((r) => r[0] === `'=cmd|"/c calc"!A1`)).toBe(true);
  });

  it('keeps line breaks inside a quoted cell, and can start with a byte order mark', () => {
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(sectorIncidentsCsv([], new Map(), { bom: true }).startsWith('\uFEFF"organisation"')).toBe(true);
  });
});
