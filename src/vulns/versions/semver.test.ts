import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { compareVersions, parseVersion } from './index.js';

/** Asserts that `versions` are in strictly increasing order in the semver scheme, every pair both ways. */
function increasing(...versions: string[]): void {
  for (let i = 0; i < versions.length; i++) {
    for (let j = 0; j < versions.length; j++) {
      const a = versions[i] as string;
      const b = versions[j] as string;
      expect(Math.sign(compareVersions(a, b, 'semver') ?? Number.NaN), `${a} vs ${b}`).toBe(Math.sign(i - j));
    }
  }
}

describe('semver ordering (SemVer 2.0.0 §11)', () => {
  it('orders the numbers of the core numerically (§11.2)', () => {
    increasing('1.0.0', '2.0.0', '2.1.0', '2.1.1', '2.10.0', '10.0.0');
  });

  it("orders the specification's own prerelease example (§11.4)", () => {
    increasing('1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0');
  });

  it('puts numeric identifiers below alphanumeric ones and compares text by ASCII (§11.4.1–3)', () => {
    increasing('1.0.0-1', '1.0.0-9', '1.0.0-10', '1.0.0-A', '1.0.0-Z', '1.0.0-a', '1.0.0-a-b', '1.0.0-ab');
    increasing('1.0.0-0.a', '1.0.0-0.a.0');
  });

  it('ignores build metadata and tolerates a leading v (§10)', () => {
    expect(compareVersions('1.0.0+20130313144700', '1.0.0+exp.sha.5114f85', 'semver')).toBe(0);
    expect(compareVersions('1.0.0-beta+exp.sha.5114f85', '1.0.0-beta', 'semver')).toBe(0);
    expect(compareVersions('v1.2.3', '1.2.3', 'semver')).toBe(0);
    expect(compareVersions('V1.2.3', '1.2.4', 'semver')).toBeLessThan(0);
  });

  it('compares numbers of any length without losing precision', () => {
    increasing('1.0.9007199254740993', '1.0.9007199254740994', '1.0.90071992547409930');
    increasing('0.0.0-99999999999999999998', '0.0.0-99999999999999999999', '0.0.0-100000000000000000000');
    // Go module pseudo-versions are valid semantic versions and order by their timestamps.
    increasing('v0.0.0-20190101000000-abcdefabcdef', 'v0.0.0-20210101000000-abcdefabcdef', 'v0.0.0');
  });

  it.each([
    ['an empty string', '', 'major', 0, /empty version/],
    ['two numbers', '1.2', 'minor', 3, /ends after the minor number: a semantic version has three/],
    ['four numbers', '1.2.3.4', 'patch', 5, /unexpected '\.' after the patch number/],
    ['a leading zero', '1.02.3', 'minor', 2, /no leading zeros/],
    ['a letter for a number', '1.2.x', 'patch', 4, /expected a digit, found 'x'/],
    ['a prefix other than v', 'r1.2.3', 'major', 0, /expected a digit, found 'r'/],
    ['an empty prerelease', '1.2.3-', 'prerelease', 6, /empty identifier/],
    ['an empty prerelease identifier', '1.2.3-a..b', 'prerelease', 8, /empty identifier/],
    ['a numeric prerelease identifier with a leading zero', '1.2.3-rc.01', 'prerelease', 9, /numeric identifier has no leading zeros/],
    ['an underscore in a prerelease', '1.2.3-a_b', 'prerelease', 7, /'_' is not allowed in an identifier/],
    ['an empty build', '1.2.3+', 'build', 6, /empty identifier/],
    ['a second plus', '1.2.3+a+b', 'build', 7, /'\+' is not allowed/],
    ['a space', '1.2.3 ', 'patch', 5, /unexpected U\+0020/],
  ])('refuses %s with a coded error naming the part and offset', (_what, text, component, offset, message) => {
    const r = parseVersion(text, 'semver');
    if (r.ok) throw new Error(`accepted ${text}`);
    expect(isSakimoriError(r.error, 'SAKIMORI_ERR_VERSION_MALFORMED')).toBe(true);
    expect(r.error.message).toMatch(message);
    expect(r.error.details).toEqual({ scheme: 'semver', component, offset });
    expect(compareVersions(text, '1.0.0', 'semver')).toBeUndefined();
  });

  it('accepts a leading zero in build metadata, which §10 allows', () => {
    expect(parseVersion('1.0.0+001', 'semver').ok).toBe(true);
  });
});
