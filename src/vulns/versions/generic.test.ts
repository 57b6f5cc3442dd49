import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { compareVersions, parseVersion } from './index.js';

/** Asserts that `versions` are in strictly increasing order in the generic scheme, every pair both ways. */
function increasing(...versions: string[]): void {
  for (let i = 0; i < versions.length; i++) {
    for (let j = 0; j < versions.length; j++) {
      const a = versions[i] as string;
      const b = versions[j] as string;
      expect(Math.sign(compareVersions(a, b, 'generic') ?? Number.NaN), `${a} vs ${b}`).toBe(Math.sign(i - j));
    }
  }
}

/** Asserts that all `versions` are equal to each other in the generic scheme. */
function equal(...versions: string[]): void {
  for (const a of versions) for (const b of versions) expect(compareVersions(a, b, 'generic'), `${a} vs ${b}`).toBe(0);
}

describe('generic ordering (versions as NVD writes them)', () => {
  it('orders dotted numbers numerically, at any length', () => {
    increasing('1.1.4', '1.2', '1.10', '2.20', '7.0.13', '10.0.17763.1', '10.0.20348.999', '10.0.20348.2762', '11');
    increasing('1.99999999999999999999', '1.100000000000000000000', '1.100000000000000000001');
  });

  it('treats trailing zeros, leading zeros, separators, case and a leading v as no difference', () => {
    equal('1.0', '1.0.0', '1', '1.00', '01.0', 'v1.0', 'V1', '1-0', '1_0', '1+0');
    equal('7.4.0', '7.4');
    equal('1.0rc1', '1.0.0-rc1', '1.0-RC1', '1.0-rc.1', '1rc1', '1.0.0.rc.1');
    equal('2.0a1', '2.0alpha1', '2.0-ALPHA-1');
  });

  it('puts pre-release words before the release, in their order', () => {
    increasing('1.0.dev1', '1.0a1', '1.0alpha2', '1.0b1', '1.0-beta9', '1.0-beta10', '1.0m1', '1.0pre1', '1.0-preview2', '1.0rc1', '1.0cr2', '1.0-SNAPSHOT', '1.0', '1.0.1');
    increasing('2.0-beta9', '2.0', '2.0.0.1', '2.1-rc1', '2.1');
    increasing('1.0-rc', '1.0-rc1', '1.0-rc.2', '1.0-rc10');
  });

  it('puts other letters after the number they follow and before the next number (OpenSSL, Java, service packs)', () => {
    increasing('1.0.2', '1.0.2a', '1.0.2k', '1.0.2zh', '1.0.2.1', '1.0.3');
    increasing('4.2.1', '4.2.1a', '4.2.2');
    increasing('1.0', '1.0a', '1.0.1');
    increasing('8', '8u181', '8u191', '9');
    increasing('2008', '2008-sp1', '2008-sp2', '2008.1');
    increasing('1.0', '1.0-final', '1.0-sp1', '1.0.1');
    increasing('R2.0', 'R2.1', 'R2.10');
  });

  it('reads a lone letter after a number as a later build, a letter with a digit after it as a pre-release', () => {
    increasing('2.0a1', '2.0', '2.0a');
    increasing('2.0b1', '2.0', '2.0b');
  });

  it.each([
    ['an empty string', '', 0, /empty version/],
    ['ANY', '*', 0, /\* is the CPE logical value ANY, not a version/],
    ['NA', '-', 0, /- is the CPE logical value NA, not a version/],
    ['the NVD typo with an empty segment', '10.0.20348..2762', 11, /empty segment between two separators/],
    ['two different separators in a row', '1.-2', 2, /empty segment/],
    ['a leading separator', '.1', 0, /starts with the separator '\.'/],
    ['a trailing separator', '1.0.', 3, /ends with the separator '\.'/],
    ['a space', '2.0 beta', 3, /U\+0020 is not part of a version/],
    ['an embedded wildcard', '1.2.*', 4, /'\*' is not part of a version/],
    ['a colon', '1:2.0', 1, /':' is not part of a version/],
    ['a tilde', '2.0~rc1', 3, /'~' is not part of a version/],
    ['a full-width digit', '\uff11.0', 0, /U\+FF11 is not part of a version/],
  ])('refuses %s with a coded error naming the offset', (_what, text, offset, message) => {
    const r = parseVersion(text, 'generic');
    if (r.ok) throw new Error(`accepted ${text}`);
    expect(isSakimoriError(r.error, 'SAKIMORI_ERR_VERSION_MALFORMED')).toBe(true);
    expect(r.error.statusCode).toBe(400);
    expect(r.error.message).toMatch(message);
    expect(r.error.details).toEqual({ scheme: 'generic', offset });
    expect(compareVersions(text, '1.0', 'generic')).toBeUndefined();
    expect(compareVersions('1.0', text, 'generic')).toBeUndefined();
  });

  it('names the version and the offset in the message of the NVD typo', () => {
    const r = parseVersion('10.0.20348..2762', 'generic');
    expect(r.ok || r.error.message).toBe('malformed version: generic version "10.0.20348..2762": empty segment between two separators (at offset 11)');
  });
});
