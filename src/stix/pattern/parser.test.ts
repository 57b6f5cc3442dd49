import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PatternAst } from './ast.js';
import { parsePattern } from './parser.js';

function ast(text: string): PatternAst {
  const r = parsePattern(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.ast;
}

function error(text: string, options = {}) {
  const r = parsePattern(text, options);
  if (r.ok) throw new Error(`${text} parsed`);
  return r.error;
}

describe('parsePattern', () => {
  it('builds a typed tree of a simple observation with a quoted key and an index star', () => {
    expect(ast("[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' AND file:sections[*].entropy > 7.0]")).toEqual({
      kind: 'observation',
      position: { line: 1, column: 0 },
      comparison: {
        kind: 'comparison-binary',
        operator: 'and',
        left: {
          kind: 'comparison',
          path: {
            objectType: 'file',
            steps: [
              { kind: 'key', key: 'hashes' },
              { kind: 'key', key: 'SHA-256' },
            ],
          },
          operator: '=',
          negated: false,
          value: { kind: 'string', value: 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' },
          position: { line: 1, column: 1 },
        },
        right: {
          kind: 'comparison',
          path: { objectType: 'file', steps: [{ kind: 'key', key: 'sections' }, { kind: 'index-star' }, { kind: 'key', key: 'entropy' }] },
          operator: '>',
          negated: false,
          value: { kind: 'float', value: 7, text: '7.0' },
          position: { line: 1, column: 96 },
        },
      },
    });
  });

  it('gives AND precedence over OR over FOLLOWEDBY, each left-associative', () => {
    const tree = ast('[a:x=1] FOLLOWEDBY [a:x=2] OR [a:x=3] AND [a:x=4] FOLLOWEDBY [a:x=5]');
    expect(tree).toMatchObject({
      kind: 'observation-binary',
      operator: 'followedby',
      left: {
        kind: 'observation-binary',
        operator: 'followedby',
        right: { kind: 'observation-binary', operator: 'or', right: { kind: 'observation-binary', operator: 'and' } },
      },
      right: { kind: 'observation' },
    });
  });

  it('gives AND precedence over OR inside brackets, and parentheses override it', () => {
    expect(ast('[a:x=1 OR a:x=2 AND a:x=3]')).toMatchObject({ comparison: { operator: 'or', right: { operator: 'and' } } });
    expect(ast('[(a:x=1 OR a:x=2) AND a:x=3]')).toMatchObject({ comparison: { operator: 'and', left: { operator: 'or' } } });
  });

  it('reads qualifiers in order, innermost first', () => {
    expect(ast("[a:x=1] REPEATS 5 TIMES WITHIN 1.5 SECONDS START t'2024-01-01T00:00:00Z' STOP t'2024-01-02T00:00:00.5Z'")).toEqual({
      kind: 'start-stop',
      start: { kind: 'timestamp', text: '2024-01-01T00:00:00Z' },
      stop: { kind: 'timestamp', text: '2024-01-02T00:00:00.5Z' },
      expression: { kind: 'within', seconds: 1.5, secondsText: '1.5', expression: { kind: 'repeats', times: 5, expression: expect.objectContaining({ kind: 'observation' }) } },
    });
  });

  it('decodes every literal kind', () => {
    const value = (text: string) => {
      const t = ast(`[a:x = ${text}]`);
      return t.kind === 'observation' && t.comparison.kind === 'comparison' ? t.comparison.value : undefined;
    };
    expect(value("'it\\'s a \\\\ path'")).toEqual({ kind: 'string', value: "it's a \\ path" });
    expect(value('-12')).toEqual({ kind: 'int', value: -12, text: '-12' });
    expect(value('+.5')).toEqual({ kind: 'float', value: 0.5, text: '.5' });
    expect(value('true')).toEqual({ kind: 'bool', value: true });
    expect(value("h'ffD8'")).toEqual({ kind: 'bytes', encoding: 'hex', value: Uint8Array.from([0xff, 0xd8]) });
    expect(value("b'AQIDBA=='")).toEqual({ kind: 'bytes', encoding: 'base64', value: Uint8Array.from([1, 2, 3, 4]) });
    expect(value("t'2016-06-01T01:30:00.123456789Z'")).toEqual({ kind: 'timestamp', text: '2016-06-01T01:30:00.123456789Z' });
  });

  it('parses IN sets, NOT, EXISTS, _ref paths, list indexes and comments', () => {
    expect(ast("[network-traffic:dst_port NOT IN (443, 8443) AND NOT EXISTS network-traffic:src_ref.value /* c */ AND a:b[0] != ''] // tail")).toMatchObject({
      comparison: {
        left: {
          left: { operator: 'IN', negated: true, value: { kind: 'set', values: [{ value: 443 }, { value: 8443 }] } },
          right: { kind: 'exists', negated: true, path: { objectType: 'network-traffic', steps: [{ key: 'src_ref' }, { key: 'value' }] } },
        },
        right: { path: { steps: [{ key: 'b' }, { kind: 'index', index: 0 }] } },
      },
    });
  });

  it('reports errors with line and column', () => {
    expect(error('[file:size = ]')).toMatchObject({ code: 'SAKIMORI_ERR_STIX_PATTERN_SYNTAX', line: 1, column: 13 });
    expect(error('[a:x = 1]\n  WITHIN 5 HOURS')).toMatchObject({ line: 2, column: 11 });
    expect(error("[x:created = t'2024-13-01T12:00:00Z']")).toMatchObject({ line: 1, column: 13 });
    expect(error("[a:x = 'C:\\Windows']").message).toMatch(/escape/);
    expect(error('file:size = 1280').message).toMatch(/square brackets/);
    expect(error('[some-type:needs-quotes = 1]').message).toMatch(/must be quoted/);
  });

  it('applies the reference validator checks unless told not to', () => {
    expect(error("[file:hashes.'SHA-256' = 'f00']").code).toBe('SAKIMORI_ERR_STIX_PATTERN_INVALID_HASH');
    expect(error('[a:x=1] WITHIN 5 SECONDS WITHIN 6 SECONDS').code).toBe('SAKIMORI_ERR_STIX_PATTERN_DUPLICATE_QUALIFIER');
    expect(parsePattern('([a:x=1]) WITHIN 5 SECONDS WITHIN 6 SECONDS').ok).toBe(true);
    expect(parsePattern('[a:x=1] WITHIN 5 SECONDS WITHIN 6 SECONDS', { validatorChecks: false }).ok).toBe(true);
    expect(parsePattern("[file:hashes.'SHA-256' = 'f00']", { validatorChecks: false }).ok).toBe(true);
  });

  it('refuses hostile patterns with coded reasons', () => {
    expect(error('[a:x=1] REPEATS 1000000000 TIMES').code).toBe('SAKIMORI_ERR_STIX_PATTERN_REPEATS_LIMIT');
    expect(error('[a:x=1] REPEATS 0 TIMES').code).toBe('SAKIMORI_ERR_STIX_PATTERN_REPEATS_LIMIT');
    expect(error(`[a:x='${'y'.repeat(70_000)}']`).code).toBe('SAKIMORI_ERR_STIX_PATTERN_TOO_LONG');
    expect(error(`${'('.repeat(65)}[a:x=1]${')'.repeat(65)}`).code).toBe('SAKIMORI_ERR_STIX_PATTERN_TOO_DEEP');
    expect(error(`[${'('.repeat(70)}a:x=1${')'.repeat(70)}]`).code).toBe('SAKIMORI_ERR_STIX_PATTERN_TOO_DEEP');
    expect(error(Array(1002).fill('[a:x=1]').join(' AND ')).code).toBe('SAKIMORI_ERR_STIX_PATTERN_TOO_MANY_OPERATORS');
    expect(error(`[${Array(1002).fill('a:x=1').join(' OR ')}]`).code).toBe('SAKIMORI_ERR_STIX_PATTERN_TOO_MANY_OPERATORS');
    expect(parsePattern(`${'('.repeat(63)}[a:x=1]${')'.repeat(63)}`).ok).toBe(true);
  });

  it('never throws, whatever the input', () => {
    const alphabet = fc.constantFrom(..."[]()':.,*=!<>-+ \\/tbhAND OR NOT FOLLOWEDBY WITHIN REPEATS START STOP IN LIKE a:x 1 0.5 's' t'2020-01-01T00:00:00Z'".split(' '));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), (parts) => {
        const r = parsePattern(parts.join(' '));
        return typeof r.ok === 'boolean';
      }),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => typeof parsePattern(s).ok === 'boolean'));
  });
});
