import { describe, expect, it } from 'vitest';
import { parseCsv } from './parse-csv.js';

const fields = (text: string) => {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(`line ${r.line}: ${r.message}`);
  return r.records.map((x) => x.fields);
};

describe('parseCsv (RFC 4180)', () => {
  it('reads unquoted fields, CRLF records and no empty record after the final line break', () => {
    expect(fields('a,b,c\r\n1,2,3\r\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    expect(fields('a,b\r\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps commas, line breaks and doubled quotes inside quoted fields', () => {
    const r = parseCsv('name,note\r\n"Kohaku, Bank","say ""hi""\r\nthere"\r\nx,"multi\nline\rfield"\n');
    expect(r).toEqual({
      ok: true,
      records: [
        { fields: ['name', 'note'], line: 1 },
        { fields: ['Kohaku, Bank', 'say "hi"\r\nthere'], line: 2 },
        { fields: ['x', 'multi\nline\rfield'], line: 4 },
      ],
    });
  });

  it('skips a UTF-8 BOM and accepts LF and lone CR as record ends', () => {
    expect(fields('\uFEFFa,b\n1,2\r3,4')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('keeps empty fields, empty quoted fields and blank lines', () => {
    expect(fields('a,,""\r\n\r\n,\r\n')).toEqual([['a', '', ''], [''], ['', '']]);
    expect(fields('')).toEqual([]);
    expect(fields('\uFEFF')).toEqual([]);
  });

  it('keeps spaces around fields as they are (the RFC makes them part of the field)', () => {
    expect(fields(' a , b ')).toEqual([[' a ', ' b ']]);
  });

  it('refuses malformed quoting, naming the line', () => {
    expect(parseCsv('a,b\r\n"open,2\r\n3,4\r\n')).toMatchObject({ ok: false, kind: 'syntax', line: 2, message: 'a quoted field is never closed' });
    expect(parseCsv('a,b\r\n1,"x"y\r\n')).toMatchObject({ ok: false, kind: 'syntax', line: 2 });
    expect(parseCsv('a,b\r\n1,2\r\n3,ab"c\r\n')).toMatchObject({ ok: false, kind: 'syntax', line: 3 });
    // The line of a quote after a quoted line break counts that line break.
    expect(parseCsv('"x\r\ny"z')).toMatchObject({ ok: false, kind: 'syntax', line: 2 });
  });

  it('stops past maxRecords', () => {
    expect(parseCsv('h\n1\n2\n', { maxRecords: 3 })).toMatchObject({ ok: true });
    expect(parseCsv('h\n1\n2\n3\n', { maxRecords: 3 })).toMatchObject({ ok: false, kind: 'too-many-records', line: 4 });
  });
});
