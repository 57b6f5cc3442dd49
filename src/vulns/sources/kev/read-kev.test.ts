/** Bad KEV input, written by hand: what is skipped and counted, and what refuses the whole catalogue. */
import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../../core/errors.js';
import type { VulnsResult } from '../../errors.js';
import { diffKev, type KevCatalogue, readKevCsv, readKevJson } from './index.js';

const good = {
  cveID: 'CVE-2024-0001',
  vendorProject: 'Acme',
  product: 'Router',
  vulnerabilityName: 'Acme Router Command Injection',
  dateAdded: '2024-02-29',
  shortDescription: 'Acme Router contains a command injection.',
  requiredAction: 'Apply mitigations per vendor instructions.',
  dueDate: '2024-03-21',
  knownRansomwareCampaignUse: 'Known',
  notes: 'https://acme.example/advisory',
  cwes: ['CWE-78'],
};
const catalogue = (vulnerabilities: unknown[], extra: object = {}): string => JSON.stringify({ catalogVersion: '2024.02.29', dateReleased: '2024-02-29T12:00:00.000Z', vulnerabilities, ...extra });
const HEADER = 'cveID,vendorProject,product,vulnerabilityName,dateAdded,shortDescription,requiredAction,dueDate,knownRansomwareCampaignUse,notes,cwes';
const ROW =
  'CVE-2024-0001,Acme,Router,"Acme Router Command Injection",2024-02-29,"Acme Router contains a command injection.","Apply mitigations per vendor instructions.",2024-03-21,Known,"https://acme.example/advisory",CWE-78';

function value(r: VulnsResult<KevCatalogue>): KevCatalogue {
  if (!r.ok) throw r.error;
  return r.value;
}
function sourceError(r: VulnsResult<KevCatalogue>): string {
  if (r.ok) throw new Error('accepted');
  expect(isSakimoriError(r.error, 'SAKIMORI_ERR_VULN_SOURCE_MALFORMED')).toBe(true);
  expect(r.error.details?.source).toBe('kev');
  return r.error.message;
}
/** The skipped records as `record path` pairs, each checked to be a record error of source kev. */
function skips(c: KevCatalogue): string[] {
  return c.skipped.map((s) => {
    expect(isSakimoriError(s.error, 'SAKIMORI_ERR_VULN_RECORD_MALFORMED')).toBe(true);
    expect(s.error.details).toEqual({ source: 'kev', record: s.record, path: s.error.details?.path });
    return `${s.record} ${String(s.error.details?.path)}`;
  });
}

describe('readKevJson', () => {
  it('reads a valid entry into the model', () => {
    const { cveID, ...rest } = good;
    const c = value(readKevJson(catalogue([good])));
    expect(c).toEqual({ catalogVersion: '2024.02.29', dateReleased: '2024-02-29T12:00:00.000Z', entries: [{ cveId: cveID, ...rest }], skipped: [] });
  });

  it('gives the schema-optional members their meaning when absent: Unknown, no notes, no CWEs', () => {
    const { knownRansomwareCampaignUse: _k, notes: _n, cwes: _c, ...old } = good;
    const [entry] = value(readKevJson(catalogue([old]))).entries;
    expect([entry?.knownRansomwareCampaignUse, entry?.notes, entry?.cwes]).toEqual(['Unknown', '', []]);
  });

  it('skips and counts each malformed entry, naming the entry and the member at fault, and keeps the rest', () => {
    const c = value(
      readKevJson(
        catalogue([
          { ...good, cveID: 'CVE-24-1' },
          { ...good, cveID: 'CVE-2024-0002', dateAdded: '2024-02-30' },
          { ...good, cveID: 'CVE-2024-0003', dueDate: '03/21/2024' },
          { ...good, cveID: 'CVE-2024-0004', knownRansomwareCampaignUse: 'known' },
          { ...good, cveID: 'CVE-2024-0005', cwes: 'CWE-78' },
          { ...good, cveID: 'CVE-2024-0006', cwes: ['CWE-78', 'NVD-CWE-noinfo'] },
          { ...good, cveID: 'CVE-2024-0007', vendorProject: undefined },
          { ...good, cveID: 'CVE-2024-0008', product: 7 },
          { ...good, cveID: 42 },
          'CVE-2024-0009',
          { ...good, cveID: 'CVE-2024-0010' },
          { ...good, cveID: 'CVE-2024-0010', notes: 'again' },
        ]),
      ),
    );
    expect(c.entries.map((e) => e.cveId)).toEqual(['CVE-2024-0010']);
    expect(c.entries[0]?.notes).toBe(good.notes);
    expect(skips(c)).toEqual([
      'CVE-24-1 cveID',
      'CVE-2024-0002 dateAdded',
      'CVE-2024-0003 dueDate',
      'CVE-2024-0004 knownRansomwareCampaignUse',
      'CVE-2024-0005 cwes',
      'CVE-2024-0006 cwes[1]',
      'CVE-2024-0007 vendorProject',
      'CVE-2024-0008 product',
      'vulnerabilities[8] cveID',
      'vulnerabilities[9] vulnerabilities[9]',
      'CVE-2024-0010 cveID',
    ]);
    expect(c.skipped[1]?.error.message).toBe('malformed vulnerability record: kev CVE-2024-0002: dateAdded: not a YYYY-MM-DD date ("2024-02-30")');
  });

  it('refuses a catalogue it cannot read at all', () => {
    expect(sourceError(readKevJson('{"vulnerabilities": ['))).toMatch(/^malformed vulnerability source: kev: not JSON/);
    expect(sourceError(readKevJson('[]'))).toContain('not a JSON object');
    expect(sourceError(readKevJson('{"catalogVersion":"2024.01.01"}'))).toContain('no "vulnerabilities" list');
    expect(sourceError(readKevJson('{"vulnerabilities":{}}'))).toContain('no "vulnerabilities" list');
    expect(sourceError(readKevJson(catalogue([good], { catalogVersion: 2024 })))).toContain('"catalogVersion" is not a string');
    // A cut-off download that still parses: the count says more than the list holds.
    expect(sourceError(readKevJson(catalogue([good], { count: 2 })))).toContain('"count" says 2 entries but the catalogue lists 1');
  });
});

