import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../core/errors.js';
import { describeIndicator } from './indicator.js';
import { IndicatorSet } from './indicator-set.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return isSakimoriError(e) ? e.code : String(e);
  }
}

describe('indicator set', () => {
  it('adds, replaces per source and removes, moving the version on each time', () => {
    const set = new IndicatorSet();
    expect(set.version).toBe(0);
    expect(set.add('file:a.txt', [{ value: '45.32.13.180', label: 'MirrorFace C2' }, { value: '5.8.95.174' }])).toEqual({ added: 2, updated: 0, removed: 0, version: 1 });
    expect(set.add('feed:x', [{ value: '2001:db8:bad::/48', kind: 'watch' }])).toMatchObject({ added: 1, version: 2 });
    // Reloading a.txt: one kept with a new label, one dropped, one new; feed:x untouched.
    expect(set.replaceSource('file:a.txt', [{ value: '45.32.13.180', label: 'LODEINFO C2' }, { value: '103.175.16.39' }])).toEqual({ added: 1, updated: 1, removed: 1, version: 3 });
    expect(set.list().map((i) => [i.key, i.label, i.source])).toEqual([
      ['103.175.16.39', null, 'file:a.txt'],
      ['2001:db8:bad::/48', null, 'feed:x'],
      ['45.32.13.180', 'LODEINFO C2', 'file:a.txt'],
    ]);
    expect(set.remove(['2001:db8:bad::/48', 'not-there'])).toMatchObject({ removed: 1, version: 4 });
    expect(set.size).toBe(2);
    expect(set.test('5.8.95.174')).toBeUndefined();
  });

  it('changes nothing when one input is bad', () => {
    const set = new IndicatorSet([{ value: '45.32.13.180', source: 's' }]);
    const before = set.matcher();
    expect(codeOf(() => set.replaceSource('s', [{ value: '103.175.16.39' }, { value: '103.175.16.39/24' }]))).toBe('SAKIMORI_ERR_INTEL_INVALID_INDICATOR');
    expect(codeOf(() => set.add('s', [{ value: '5.8.95.174', port: 70000 }]))).toBe('SAKIMORI_ERR_INTEL_INVALID_INDICATOR');
    expect(codeOf(() => set.add('s', [{ value: '::/0' }]))).toBe('SAKIMORI_ERR_INTEL_INVALID_INDICATOR');
    expect(set.matcher()).toBe(before);
    expect(set.version).toBe(1);
    expect(set.list().map((i) => i.key)).toEqual(['45.32.13.180']);
  });

  it('hands every new matcher to its listeners, and answers tests on any port', () => {
    const set = new IndicatorSet();
    const seen: number[] = [];
    const off = set.onChange((m) => seen.push(m.size));
    set.add('s', [{ value: '45.32.13.180', port: 443, protocol: 'tcp', label: 'MirrorFace C2' }]);
    set.add('s', [{ value: '198.18.0.0/15', kind: 'watch' }]);
    off();
    set.remove(['198.18.0.0/15']);
    expect(seen).toEqual([1, 2]);
    const hit = set.test('45.32.13.180');
    expect(hit?.key).toBe('45.32.13.180,443,tcp');
    expect(describeIndicator(hit!)).toBe('ipv4-addr:45.32.13.180 port 443/tcp (MirrorFace C2)');
    expect(set.test('45.32.13.180', 80, 'tcp')).toBeUndefined();
    expect(set.test('not an address')).toBeUndefined();
  });
});
