/**
 * fast-check generators of well-formed versions for each scheme, built from the pieces that make
 * ordering hard (tildes, carets, letters beside digits, leading zeros, numbers past 2^53), for the
 * property tests and the real-peer tests.
 */
import fc from 'fast-check';
import type { VersionScheme } from '../../record.js';

const BIG = '123456789012345678901234567890';

const semver: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('', '', 'v'),
    fc.array(fc.constantFrom('0', '1', '2', '10', BIG), { minLength: 3, maxLength: 3 }),
    fc.option(fc.array(fc.constantFrom('alpha', 'beta', 'rc', 'x-y', 'A', '0', '1', '2', '11', BIG), { minLength: 1, maxLength: 3 })),
    fc.option(fc.array(fc.constantFrom('build', '001', 'sha-5114f85'), { minLength: 1, maxLength: 2 })),
  )
  .map(([v, core, pre, build]) => `${v}${core.join('.')}${pre === null ? '' : `-${pre.join('.')}`}${build === null ? '' : `+${build.join('.')}`}`);

const debian: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('', '', '0:', '1:', '2:', '10:'),
    fc.constantFrom('0', '1', '2', '10', '01'),
    fc.array(fc.constantFrom('0', '1', '2', '10', '01', 'a', 'b', 'rc', 'z', 'A', '.', '+', '~', '~~', BIG), { maxLength: 5 }),
    fc.option(fc.array(fc.constantFrom('0', '1', '2', 'b1', '~', '+b1', '.1', 'ubuntu1', 'deb10u1'), { minLength: 1, maxLength: 3 })),
  )
  .map(([epoch, first, rest, revision]) => `${epoch}${first}${rest.join('')}${revision === null ? '' : `-${revision.join('')}`}`);

const rpmPiece = fc.constantFrom('0', '1', '2', '10', '001', 'a', 'b', 'rc', 'git', 'A', '.', '_', '+', '~', '^', BIG);
const rpm: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('', '', '0:', '1:', '2:'), fc.array(rpmPiece, { minLength: 1, maxLength: 5 }), fc.option(fc.array(rpmPiece, { minLength: 1, maxLength: 3 })))
  .map(([epoch, version, release]) => `${epoch}${version.join('')}${release === null ? '' : `-${release.join('')}`}`);

const genericItem = fc.constantFrom('0', '00', '1', '2', '10', '01', BIG, 'a', 'b', 'm', 'rc', 'beta', 'alpha', 'dev', 'k', 'sp', 'R', 'final', 'Beta');
const generic: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('', '', 'v'), genericItem, fc.array(fc.tuple(fc.constantFrom('', '.', '.', '-', '_', '+'), genericItem), { maxLength: 6 }))
  // A `v` prefix is only dropped before a digit; before a letter it would be part of a word.
  .map(([v, first, rest]) => `${/^\d/.test(first) ? v : ''}${first}${rest.map(([sep, item]) => sep + item).join('')}`);

/** Well-formed versions of `scheme`. */
export function versionArbitrary(scheme: VersionScheme): fc.Arbitrary<string> {
  switch (scheme) {
    case 'semver':
      return semver;
    case 'debian':
      return debian;
    case 'rpm':
      return rpm;
    case 'generic':
      return generic;
  }
}
