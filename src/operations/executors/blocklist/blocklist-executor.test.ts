import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.js';
import { describeExternal, missingTools } from '../../../testing/external.js';
import { normaliseAction, type ActionOf } from '../../catalogue/action.js';
import type { ExecutionContext } from '../../execution/executor.js';
import { createBlocklistExecutor } from './blocklist-executor.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'sakimori-blocklist-'));
  dirs.push(dir);
  const clock = new ManualClock(Date.UTC(2026, 0, 2));
  const plainFile = join(dir, 'blocklist', 'blocklist.txt');
  const nftFile = join(dir, 'blocklist', 'blocklist.nft');
  const ex = createBlocklistExecutor({ plainFile, nftFile, nft: { family: 'inet', table: 'sakimori', set: 'blocklist' } }, { clock });
  const ctx = (executionId: string, prefixes: string[]): ExecutionContext<'blocklist'> => ({
    executionId,
    requestId: `R-${executionId}`,
    caseId: 'C1',
    action: normaliseAction({ mechanism: 'blocklist', prefixes }) as ActionOf<'blocklist'>,
    startedAt: clock.now(),
    expiresAt: null,
    attempt: 1,
    finalAttempt: true,
  });
  return { dir, plainFile, nftFile, ex, ctx };
}

describe('block-list executor', () => {
  it('writes the union of live lists, drops covered entries, and rewrites on removal', async () => {
    const { plainFile, nftFile, ex, ctx, dir } = setup();
    const a = ctx('E1', ['100.64.0.5', '100.64.1.0/24', '2001:db8:f000::7']);
    const b = ctx('E2', ['100.64.1.9', '100.96.0.53']);
    await ex.apply(a);
    await ex.apply(b);
    expect(readFileSync(plainFile, 'utf8')).toBe(
      [
        '# Sakimori block list; generated 2026-01-02T00:00:00.000Z; 4 entries.',
        '# Regenerated atomically by the platform: do not edit.',
        '100.64.0.5',
        '100.64.1.0/24',
        '100.96.0.53',
        '2001:db8:f000::7',
        '',
      ].join('\n'),
    );
    expect(readFileSync(nftFile, 'utf8')).toBe(
      [
        '# Sakimori block list for nft -f; generated 2026-01-02T00:00:00.000Z; 4 entries.',
        'add table inet sakimori',
        'add set inet sakimori blocklist_v4 { type ipv4_addr; flags interval; }',
        'flush set inet sakimori blocklist_v4',
        'add element inet sakimori blocklist_v4 { 100.64.0.5, 100.64.1.0/24, 100.96.0.53 }',
        'add set inet sakimori blocklist_v6 { type ipv6_addr; flags interval; }',
        'flush set inet sakimori blocklist_v6',
        'add element inet sakimori blocklist_v6 { 2001:db8:f000::7 }',
        '',
      ].join('\n'),
    );
    expect(await ex.remove(a)).toHaveLength(3);
    expect(readFileSync(plainFile, 'utf8')).toMatch(/2 entries\.\n.*\n100\.64\.1\.9\n100\.96\.0\.53\n$/);
    await ex.remove(b);
    expect(readFileSync(nftFile, 'utf8')).not.toContain('add element');
    expect(readdirSync(join(dir, 'blocklist')).sort()).toEqual(['blocklist.nft', 'blocklist.txt']);
  });
});

describeExternal('block-list nftables file with nft -c', missingTools('nft'), () => {
  const check = (file: string) => spawnSync('nft', ['-c', '-f', file], { encoding: 'utf8' });

  it('is accepted by nft, with overlapping entries from different requests and 5000 elements', async () => {
    const { nftFile, ex, ctx } = setup();
    await ex.apply(ctx('E1', ['100.64.0.0/24', '2001:db8:f000::/48']));
    await ex.apply(ctx('E2', ['100.64.0.9', '2001:db8:f000::1', ...Array.from({ length: 5000 }, (_, i) => `100.${65 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`)]));
    const r = check(nftFile);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    await ex.remove(ctx('E1', ['100.64.0.0/24', '2001:db8:f000::/48']));
    await ex.remove(ctx('E2', ['100.64.0.9']));
    expect(check(nftFile).status).toBe(0);
  });

  it('is refused by nft when entries overlap (the check is real)', () => {
    const { dir } = setup();
    const bad = join(dir, 'bad.nft');
    writeFileSync(bad, 'add table inet sakimori\nadd set inet sakimori blocklist_v4 { type ipv4_addr; flags interval; }\nadd element inet sakimori blocklist_v4 { 100.64.0.0/24, 100.64.0.9 }\n');
    expect(check(bad).stderr).toMatch(/conflicting intervals/);
  });
});
