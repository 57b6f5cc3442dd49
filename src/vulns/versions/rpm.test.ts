import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { compareVersions, parseVersion } from './index.js';

const cmp = (a: string, b: string) => compareVersions(a, b, 'rpm');

describe('rpm ordering (rpmvercmp)', () => {
  // rpm's own test suite (tests/rpmvercmp.at), every case, with the expected sign.
  it.each([
    ['1.0', '1.0', 0],
    ['1.0', '2.0', -1],
    ['2.0.1', '2.0.1', 0],
    ['2.0', '2.0.1', -1],
    ['2.0.1a', '2.0.1a', 0],
    ['2.0.1a', '2.0.1', 1],
    ['5.5p1', '5.5p1', 0],
    ['5.5p1', '5.5p2', -1],
    ['5.5p10', '5.5p10', 0],
    ['5.5p1', '5.5p10', -1],
    ['10xyz', '10.1xyz', -1],
    ['xyz10', 'xyz10', 0],
    ['xyz10', 'xyz10.1', -1],
    ['xyz.4', 'xyz.4', 0],
    ['xyz.4', '8', -1],
    ['xyz.4', '2', -1],
    ['5.5p2', '5.6p1', -1],
    ['5.6p1', '6.5p1', -1],
    ['6.0.rc1', '6.0', 1],
    ['10b2', '10a1', 1],
    ['10a2', '10b2', -1],
    ['1.0aa', '1.0aa', 0],
    ['1.0a', '1.0aa', -1],
    ['10.0001', '10.0001', 0],
    ['10.0001', '10.1', 0],
    ['10.0001', '10.0039', -1],
    ['4.999.9', '5.0', -1],
    ['20101121', '20101121', 0],
    ['20101121', '20101122', -1],
    ['2_0', '2_0', 0],
    ['2.0', '2_0', 0],
    ['a', 'a', 0],
    ['a+', 'a+', 0],
    ['a+', 'a_', 0],
    ['+a', '+a', 0],
    ['+a', '_a', 0],
    ['+_', '+_', 0],
    ['_+', '+_', 0],
    ['_+', '_', 0],
    ['+', '_', 0],
    ['1.0~rc1', '1.0~rc1', 0],
    ['1.0~rc1', '1.0', -1],
    ['1.0~rc1', '1.0~rc2', -1],
    ['1.0~rc1~git123', '1.0~rc1~git123', 0],
    ['1.0~rc1~git123', '1.0~rc1', -1],
    ['1.0^', '1.0^', 0],
    ['1.0^', '1.0', 1],
    ['1.0^git1', '1.0^git1', 0],
    ['1.0^git1', '1.0', 1],
    ['1.0^git1', '1.0^git2', -1],
    ['1.0^git1', '1.01', -1],
    ['1.0^20160101', '1.0^20160101', 0],
    ['1.0^20160101', '1.0.1', -1],
    ['1.0^20160101^git1', '1.0^20160101^git1', 0],
    ['1.0^20160102', '1.0^20160101^git1', 1],
    ['1.0~rc1^git1', '1.0~rc1^git1', 0],
    ['1.0~rc1^git1', '1.0~rc1', 1],
    ['1.0^git1~pre', '1.0^git1~pre', 0],
    ['1.0^git1', '1.0^git1~pre', 1],
    // And beyond the suite: letters before a further number, numbers past 2^53.
    ['1.0a', '1.0.1', -1],
    ['1.9007199254740993', '1.9007199254740992', 1],
  ] as const)('orders %s against %s as %i, both ways', (a, b, expected) => {
    expect(Math.sign(cmp(a, b) ?? Number.NaN)).toBe(expected);
    expect(Math.sign(cmp(b, a) ?? Number.NaN)).toBe(-expected || 0);
  });

  it.each([
    ['epoch first', '1:1.0-1', '2.0-1', 1],
    ['a missing epoch as 0', '0:1.0-1', '1.0-1', 0],
    ['release after version', '1.0-2', '1.0-10', -1],
    ['version before release', '1.1-1', '1.0-99', 1],
    ['an el8 release', '2.4.6-90.el8', '2.4.6-90.el8_5.1', -1],
    ['a missing release before any release', '1.0', '1.0-1', -1],
    ['a missing release after a ~ release (rpmvercmp puts the empty string there)', '1.0', '1.0-~1', 1],
  ] as const)('orders EVRs: %s', (_what, a, b, expected) => {
    expect(Math.sign(cmp(a, b) ?? Number.NaN)).toBe(expected);
    expect(Math.sign(cmp(b, a) ?? Number.NaN)).toBe(-expected || 0);
  });

  it.each([
    ['an empty string', '', 'version', 0, /empty version/],
    ['an empty epoch', ':1.0', 'epoch', 0, /empty epoch/],
    ['an epoch that is no number', 'a:1.0', 'epoch', 0, /'a' is not a digit/],
    ['a second colon', '1:2:3', 'version', 3, /a second ':'/],
    ['an empty version', '1:-1', 'version', 2, /empty/],
    ['an empty release', '2.4.6-', 'release', 5, /empty/],
    ['a space', '1.0 -1', 'version', 3, /U\+0020 is not allowed/],
    ['a non-ASCII character', '1.0\u00e9', 'version', 3, /U\+00E9 is not allowed/],
  ])('refuses %s with a coded error naming the part and offset', (_what, text, component, offset, message) => {
    const r = parseVersion(text, 'rpm');
    if (r.ok) throw new Error(`accepted ${text}`);
    expect(isSakimoriError(r.error, 'SAKIMORI_ERR_VERSION_MALFORMED')).toBe(true);
    expect(r.error.message).toMatch(message);
    expect(r.error.details).toEqual({ scheme: 'rpm', component, offset });
    expect(cmp(text, '1.0')).toBeUndefined();
  });
});
