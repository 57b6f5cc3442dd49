import { describe, expect, it } from 'vitest';
import { schemeFor } from './index.js';

describe('schemeFor', () => {
  it.each([
    [{ purlType: 'deb' }, 'debian'],
    [{ purlType: 'rpm' }, 'rpm'],
    [{ purlType: 'npm' }, 'semver'],
    [{ purlType: 'cargo' }, 'semver'],
    [{ purlType: 'golang' }, 'semver'],
    [{ purlType: 'nuget' }, 'semver'],
    [{ purlType: 'NPM' }, 'semver'],
    [{ purlType: 'pypi' }, 'generic'],
    [{ purlType: 'maven' }, 'generic'],
    [{ purlType: 'gem' }, 'generic'],
    [{ versionType: 'semver' }, 'semver'],
    [{ versionType: 'rpm' }, 'rpm'],
    [{ versionType: 'deb' }, 'debian'],
    [{ versionType: 'custom' }, 'generic'],
    [{ versionType: 'git' }, 'generic'],
    [{ purlType: 'deb', versionType: 'semver' }, 'debian'],
    [{ purlType: 'pypi', versionType: 'semver' }, 'semver'],
    [{}, 'generic'],
  ] as const)('gives %o the %s scheme', (hint, scheme) => {
    expect(schemeFor(hint)).toBe(scheme);
  });
});
