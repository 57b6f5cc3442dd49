import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { describeExternal, missingTools } from '../../testing/external.js';
import { compareVersions, parseVersion } from './index.js';
import { versionArbitrary } from './testing/version-arbitraries.js';

const cmp = (a: string, b: string) => compareVersions(a, b, 'debian');

describe('debian ordering (Policy §5.6.12, dpkg verrevcmp)', () => {
  it.each([
    // dpkg's own test cases (lib/dpkg/t/t-version.c) and the examples of Debian Policy §5.6.12.
    ['1.0~rc1', '1.0', -1],
    ['1:0.9', '2.0', 1],
    ['1.0-1', '1.0-1+b1', -1],
    ['0:0-0', '0:0-0', 0],
    ['0:0-00', '0:00-0', 0],
    ['1:2-3', '1:2-3', 0],
    ['0:0-0', '1:0-0', -1],
    ['0:0a-0', '0:0b-0', -1],
    ['0:0-a', '0:0-b', -1],
    ['1.0', '1.0-0', 0],
    ['0:1.0', '1.0', 0],
    ['01:1.0', '1:1.0', 0],
    ['1.2a', '1.2.1', -1],
    ['7.6p2-4', '7.6-0', 1],
    ['1.0.0', '1.0', 1],
    ['2.30-1', '2.3-1', 1],
    ['1.0+dfsg-1', '1.0-1', 1],
    ['1.0-1ubuntu1', '1.0-1', 1],
    ['1.0-1~bpo11+1', '1.0-1', -1],
    ['2:1.0', '1:9.9', 1],
    ['1.0~~', '1.0~~a', -1],
    ['1.0~~a', '1.0~', -1],
    ['1.0~', '1.0', -1],
    ['1.0', '1.0a', -1],
    ['1.0a', '1.0+', -1],
    ['1:1.2:3-4', '1:1.2:4-4', -1],
  ] as const)('orders %s against %s as %i', (a, b, expected) => {
    expect(Math.sign(cmp(a, b) ?? Number.NaN)).toBe(expected);
    expect(Math.sign(cmp(b, a) ?? Number.NaN)).toBe(-expected || 0);
  });

  it('orders epochs and digit runs of any length exactly', () => {
    expect(cmp('99999999999999999999:1', '100000000000000000000:0')).toBeLessThan(0);
    expect(cmp('1.20240101123045678', '1.20240101123045679')).toBeLessThan(0);
  });

  it.each([
    ['an empty string', '', 'upstream_version', 0, /empty version/],
    ['an empty epoch', ':1.0', 'epoch', 0, /empty epoch/],
    ['an epoch that is no number', '1a:1.0', 'epoch', 1, /'a' is not a digit/],
    ['a negative epoch', '-1:1.0', 'epoch', 0, /'-' is not a digit/],
    ['nothing after the colon', '1:', 'upstream_version', 1, /nothing after the epoch colon/],
    ['an empty upstream version', '1:-1', 'upstream_version', 2, /empty/],
    ['an empty revision', '1.0-', 'debian_revision', 3, /empty/],
    ['a space', '1.0 1', 'upstream_version', 3, /U\+0020 is not allowed/],
    ['an underscore', '1.0_1', 'upstream_version', 3, /'_' is not allowed/],
    ['an underscore in the revision', '1.0-1_2', 'debian_revision', 5, /'_' is not allowed/],
    ['a colon in the revision', '1:1.0-1:2', 'debian_revision', 7, /':' is not allowed/],
    ['an upstream version not starting with a digit', '1:a1.0', 'upstream_version', 2, /starts with 'a', not a digit/],
  ])('refuses %s with a coded error naming the part and offset', (_what, text, component, offset, message) => {
    const r = parseVersion(text, 'debian');
    if (r.ok) throw new Error(`accepted ${text}`);
    expect(isSakimoriError(r.error, 'SAKIMORI_ERR_VERSION_MALFORMED')).toBe(true);
    expect(r.error.message).toMatch(message);
    expect(r.error.details).toEqual({ scheme: 'debian', component, offset });
    expect(cmp(text, '1.0')).toBeUndefined();
  });
});

const PEER_PAIRS = 300;

const debianVersion = versionArbitrary('debian');

describeExternal('debian ordering beside dpkg --compare-versions', missingTools('dpkg'), () => {
  it(`agrees with dpkg on ${PEER_PAIRS} generated pairs`, () => {
    // Independent pairs, and pairs of one version written two ways (the epoch 0 is the absent epoch).
    const same = debianVersion.map((v): [string, string] => [v, v.includes(':') ? v : `0:${v}`]);
    const pairs = fc.sample(fc.oneof({ arbitrary: fc.tuple(debianVersion, debianVersion), weight: 4 }, { arbitrary: same, weight: 1 }), { seed: 0xdeb, numRuns: PEER_PAIRS });
    // One shell for all pairs; versions hold only [0-9A-Za-z.+~:-], safe inside single quotes.
    const script = pairs.map(([a, b]) => `if dpkg --compare-versions '${a}' lt '${b}'; then echo -1; elif dpkg --compare-versions '${a}' eq '${b}'; then echo 0; else echo 1; fi`).join('\n');
    const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const theirs = r.stdout.trim().split('\n').map(Number);
    const disagreements = pairs.flatMap(([a, b], i) => (Math.sign(cmp(a, b) ?? Number.NaN) === theirs[i] ? [] : [`${a} vs ${b}: ours ${cmp(a, b)}, dpkg ${theirs[i]}`]));
    expect(disagreements).toEqual([]);
    expect(new Set(theirs)).toEqual(new Set([-1, 0, 1]));
  });
});
