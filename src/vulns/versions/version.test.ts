import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VersionRange, VersionScheme } from '../record.js';
import { compareParsed, compareVersions, inRange, type ParsedVersion, parseVersion } from './index.js';
import { versionArbitrary } from './testing/version-arbitraries.js';

const SCHEMES: readonly VersionScheme[] = ['semver', 'debian', 'rpm', 'generic'];

function parsed(text: string, scheme: VersionScheme): ParsedVersion {
  const r = parseVersion(text, scheme);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('inRange', () => {
  const log4j: VersionRange = { startIncluding: '2.0-beta9', endExcluding: '2.15.0' };
  it.each([
    ['below the start', '2.0-alpha1', log4j, false],
    ['at an including start', '2.0-beta9', log4j, true],
    ['inside', '2.14.1', log4j, true],
    ['at an excluding end', '2.15.0', log4j, false],
    ['at an excluding end written shorter', '2.15', log4j, false],
    ['past the end', '2.17.1', log4j, false],
    ['at an excluding start', '1.0', { startExcluding: '1.0' }, false],
    ['past an excluding start', '1.0.1', { startExcluding: '1.0' }, true],
    ['at an including end', '1.0.2k', { endIncluding: '1.0.2k' }, true],
    ['past an including end', '1.0.2l', { endIncluding: '1.0.2k' }, false],
    ['in an open range', '0.0.1', {}, true],
    ['at an exact version', '7.4.0', { startIncluding: '7.4', endIncluding: '7.4' }, true],
  ] as const)('decides a version %s', (_what, version, range, expected) => {
    expect(inRange(version, range, 'generic')).toBe(expected);
  });

  it('cannot decide when the version or a bound cannot be ordered, even if another bound would exclude it', () => {
    expect(inRange('*', {}, 'generic')).toBeUndefined();
    expect(inRange('2.*', { endExcluding: '2.15.0' }, 'generic')).toBeUndefined();
    expect(inRange('2.1', { startIncluding: '10.0.20348..2762' }, 'generic')).toBeUndefined();
    expect(inRange('3.0', { startIncluding: '1.0', endExcluding: '2.0', endIncluding: '-' }, 'generic')).toBeUndefined();
  });

  it('compares in the scheme it is given', () => {
    expect(inRange('1.0~rc1', { endExcluding: '1.0' }, 'debian')).toBe(true);
    expect(inRange('1.0.0-rc.1', { endExcluding: '1.0.0' }, 'semver')).toBe(true);
    expect(inRange('1.0^git1', { startExcluding: '1.0', endExcluding: '1.0.1' }, 'rpm')).toBe(true);
    expect(inRange('1.0', { endExcluding: '1.0.0' }, 'semver')).toBeUndefined();
  });
});

describe('compareVersions and compareParsed', () => {
  it('never throw, whatever they are given', () => {
    for (const scheme of SCHEMES) {
      expect(compareVersions(undefined as unknown as string, '1.0.0', scheme)).toBeUndefined();
      expect(compareVersions('1.0.0', null as unknown as string, scheme)).toBeUndefined();
      expect(compareVersions('', '', scheme)).toBeUndefined();
    }
    expect(compareVersions('1.0', '1.0', 'nope' as VersionScheme)).toBeUndefined();
  });

  it('refuses a non-string with a coded error', () => {
    const r = parseVersion(42 as unknown as string, 'generic');
    expect(r.ok || r.error.message).toMatch(/a version is a string, not number/);
  });

  it('order versions of different schemes by scheme name rather than fail', () => {
    expect(compareParsed(parsed('9.0', 'debian'), parsed('1.0', 'generic'))).toBeLessThan(0);
    expect(compareParsed(parsed('1.0', 'generic'), parsed('9.0', 'debian'))).toBeGreaterThan(0);
  });
});

describe.each(SCHEMES)('%s ordering properties', (scheme) => {
  const version = versionArbitrary(scheme);
  const cmp = (a: string, b: string) => compareVersions(a, b, scheme);

  it('reads every generated version', () => {
    fc.assert(fc.property(version, (v) => parseVersion(v, scheme).ok));
  });

  it('is reflexive and antisymmetric', () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        expect(cmp(a, a)).toBe(0);
        expect(Math.sign(cmp(a, b) ?? Number.NaN)).toBe(-Math.sign(cmp(b, a) ?? Number.NaN) || 0);
      }),
    );
  });

  it('is transitive: a sorted list is ordered pair by pair', () => {
    fc.assert(
      fc.property(fc.array(version, { minLength: 3, maxLength: 12 }), (versions) => {
        const sorted = versions.map((v) => parsed(v, scheme)).sort(compareParsed);
        for (let i = 0; i < sorted.length; i++) {
          for (let j = i + 1; j < sorted.length; j++) expect(compareParsed(sorted[i] as ParsedVersion, sorted[j] as ParsedVersion), `${sorted[i]?.text} vs ${sorted[j]?.text}`).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is transitive in equality and in order on triples', () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        const [ab, bc, ac] = [cmp(a, b) as number, cmp(b, c) as number, cmp(a, c) as number];
        if (ab <= 0 && bc <= 0) expect(ac).toBeLessThanOrEqual(0);
        if (ab === 0 && bc === 0) expect(ac).toBe(0);
        if (ab < 0 && bc <= 0) expect(ac).toBeLessThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('puts a version in a range exactly when it lies between the bounds', () => {
    fc.assert(
      fc.property(version, version, version, (v, lo, hi) => {
        const [l, h] = [cmp(v, lo) as number, cmp(v, hi) as number];
        expect(inRange(v, { startIncluding: lo, endExcluding: hi }, scheme)).toBe(l >= 0 && h < 0);
        expect(inRange(v, { startExcluding: lo, endIncluding: hi }, scheme)).toBe(l > 0 && h <= 0);
        expect(inRange(v, { startIncluding: lo }, scheme)).toBe(l >= 0);
        expect(inRange(v, { endExcluding: hi }, scheme)).toBe(h < 0);
        expect(inRange(v, { startIncluding: v, endIncluding: v }, scheme)).toBe(true);
        expect(inRange(v, { startExcluding: v }, scheme)).toBe(false);
      }),
    );
  });
});

describe('generic ordering properties', () => {
  const version = versionArbitrary('generic');
  it('ignores trailing zeros', () => {
    fc.assert(fc.property(version, (v) => compareVersions(v, `${v}.0`, 'generic') === 0 && compareVersions(v, `${v}.0.00`, 'generic') === 0));
  });
  it('puts a pre-release below and a further number above', () => {
    fc.assert(fc.property(version, (v) => (compareVersions(`${v}-rc1`, v, 'generic') ?? 0) < 0 && (compareVersions(`${v}.1`, v, 'generic') ?? 0) > 0));
  });
});
