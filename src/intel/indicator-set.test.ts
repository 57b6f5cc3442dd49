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

describe('indicator set, paced changes', () => {
  const hosts = (first: number, n: number): { value: string }[] => Array.from({ length: n }, (_, i) => ({ value: `${first}.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}` }));
  const has = (set: IndicatorSet, address: string): boolean => set.test(address) !== undefined;

  it('swaps 200 000 indicators with the event loop running between slices, atomically', async () => {
    const N = 200_000;
    const set = new IndicatorSet([{ value: '5.8.95.174', source: 'file:c2.txt' }]);
    await set.replaceSourcePaced('stix', hosts(10, N));
    const before = set.version;
    expect(set.size).toBe(N + 1);
    // Each pause is a turn of the event loop: timers run, and a match there sees one whole set.
    let pauses = 0;
    let ticks = 0;
    const seen = new Set<string>();
    const timer = setInterval(() => ticks++, 1);
    const change = await set.replaceSourcePaced('stix', hosts(11, N), {
      sliceMs: 2,
      pause: async () => {
        pauses++;
        const state = [has(set, '10.0.0.0'), has(set, `10.${(N - 1) >>> 16}.${((N - 1) >>> 8) & 255}.${(N - 1) & 255}`), has(set, '11.0.0.0'), has(set, '11.1.0.0'), set.version === before];
        seen.add(state.join());
        await new Promise((resolve) => setImmediate(resolve));
      },
    });
    clearInterval(timer);
    expect(change).toEqual({ added: N, updated: 0, removed: N, version: before + 1 });
    expect(pauses).toBeGreaterThan(10);
    expect(ticks).toBeGreaterThan(0);
    // Only ever the old set, whole, while the new one was being built.
    expect([...seen]).toEqual(['true,true,false,false,true']);
    expect([has(set, '10.0.0.0'), has(set, '11.0.0.0'), has(set, '11.3.13.63'), has(set, '5.8.95.174')]).toEqual([false, true, true, true]);
  });

  it('keeps a change made during a paced one, and changes nothing on a bad input', async () => {
    const set = new IndicatorSet();
    let once = false;
    const change = await set.replaceSourcePaced('stix', hosts(10, 20_000), {
      sliceMs: 0,
      pause: async () => {
        if (!once) set.add('file:c2.txt', [{ value: '5.8.95.174' }]);
        once = true;
        await new Promise((resolve) => setImmediate(resolve));
      },
    });
    expect(change).toMatchObject({ added: 20_000, version: 2 });
    expect(has(set, '5.8.95.174') && has(set, '10.0.78.31')).toBe(true);
    expect(set.matcher().size).toBe(20_001);

    const matcher = set.matcher();
    await expect(set.replaceSourcePaced('stix', [{ value: '10.0.0.1' }, { value: '10.0.0.0/8', port: 70_000 }])).rejects.toMatchObject({ code: 'SAKIMORI_ERR_INTEL_INVALID_INDICATOR' });
    expect(set.matcher()).toBe(matcher);
    // Paced changes queue: the second sees the first's result.
    const [a, b] = await Promise.all([set.replaceSourcePaced('a', [{ value: '192.0.2.1' }]), set.replaceSourcePaced('a', [{ value: '192.0.2.2' }])]);
    expect([a.version, b.version, b.removed]).toEqual([3, 4, 1]);
  });
});
