import { beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../core/errors.js';
import { describeStorage } from '../storage/testing/storage-suite.js';
import { IndicatorSet } from './indicator-set.js';
import { IndicatorStore } from './indicator-store.js';

describeStorage('indicator store', (ctx) => {
  beforeEach(() => ctx.reset());

  it('replaces a source atomically, keeps other sources, and loads into a set', async () => {
    const store = new IndicatorStore(ctx.db, ctx.clock);
    expect(await store.replaceSource('file:a.txt', [{ value: '45.32.13.180', label: 'MirrorFace C2' }, { value: '5.8.95.174' }, { value: '103.175.16.39', port: 443, protocol: 'tcp' }])).toMatchObject(
      { added: 3, updated: 0, removed: 0 },
    );
    await store.add('feed:x', [{ value: '2001:db8:bad::/48', kind: 'watch' }]);
    ctx.clock.advance(1000);
    expect(
      await store.replaceSource('file:a.txt', [
        { value: '45.32.13.180', label: 'LODEINFO C2' },
        { value: '198.18.0.0/15', port: 53 },
      ]),
    ).toMatchObject({ added: 1, updated: 1, removed: 2 });
    const rows = await store.list();
    expect(rows.map((r) => [r.key, r.label, r.kind, r.source, r.port, r.protocol])).toEqual([
      ['198.18.0.0/15,53', null, 'c2', 'file:a.txt', 53, null],
      ['2001:db8:bad::/48', null, 'watch', 'feed:x', null, null],
      ['45.32.13.180', 'LODEINFO C2', 'c2', 'file:a.txt', null, null],
    ]);
    const kept = rows.find((r) => r.key === '45.32.13.180')!;
    expect(kept.updatedAt - kept.createdAt).toBe(1000);
    expect((await store.list({ source: 'feed:x' })).map((r) => r.key)).toEqual(['2001:db8:bad::/48']);

    const set = new IndicatorSet();
    await store.loadInto(set);
    expect(set.test('45.32.13.180')?.label).toBe('LODEINFO C2');
    expect(set.test('2001:db8:bad::1')?.kind).toBe('watch');
    expect(set.test('198.19.1.1', 53, 'udp')?.key).toBe('198.18.0.0/15,53');
  });

  it('writes nothing when one indicator is bad', async () => {
    const store = new IndicatorStore(ctx.db, ctx.clock);
    await store.replaceSource('s', [{ value: '45.32.13.180' }]);
    let code: string | undefined;
    try {
      await store.replaceSource('s', [{ value: '5.8.95.174' }, { value: '5.8.95.174/16' }]);
    } catch (e) {
      code = isSakimoriError(e) ? e.code : String(e);
    }
    expect(code).toBe('SAKIMORI_ERR_INTEL_INVALID_INDICATOR');
    expect((await store.list()).map((r) => r.key)).toEqual(['45.32.13.180']);
  });

  it('removes by key and by source', async () => {
    const store = new IndicatorStore(ctx.db, ctx.clock);
    await store.add('a', [{ value: '45.32.13.180' }, { value: '5.8.95.174' }]);
    await store.add('b', [{ value: '103.175.16.39' }]);
    expect(await store.remove(['5.8.95.174', 'nope'])).toBe(1);
    expect(await store.removeSource('b')).toBe(1);
    expect((await store.list()).map((r) => r.key)).toEqual(['45.32.13.180']);
  });
});