describe('readKevCsv', () => {
  it('reads the same entry as the JSON form, in any column order, with CRLF and a byte-order mark', () => {
    const fromJson = value(readKevJson(catalogue([good]))).entries;
    expect(value(readKevCsv(`${HEADER}\n${ROW}\n`)).entries).toEqual(fromJson);
    const columns = HEADER.split(',');
    const fields = [
      'CVE-2024-0001',
      'Acme',
      'Router',
      'Acme Router Command Injection',
      '2024-02-29',
      'Acme Router contains a command injection.',
      'Apply mitigations per vendor instructions.',
      '2024-03-21',
      'Known',
      'https://acme.example/advisory',
      'CWE-78',
    ];
    const order = [10, 0, 9, 1, 8, 2, 7, 3, 6, 4, 5];
    const shuffled = `\ufeff${order.map((i) => columns[i]).join(',')}\r\n${order.map((i) => `"${fields[i]}"`).join(',')}\r\n`;
    expect(value(readKevCsv(shuffled)).entries).toEqual(fromJson);
  });

  it('splits the cwes column on commas and reads an empty one as no CWEs', () => {
    const c = value(readKevCsv(`${HEADER}\n${ROW.replace(/CWE-78$/, '"CWE-78, CWE-22"')}\n${ROW.replace('0001', '0002').replace(/CWE-78$/, '')}`));
    expect(c.entries.map((e) => e.cwes)).toEqual([['CWE-78', 'CWE-22'], []]);
  });

  it('skips a bad row naming it by the line it starts on and the column at fault', () => {
    const multiline = ROW.replace('0001', '0005').replace('"Acme Router contains a command injection."', '"two\nlines"');
    const rows = [
      ROW.replace('0001', '0002').replace(',Known,', ',Yes,'),
      multiline,
      ROW.replace('0001', '0003').replace(/CWE-78$/, '"CWE-78, CWE 22"'),
      'CVE-2024-0004,Acme',
      ROW.replace('2024-03-21', '2024-3-21'),
    ];
    const c = value(readKevCsv([HEADER, ...rows].join('\n')));
    expect(c.entries.map((e) => e.cveId)).toEqual(['CVE-2024-0005']);
    // The multi-line row takes lines 3 and 4, so the rows after it start one line later.
    expect(skips(c)).toEqual(['row 2 knownRansomwareCampaignUse', 'row 5 cwes', 'row 6 columns', 'row 7 dueDate']);
  });

  it('refuses a header with missing, unexpected or repeated columns, naming them', () => {
    expect(sourceError(readKevCsv(`${HEADER.replace('dueDate,', '')}\n`))).toContain('missing column(s) dueDate');
    expect(sourceError(readKevCsv(`${HEADER},epss\n`))).toContain('unexpected column(s) "epss"');
    expect(sourceError(readKevCsv(`${HEADER},notes\n`))).toContain('repeated column(s) notes');
    expect(sourceError(readKevCsv(''))).toContain('no header row');
    expect(sourceError(readKevCsv(`${HEADER}\n${ROW.replace('"Acme Router Command', 'x"Acme Router Command')}`))).toContain('a quote inside an unquoted field (line 2)');
  });

  it('accepts the columns the schema does not require being absent', () => {
    const header = HEADER.replace(',knownRansomwareCampaignUse,notes,cwes', '');
    const row = ROW.replace(',Known,"https://acme.example/advisory",CWE-78', '');
    const [entry] = value(readKevCsv(`${header}\n${row}\n`)).entries;
    expect([entry?.knownRansomwareCampaignUse, entry?.notes, entry?.cwes]).toEqual(['Unknown', '', []]);
  });
});

describe('diffKev', () => {
  it('reports added, removed and changed entries with the fields that changed', () => {
    const one = value(readKevJson(catalogue([good, { ...good, cveID: 'CVE-2024-0002' }])));
    const two = value(
      readKevJson(
        catalogue([
          { ...good, cveID: 'CVE-2024-0003' },
          { ...good, cwes: ['CWE-78', 'CWE-77'], dueDate: '2024-04-01' },
        ]),
      ),
    );
    const d = diffKev(one, two);
    expect(d.added.map((e) => e.cveId)).toEqual(['CVE-2024-0003']);
    expect(d.removed.map((e) => e.cveId)).toEqual(['CVE-2024-0002']);
    expect(d.changed).toEqual([{ before: one.entries[0], after: two.entries[1], fields: ['dueDate', 'cwes'] }]);
  });
});
