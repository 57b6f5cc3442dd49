import { describe, expect, it } from 'vitest';
import { TLP2_IDS } from '../../stix/marking/index.js';
import { validateStix } from '../../stix/object/index.js';
import { parsePattern } from '../../stix/pattern/index.js';
import { attackBundle } from './attack-bundle.js';
import { type AttackSources, groupCampaigns } from './campaigns.js';

const T0 = Date.UTC(2026, 11, 6, 9);
const publisher = { id: 'identity--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'National Cybersecurity Office (demo)' };

describe('attack bundle', () => {
  const attack = {
    id: 'att-1',
    startedAt: T0,
    endedAt: T0 + 60_000,
    vectors: [{ vector: 'reflection', share: 0.8 }],
    sources: ['198.51.100.7', '2001:db8::5', '198.51.100.7'],
    sector: 'aviation',
  };

  it('is valid STIX 2.1 with one indicator per distinct source, the technique, and the campaign when given', () => {
    const objects = attackBundle(attack, {
      markingRefs: [TLP2_IDS.amber],
      publisher,
      campaign: { id: 'att-0', name: 'Demo botnet campaign', firstSeen: T0 - 1000, lastSeen: T0 + 60_000, organisations: 2 },
      now: T0 + 120_000,
    });
    const result = validateStix({ type: 'bundle', id: 'bundle--11111111-2222-4333-8444-555555555555', objects });
    expect(result.errors).toEqual([]);
    const indicators = objects.filter((o) => o.type === 'indicator');
    expect(indicators.map((o) => o.pattern)).toEqual(["[ipv4-addr:value = '198.51.100.7']", "[ipv6-addr:value = '2001:db8::5']"]);
    for (const i of indicators) expect(() => parsePattern(String(i.pattern))).not.toThrow();
    expect(objects.find((o) => o.type === 'attack-pattern')?.external_references).toEqual([expect.objectContaining({ external_id: 'T1498.002' })]);
    expect(objects.filter((o) => o.type === 'relationship').map((o) => o.relationship_type)).toEqual(['uses', 'indicates', 'indicates', 'indicates', 'indicates']);
    for (const o of objects.filter((x) => x.type !== 'identity')) expect(o.object_marking_refs).toEqual([TLP2_IDS.amber]);
  });

  it('never names the attacked address, and pseudonymises sources when asked', () => {
    const objects = attackBundle(attack, { markingRefs: [TLP2_IDS.green], publisher, mapAddress: (a) => (a.includes(':') ? '2001:db8:ffff::1' : '203.0.113.99'), now: T0 });
    const text = JSON.stringify(objects);
    expect(text).not.toContain('198.51.100.7');
    expect(text).toContain('203.0.113.99');
    expect(objects.some((o) => o.type === 'campaign')).toBe(false);
  });

  it('has stable ids: publishing again makes the same objects', () => {
    const a = attackBundle(attack, { markingRefs: [TLP2_IDS.amber], publisher, now: T0 }).map((o) => o.id);
    const b = attackBundle(attack, { markingRefs: [TLP2_IDS.amber], publisher, now: T0 + 5000 }).map((o) => o.id);
    expect(a).toEqual(b);
  });
});

describe('campaigns across organisations', () => {
  const bots = Array.from({ length: 20 }, (_, i) => `198.51.100.${i + 1}`);
  const a = (id: string, org: string, sources: string[], start = T0): AttackSources => ({ id, organizationId: org, startedAt: start, endedAt: start + 60_000, sources });

  it('groups attacks on different organisations by shared sources, and nothing else', () => {
    const campaigns = groupCampaigns([
      a('a1', 'air', bots.slice(0, 10)),
      a('a2', 'bank', bots.slice(5, 15), T0 + 1000),
      a('a3', 'rail', bots.slice(12, 20), T0 + 2000),
      a('a4', 'air', ['203.0.113.1', '203.0.113.2', '203.0.113.3']),
      a('a5', 'bank', [
        '203.0.113.1',
        '192.0.2.9',
        '192.0.2.10',
        '192.0.2.11',
        '192.0.2.12',
        '192.0.2.13',
        '192.0.2.14',
        '192.0.2.15',
        '192.0.2.16',
        '192.0.2.17',
        '192.0.2.18',
        '192.0.2.19',
        '192.0.2.20',
        '192.0.2.21',
        '192.0.2.22',
      ]),
    ]);
    expect(campaigns).toHaveLength(1);
    expect(campaigns[0]).toMatchObject({ id: 'a1', attackIds: ['a1', 'a2', 'a3'], organizationIds: ['air', 'bank', 'rail'] });
    expect(campaigns[0]!.sharedSources).toEqual([...bots.slice(5, 10), ...bots.slice(12, 15)].sort());
  });

  it('does not make a campaign of one organisation attacked twice, nor of attacks a month apart', () => {
    expect(groupCampaigns([a('a1', 'air', bots), a('a2', 'air', bots)])).toEqual([]);
    expect(groupCampaigns([a('a1', 'air', bots), a('a2', 'bank', bots, T0 + 30 * 86_400_000)])).toEqual([]);
    expect(groupCampaigns([a('a1', 'air', bots), a('a2', 'bank', bots, T0 + 86_400_000)])).toHaveLength(1);
  });
});
