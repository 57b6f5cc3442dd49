import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

describe('RFC 8785 canonical JSON', () => {
  it('sorts members by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const input = JSON.parse(
      '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}',
    ) as object;
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign",' +
        '"\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('writes numbers and strings as ECMAScript does (RFC 8785 §3.2.2 examples)', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    ) as object;
    expect(canonicalJson(input)).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it('nests, omits undefined members like JSON.stringify, and has no whitespace', () => {
    expect(canonicalJson({ b: [1, { d: 2, c: undefined }], a: 'x' })).toBe('{"a":"x","b":[1,{"d":2}]}');
  });

  it.each([
    ['NaN', { a: { b: Number.NaN } }, '$.a.b is NaN'],
    ['a lone surrogate', { list: ['ok', 'bad \ud800'] }, '$.list[1] contains a lone UTF-16 surrogate'],
    ['a Date', { when: new Date(0) }, '$.when is not a plain object'],
    ['a function', { f: () => 1 }, '$.f is a function'],
  ])('refuses %s and says where it is', (_, value, where) => {
    expect(() => canonicalJson(value)).toThrow(`value cannot be serialised as canonical JSON: ${where}`);
  });
});
