import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.js';
import { describeExternal, missingFixtures, missingTools, sharedFixture } from '../../../testing/external.js';
import { normaliseAction, type ActionOf } from '../../catalogue/action.js';
import type { ExecutionContext } from '../../execution/executor.js';
import { createRpzExecutor } from './rpz-executor.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'sakimori-rpz-'));
  dirs.push(dir);
  const clock = new ManualClock(Date.UTC(2026, 0, 2, 3, 4, 5));
  const file = join(dir, 'rpz', 'sakimori.rpz');
  const ex = createRpzExecutor({ file, zone: 'rpz.sakimori', ttl: 300, sinkholeIpv4: '192.0.2.53', sinkholeIpv6: '2001:db8::53' }, { clock });
  const ctx = (executionId: string, action: unknown): ExecutionContext<'dns_rpz'> => ({
    executionId,
    requestId: `R-${executionId}`,
    caseId: 'C1',
    action: normaliseAction(action) as ActionOf<'dns_rpz'>,
    startedAt: clock.now(),
    expiresAt: null,
    attempt: 1,
    finalAttempt: true,
  });
  return { dir, file, ex, ctx, clock };
}

describe('RPZ executor', () => {
  it('writes the union of live actions as a response policy zone and rewrites it on removal', async () => {
    const { file, ex, ctx, dir } = setup();
    const c2 = ctx('E1', { mechanism: 'dns_rpz', domains: ['www.ninesmn.com', 'www.aesorunwe.com'] });
    const sink = ctx('E2', { mechanism: 'dns_rpz', domains: ['www.aesorunwe.com', 'update.example.net'], policy: 'sinkhole', includeSubdomains: false });
    expect(await ex.apply(c2)).toEqual([
      { executionId: 'E1', ruleKey: 'rpz www.aesorunwe.com', peer: 'file', state: 'active' },
      { executionId: 'E1', ruleKey: 'rpz www.ninesmn.com', peer: 'file', state: 'active' },
    ]);
    await ex.apply(sink);
    expect(readFileSync(file, 'utf8')).toBe(
      [
        '; Sakimori DNS response policy zone rpz.sakimori; generated 2026-01-02T03:04:05.000Z; 3 name(s).',
        '; Regenerated atomically by the platform: do not edit.',
        '$ORIGIN rpz.sakimori.',
        '$TTL 300',
        '@ SOA localhost. hostmaster.localhost. 1767323046 3600 600 86400 300',
        '@ NS localhost.',
        'update.example.net A 192.0.2.53',
        'update.example.net AAAA 2001:db8::53',
        // Listed by both: the stronger denial (NXDOMAIN) wins, and subdomains stay covered.
        'www.aesorunwe.com CNAME .',
        '*.www.aesorunwe.com CNAME .',
        'www.ninesmn.com CNAME .',
        '*.www.ninesmn.com CNAME .',
        '',
      ].join('\n'),
    );
    await ex.remove(c2);
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('www.aesorunwe.com A 192.0.2.53');
    expect(after).not.toContain('ninesmn');
    expect(after).toMatch(/SOA localhost\. hostmaster\.localhost\. 1767323047 /);
    expect(readdirSync(join(dir, 'rpz'))).toEqual(['sakimori.rpz']);
  });

  it('coalesces concurrent changes into whole files and leaves no temporary files', async () => {
    const { file, ex, ctx, dir } = setup();
    await Promise.all(Array.from({ length: 50 }, (_, i) => ex.apply(ctx(`E${i}`, { mechanism: 'dns_rpz', domains: [`c2-${i}.example.org`] }))));
    const text = readFileSync(file, 'utf8');
    expect(text.match(/CNAME \.$/gm)).toHaveLength(100);
    expect(readdirSync(join(dir, 'rpz'))).toEqual(['sakimori.rpz']);
  });
});

describeExternal('RPZ zone with named-checkzone', [...missingTools('named-checkzone'), ...missingFixtures()], () => {
  it('is a valid zone for BIND', async () => {
    const { file, ex, ctx } = setup();
    const iocs = JSON.parse(readFileSync(sharedFixture('iocs', 'mirrorface-eset-liberalface.json'), 'utf8')) as { domains: string[] };
    await ex.apply(ctx('E1', { mechanism: 'dns_rpz', domains: iocs.domains }));
    await ex.apply(ctx('E2', { mechanism: 'dns_rpz', domains: ['c2.example.org'], policy: 'sinkhole' }));
    await ex.apply(ctx('E3', { mechanism: 'dns_rpz', domains: ['dga-xk3j9.example.net'], policy: 'nodata' }));
    const out = execFileSync('named-checkzone', ['-i', 'full', 'rpz.sakimori', file], { encoding: 'utf8' });
    expect(out).toMatch(/loaded serial \d+\nOK/);
  });

  it('is rejected by named-checkzone when damaged (the check is real)', () => {
    const { dir } = setup();
    const bad = join(dir, 'bad.rpz');
    writeFileSync(bad, '$ORIGIN rpz.sakimori.\n$TTL 300\n@ SOA localhost. hostmaster.localhost. 1 3600 600 86400 300\n@ NS localhost.\nwww.example.com CNAME .\nwww.example.com A 192.0.2.1\n');
    const r = spawnSync('named-checkzone', ['rpz.sakimori', bad], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/CNAME and other data/);
  });
});
