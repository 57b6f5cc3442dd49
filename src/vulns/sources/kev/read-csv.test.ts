/** The RFC 4180 reader: quoting, line breaks of every kind, and the faults that make a text unreadable. */
import { describe, expect, it } from 'vitest';
import { readCsv } from './read-csv.js';

describe('readCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, numbering rows by their first line', () => {
    expect(readCsv('a,b,c\n"x, y","say ""hi""","1\r\n2"\nlast,,\n')).toEqual({
      ok: true,
      rows: [
        { line: 1, fields: ['a', 'b', 'c'] },
        { line: 2, fields: ['x, y', 'say "hi"', '1\r\n2'] },
        { line: 4, fields: ['last', '', ''] },
      ],
    });
  });

  it('takes CRLF, LF and CR line ends, drops a byte-order mark and blank lines, keeps a quoted empty line', () => {
    expect(readCsv('\ufeffa\r\nb\rc\n\n""\nd', 10)).toEqual({
      ok: true,
      rows: [
        { line: 10, fields: ['a'] },
        { line: 11, fields: ['b'] },
        { line: 12, fields: ['c'] },
        { line: 14, fields: [''] },
        { line: 15, fields: ['d'] },
      ],
    });
    expect(readCsv('')).toEqual({ ok: true, rows: [] });
  });

  it('refuses stray quotes instead of guessing, naming the line where the record starts', () => {
    expect(readCsv('a\nb"c\n')).toEqual({ ok: false, line: 2, problem: 'a quote inside an unquoted field' });
    expect(readCsv('a\n"b"c\n')).toEqual({ ok: false, line: 2, problem: 'text after the closing quote of a field' });
    expect(readCsv('a\n"b\nc\n')).toEqual({ ok: false, line: 2, problem: 'a quoted field is never closed' });
  });
});
