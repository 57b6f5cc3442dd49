import { describe, expect, it } from 'vitest';
import { parseInt8, parseNumeric } from './type-parsers.js';

describe('PostgreSQL result parsers', () => {
  it('turns int8 into numbers while exact, and into bigint beyond 2^53', () => {
    expect(parseInt8('1767225600000')).toBe(1767225600000);
    expect(parseInt8('-42')).toBe(-42);
    expect(parseInt8('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseInt8('9007199254740993')).toBe(9007199254740993n);
  });

  it('turns numeric sums into numbers, fractions into doubles', () => {
    expect(parseNumeric('123456789012')).toBe(123456789012);
    expect(parseNumeric('2.5')).toBe(2.5);
    expect(parseNumeric('99999999999999999999')).toBe(99999999999999999999n);
  });
});
