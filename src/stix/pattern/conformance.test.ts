/**
 * Conformance with the OASIS reference implementations: the pattern validator's verdicts, the
 * STIX 2.1 specification's example patterns, and the pattern matcher's outcomes.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeExternal, missingFixtures, sharedFixture } from '../../testing/external.js';
import { matchPattern } from './match-pattern.js';
import { parsePattern } from './parser.js';

interface ValidatorCase {
  readonly pattern: string;
  readonly valid: boolean;
  readonly source_test: string;
}

interface MatcherCase {
  readonly pattern: string;
  readonly observed: readonly Record<string, unknown>[];
  readonly source_test: string;
  readonly expect_match?: boolean;
  readonly matched_sdos?: readonly Record<string, unknown>[];
  readonly expect_error?: string;
}

const readJson = <T>(name: string): T => JSON.parse(readFileSync(sharedFixture('stix', 'conformance', name), 'utf8')) as T;

describeExternal('stix/pattern: reference validator verdicts', missingFixtures(), () => {
  const cases = readJson<ValidatorCase[]>('pattern-validator-cases-v21.json');

  it('has the 87 cases', () => {
    expect(cases).toHaveLength(87);
  });

  it.each(cases.map((c) => [c.pattern, c]))('%s', (_p, c) => {
    const r = parsePattern(c.pattern);
    expect(r.ok).toBe(c.valid);
    if (!r.ok) {
      expect(r.error.code).toMatch(/^SAKIMORI_ERR_STIX_PATTERN_/);
      expect(r.error.line).toBeGreaterThanOrEqual(1);
    }
  });
});

describeExternal('stix/pattern: STIX 2.1 specification examples', missingFixtures(), () => {
  const lines = readFileSync(sharedFixture('stix', 'patterns-spec-examples-v21.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');

  it('has the 23 examples', () => {
    expect(lines).toHaveLength(23);
  });

  it.each(lines)('%s', (line) => {
    expect(parsePattern(line)).toMatchObject({ ok: true });
  });
});

// The matched observed-data, by id; SDOs without one (the embedded form) by their position in the input.
function expectedKeys(c: MatcherCase): string[] {
  return (c.matched_sdos ?? [])
    .flatMap((x) => (x.type === 'bundle' ? (x.objects as Record<string, unknown>[]).filter((o) => o.type === 'observed-data') : [x]))
    .map((o) => (typeof o.id === 'string' ? o.id : `#${c.observed.findIndex((b) => JSON.stringify(b) === JSON.stringify(o))}`));
}

describeExternal('stix/pattern: reference matcher outcomes', missingFixtures(), () => {
  const cases = readJson<MatcherCase[]>('pattern-matcher-cases-v21.json');

  it('has the 422 cases', () => {
    expect(cases).toHaveLength(422);
  });

  it.each(cases.map((c) => [c.source_test, c]))('%s', (_name, c) => {
    // The reference matcher parses without the validator's extra checks.
    const parsed = parsePattern(c.pattern, { validatorChecks: false });
    const r = parsed.ok ? matchPattern(parsed.ast, c.observed) : undefined;
    if (c.expect_error !== undefined) {
      expect(r === undefined || !r.ok).toBe(true);
      return;
    }
    expect(r).toMatchObject({ ok: true, matched: c.expect_match });
    if (r?.ok !== true) return;
    const got = r.observedData.map((o) => (typeof o.id === 'string' ? o.id : `#${c.observed.indexOf(o)}`));
    expect(got).toEqual(expectedKeys(c));
  });
});
