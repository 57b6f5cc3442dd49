import { describe, expect, it } from 'vitest';
import { compileRegex, type RegexProgram } from './compile-regex.js';
import { regexSearch } from './regex-search.js';

function program(source: string): RegexProgram {
  const r = compileRegex(source);
  if (!r.ok) throw new Error(`${source}: ${r.error.message}`);
  return r.program;
}

const search = (source: string, input: string | Uint8Array): boolean => regexSearch(program(source), input).matched;

describe('regular expressions (Python re semantics, linear time)', () => {
  it.each([
    ['l+', 'hello', true],
    ['.lo$', 'hello', true],
    ['^...?$', 'bob', true],
    ['^...?$', 'alice', false],
    ['a{2,3}b', 'xaab', true],
    ['a{2,3}b', 'xab', false],
    ['a{,2}c', 'c', true],
    ['a{2}', 'a', false],
    ['a{2,}?', 'aaa', true],
    ['x{', 'x{', true],
    ['(?:ab|cd)+e', 'abcde', true],
    ['(?P<word>ab)c', 'abc', true],
    ['[^a-c]x', 'ax', false],
    ['[^a-c]x', 'dx', true],
    ['[]a]', ']', true],
    ['[a-]', '-', true],
    ['\\d+\\.\\d', 'v1.2', true],
    ['\\d', '\u0663', true],
    ['\\w+\\s\\W', 'héllo !', true],
    ['\\bfoo\\b', 'a foo b', true],
    ['\\bfoo\\b', 'afoob', false],
    ['\\Bo', 'foo', true],
    ['(?i)HELLO', 'hello', true],
    ['(?i)[^A-Z]', 'Q', false],
    ['.', '\n', false],
    ['(?s).', '\n', true],
    ['a$', 'a\n', true],
    ['a\\Z', 'a\n', false],
    ['(?m)^b', 'a\nb', true],
    ['^b', 'a\nb', false],
    ['$', '', true],
    ['', 'abc', true],
    ['a(?#comment)b', 'ab', true],
    ['.+\\@example\\.com$', 'jdoe@example.com', true],
    ['^Final Report.+\\.exe$', 'Final Report Q3.exe', true],
    ['\\x41\\u00e9\\U0001F600', 'A\u00e9\u{1F600}', true],
    ['\u{1F600}.', '\u{1F600}\u{1F601}', true],
    ['[\\d\\s]+x', '1 2x', true],
  ])('%s on %j is %s', (source, input, expected) => {
    expect(search(source, input)).toBe(expected);
  });

  it('matches bytes one byte per character, with ASCII classes', () => {
    const pcap = Uint8Array.from([0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00]);
    expect(search('\\xd4\\xc3\\xb2\\xa1\\x02\\x00', pcap)).toBe(true);
    expect(search('^\\xc3', pcap)).toBe(false);
    expect(search('\\w', Uint8Array.from([0xe9]))).toBe(false);
    expect(program('\\xd4.').byteCompatible).toBe(true);
    expect(program('\u0103').byteCompatible).toBe(false);
  });

  it('refuses what cannot run in linear time, with a coded error', () => {
    for (const source of ['(a)\\1', '(?P<x>a)(?P=x)', '(?=a)', '(?!a)', '(?<=a)b', '(?<!a)b', '(?>a)', 'a++', '(?(1)a|b)', '(?i:a)']) {
      const r = compileRegex(source);
      expect(r.ok ? 'compiled' : r.error.code, source).toBe('SAKIMORI_ERR_STIX_PATTERN_REGEX_UNSUPPORTED');
    }
  });

  it('reports malformed expressions as syntax errors', () => {
    for (const source of ['*a', 'a**', '(a', 'a)', '[a', 'a{3,2}', '\\', '\\q', '\\x4']) {
      const r = compileRegex(source);
      expect(r.ok ? 'compiled' : r.error.code, source).toBe('SAKIMORI_ERR_STIX_PATTERN_REGEX_SYNTAX');
    }
  });

  it('bounds the compiled program (counted repeats expand)', () => {
    const r = compileRegex('(a{100}){100}');
    expect(r.ok ? 'compiled' : r.error.code).toBe('SAKIMORI_ERR_STIX_PATTERN_REGEX_TOO_LARGE');
    expect(compileRegex('a{1000000000}').ok).toBe(false);
    expect(compileRegex('(a{100}){100}', 100_000).ok).toBe(true);
  });

  it('finishes catastrophic patterns on 100 000 characters with the right answer', () => {
    const as = 'a'.repeat(100_000);
    expect(search('(a+)+$', as)).toBe(true);
    expect(search('^(a+)+$', `${as}!`)).toBe(false);
    expect(search('(a|aa)*b', as)).toBe(false);
    expect(search('(a|aa)*b', `${as}b`)).toBe(true);
    expect(search('(a*)*b', as)).toBe(false);
    expect(search('(x+x+)+y', 'x'.repeat(100_000))).toBe(false);
  });

  it('takes steps bounded by a linear function of the input length (a backtracker takes exponentially many)', () => {
    // A backtracking engine tries every way to split the a's between the alternatives: 2^n paths for
    // (a|aa)*b, and for ^(a+)+$ on a's followed by '!'. Here each character costs at most two visits
    // per instruction (one stepping, one in the closure), whatever the expression.
    for (const source of ['(a|aa)*b', '^(a+)+$', '(a*)*b', '(x+x+)+y']) {
      const p = program(source);
      const stepsFor = (n: number): number => regexSearch(p, `${'a'.repeat(n)}!`).steps;
      for (const n of [10, 100, 1000, 10_000]) {
        expect(stepsFor(n), `${source} on ${n}`).toBeLessThanOrEqual(2 * p.instructions.length * (n + 2));
      }
      // Growth is linear: ten times the input, at most about ten times the steps.
      expect(stepsFor(20_000)).toBeLessThanOrEqual(11 * stepsFor(2_000));
    }
  });

  it('stops at a step budget and says so', () => {
    const p = program('(a|aa)*b');
    expect(regexSearch(p, 'a'.repeat(10_000), 1000)).toMatchObject({ matched: false, exhausted: true });
    expect(regexSearch(p, 'aab', 1000)).toMatchObject({ matched: true, exhausted: false });
  });
});
