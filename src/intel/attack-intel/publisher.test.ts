/**
 * Publishing an attack to organisations' inboxes on SQLite and PostgreSQL, tried with what should
 * fail: an unknown recipient, TLP:RED, pseudonymisation without a key, an attack without sources —
 * each refused with its code and nothing stored. The attack store is read through its port (the
 * store itself is tested in detection); the STIX store and grants are the real ones.
 */
import { beforeEach, expect, it } from 'vitest';
import type { AuditEventInput } from '../../core/audit-event.js';
import type { AttackerEntry } from '../../detection/attack.js';
import type { StoredAttack } from '../../detection/store/attack-store.js';
import { TLP2_IDS } from '../../stix/marking/index.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { StixStore } from '../stix/stix-store.js';
import { TaxiiGrantStore } from '../taxii/sql/index.js';
import { AttackPublisher, inboxCollectionId } from './publisher.js';

const T0 = Date.UTC(2026, 11, 6, 9);
const bots = Array.from({ length: 12 }, (_, i) => `198.51.100.${i + 1}`);

function attack(id: string, org: string, startedAt: number): StoredAttack {
  return { id, organizationId: org, startedAt, endedAt: startedAt + 60_000, vectors: [{ vector: 'syn_flood', packets: 1, bytes: 1, share: 1 }] } as unknown as StoredAttack;
}

describeStorage('attack publisher', (s) => {
  let events: AuditEventInput[];
  let attacks: Map<string, { a: StoredAttack; sources: string[] }>;
  let publisher: AttackPublisher;
  const orgs = new Map([
    ['org-air', 'Aozora Airlines'],
    ['org-bank', 'Minato Bank'],
  ]);
  const actor = { kind: 'user' as const, id: 'u-analyst', role: 'nco_analyst' as const };

  beforeEach(async () => {
    await s.reset();
    events = [];
    attacks = new Map([
      ['a1', { a: attack('a1', 'org-air', T0), sources: bots.slice(0, 10) }],
      ['a2', { a: attack('a2', 'org-bank', T0 + 5000), sources: bots.slice(2, 12) }],
      ['a3', { a: attack('a3', 'org-bank', T0 + 9000), sources: [] }],
    ]);
    publisher = new AttackPublisher({
      db: s.db,
      attacks: {
        get: async (id) => {
          const x = attacks.get(id);
          if (x === undefined) throw new Error(`no attack ${id}`);
          return x.a;
        },
        list: async () => ({ items: [...attacks.values()].map((x) => x.a), next: null }),
        sources: async (id) => (attacks.get(id)?.sources ?? []).map((address) => ({ address }) as AttackerEntry),
      },
      organisationName: async (id) => orgs.get(id),
      audit: { append: async (e) => void events.push(e) },
      clock: { now: () => T0 + 120_000 },
      publisher: { id: 'identity--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Office' },
      pseudonymiserFor: (org) => (org === 'org-bank' ? (a) => a.replace('198.51.100.', '203.0.113.') : undefined),
    });
  });

  const held = async (collectionId: string) => (await new StixStore(s.db).list({ collectionId, limit: 1000 })).objects.map((o) => o.object);

  it("publishes into the recipient's inbox, granted to it alone, with the campaign the attack belongs to, and logs the share", async () => {
    const r = await publisher.publish(actor, { attackId: 'a1', recipients: ['org-bank'], tlp: 'amber', pap: 'green' });
    expect(r).toMatchObject({ attackId: 'a1', campaignId: 'a1', deliveries: [{ organizationId: 'org-bank', collectionId: inboxCollectionId('org-bank'), pseudonymised: false }] });
    const objects = await held(inboxCollectionId('org-bank'));
    expect(objects.filter((o) => o.type === 'indicator')).toHaveLength(10);
    expect(objects.filter((o) => o.type === 'campaign')).toHaveLength(1);
    for (const o of objects.filter((x) => x.type !== 'identity')) expect(o.object_marking_refs).toContain(TLP2_IDS.amber);
    expect(await new TaxiiGrantStore(s.db).list([inboxCollectionId('org-bank')])).toEqual([
      { collectionId: inboxCollectionId('org-bank'), granteeKind: 'organization', grantee: 'org-bank', canRead: true, canWrite: false },
    ]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'data.share', details: { recipient: 'organisation:org-bank', kind: 'publish', pseudonymised: false } });
    // Publishing again stores no duplicate objects.
    await publisher.publish(actor, { attackId: 'a1', recipients: ['org-bank'], tlp: 'amber', pap: 'green' });
    const again = await held(inboxCollectionId('org-bank'));
    expect(new Set(again.map((o) => o.id)).size).toBe(new Set(objects.map((o) => o.id)).size);
  });

  it('pseudonymises per recipient with its key, and refuses a recipient without one before storing anything', async () => {
    await publisher.publish(actor, { attackId: 'a1', recipients: ['org-bank'], tlp: 'green', pseudonymise: true });
    const text = JSON.stringify(await held(inboxCollectionId('org-bank')));
    expect(text).not.toContain('198.51.100.');
    expect(text).toContain('203.0.113.');
    await expect(publisher.publish(actor, { attackId: 'a2', recipients: ['org-bank', 'org-air'], tlp: 'green', pseudonymise: true })).rejects.toMatchObject({
      code: 'SAKIMORI_ERR_INTEL_PUBLISH_NO_KEY',
    });
    expect((await new StixStore(s.db).collections()).map((c) => c.id)).toEqual([inboxCollectionId('org-bank')]);
  });

  it('refuses TLP:RED, an unknown recipient and an attack without sources, storing nothing', async () => {
    await expect(publisher.publish(actor, { attackId: 'a1', recipients: ['org-bank'], tlp: 'red' })).rejects.toMatchObject({ code: 'SAKIMORI_ERR_INTEL_PUBLISH_MARKING' });
    await expect(publisher.publish(actor, { attackId: 'a1', recipients: ['org-bank', 'org-nobody'], tlp: 'amber' })).rejects.toMatchObject({ code: 'SAKIMORI_ERR_INTEL_PUBLISH_RECIPIENT' });
    await expect(publisher.publish(actor, { attackId: 'a1', recipients: [], tlp: 'amber' })).rejects.toMatchObject({ code: 'SAKIMORI_ERR_INTEL_PUBLISH_RECIPIENT' });
    await expect(publisher.publish(actor, { attackId: 'a3', recipients: ['org-bank'], tlp: 'amber' })).rejects.toMatchObject({ code: 'SAKIMORI_ERR_INTEL_PUBLISH_NO_SOURCES' });
    expect(await new StixStore(s.db).collections()).toEqual([]);
    expect(events).toEqual([]);
  });

  it('finds the campaign of attacks on two organisations by shared sources', async () => {
    const campaigns = await publisher.campaigns();
    expect(campaigns).toHaveLength(1);
    expect(campaigns[0]).toMatchObject({ attackIds: ['a1', 'a2'], organizationIds: ['org-air', 'org-bank'] });
  });
});
