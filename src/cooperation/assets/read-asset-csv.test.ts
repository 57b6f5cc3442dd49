import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSakimoriError, type SakimoriError } from '../../core/errors.js';
import { readAssetCsv } from './read-asset-csv.js';

const limits = { maxBytes: 1 << 20, maxRows: 100 };
const HEADER = 'vendor,product,version,cpe,purl,role,site,network,addresses,introduced_on,status';

function refusal(fn: () => unknown): SakimoriError {
  try {
    fn();
  } catch (e) {
    if (isSakimoriError(e)) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('readAssetCsv', () => {
  it('reads the sample: BOM, CRLF, quoted commas, quotes and line breaks, blank rows skipped, rows numbered as a spreadsheet shows them', () => {
    const inputs = readAssetCsv(readFileSync(new URL('testdata/assets.csv', import.meta.url)), limits);
    expect(inputs.map((i) => [i.where, i.input])).toEqual([
      [
        'row 2',
        {
          vendor: 'Fortinet',
          product: 'FortiGate 60F',
          version: '7.0.12',
          cpe: 'cpe:2.3:o:fortinet:fortios:7.0.12:*:*:*:*:*:*:*',
          purl: '',
          role: 'vpn-gateway',
          site: 'Tokyo DC, hall 2',
          network: '198.51.100.0/24',
          addresses: '198.51.100.10; 198.51.100.11',
          introducedOn: '2025-04-01',
          status: 'in-service',
        },
      ],
      [
        'row 3',
        {
          vendor: 'Siemens',
          product: 'SIMATIC S7-1500',
          version: 'V3.1',
          cpe: '',
          purl: '',
          role: 'ot-controller',
          site: 'Substation 7\r\n(Kawasaki)',
          network: '',
          addresses: '192.0.2.50 192.0.2.51',
          introducedOn: '2025/6/15',
          status: 'in-service',
        },
      ],
      [
        'row 4',
        {
          vendor: 'Yokogawa "CENTUM"',
          product: 'CENTUM VP',
          version: 'R6.11',
          cpe: '',
          purl: '',
          role: 'ot-supervisory',
          site: 'Plant A',
          network: '',
          addresses: '',
          introducedOn: '',
          status: 'planned',
        },
      ],
    ]);
    expect(inputs[0]?.label('introducedOn')).toBe('column introduced_on');
  });

  it('takes columns in any order, named loosely, and only those given', () => {
    const [row] = readAssetCsv('Product, Introduced On ,PURL\r\nlog4j-core,2025-04-01,pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1\r\n', limits);
    expect(row?.input).toEqual({ product: 'log4j-core', introducedOn: '2025-04-01', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1' });
  });

  it('refuses a bad header', () => {
    expect(refusal(() => readAssetCsv('product,colour\r\nX,red\r\n', limits)).message).toBe(`invalid asset CSV at row 1, column 2: unknown column "colour" (known: ${HEADER.replace(/,/g, ', ')})`);
    expect(refusal(() => readAssetCsv('product,Product\r\n', limits)).message).toBe('invalid asset CSV at row 1, column 2: column product appears twice');
    expect(refusal(() => readAssetCsv('vendor,version\r\nX,1\r\n', limits)).message).toMatch(/names none of product, cpe, purl/);
    expect(refusal(() => readAssetCsv('', limits)).message).toMatch(/empty: a header row is expected/);
  });

  it('refuses CSV syntax errors naming the line, and rows of the wrong width naming every row', () => {
    expect(refusal(() => readAssetCsv('product,site\r\nX,"Plant\r\nA\r\n', limits)).message).toBe('invalid asset CSV at line 2: a quoted field is never closed');
    const e = refusal(() => readAssetCsv('product,site\r\nX\r\nY,Plant A\r\nZ,a,b\r\n', limits));
    expect(e.code).toBe('SAKIMORI_ERR_ASSET_CSV_INVALID');
    expect(e.message).toBe('invalid asset CSV at row 2: has 1 fields; the header has 2 (and 1 more problem: row 4)');
    expect(e.details?.problems).toEqual([
      { where: 'row 2', code: 'SAKIMORI_ERR_ASSET_CSV_INVALID', message: 'has 1 fields; the header has 2' },
      { where: 'row 4', code: 'SAKIMORI_ERR_ASSET_CSV_INVALID', message: 'has 3 fields; the header has 2' },
    ]);
  });

  it('refuses text that is not UTF-8 (a Shift_JIS export)', () => {
    const sjis = Uint8Array.from([0x70, 0x72, 0x6f, 0x64, 0x75, 0x63, 0x74, 0x0d, 0x0a, 0x93, 0x8c, 0x8b, 0x9e]); // "product\r\n東京" in Shift_JIS
    expect(refusal(() => readAssetCsv(sjis, limits)).message).toBe('invalid asset CSV at the file: not UTF-8 text (save it as "CSV UTF-8")');
  });

  it('refuses files over the byte or row limit', () => {
    const rows = `product\r\n${'X\r\n'.repeat(101)}`;
    expect(refusal(() => readAssetCsv(rows, limits))).toMatchObject({ code: 'SAKIMORI_ERR_ASSET_CSV_TOO_LARGE', message: 'asset CSV refused: over the limit of 100 rows' });
    expect(readAssetCsv(`product\r\n${'X\r\n'.repeat(100)}`, limits)).toHaveLength(100);
    expect(refusal(() => readAssetCsv(`product\r\n${'東'.repeat(400)}`, { maxBytes: 1024, maxRows: 10 }))).toMatchObject({ code: 'SAKIMORI_ERR_ASSET_CSV_TOO_LARGE' });
    expect(readAssetCsv(`product\r\n${'東'.repeat(300)}`, { maxBytes: 1024, maxRows: 10 })).toHaveLength(1);
  });
});
