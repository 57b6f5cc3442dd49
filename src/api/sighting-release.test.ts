/**
 * The indicator of a sighting over the API and the live feed: an operator sees the indicators its
 * organisation may receive (its STIX markings and audience), a TLP:RED or foreign TLP:AMBER one
 * withheld; the office's analysts see every indicator. Tried the way an operator would get around it:
 * the list, a filter by organisation, the live feed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SightingId } from '../core/ids.js';
import { STIX_SOURCE } from '../intel/stix-indicators/stix-indicator-sync.js';
import { StixStore } from '../intel/stix/stix-store.js';
import { indicator } from '../intel/stix/testing/stix-objects.js';
import { TaxiiGrantStore } from '../intel/taxii/sql/index.js';
import { TLP2_IDS } from '../stix/marking/index.js';
import type { SightingEvent } from '../intel/sighting.js';
import { openSse } from './testing/sse-client.js';
import { startApiFixture, type ApiFixture, type TestUser } from './testing/api-fixture.js';

interface SightingItem {
  readonly id: string;
  readonly indicator: { readonly key: string; readonly value: string; readonly label: string | null };
}

describe('sightings’ indicators follow their markings over the API', () => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await startApiFixture({ dialect: 'sqlite' });
    const db = f.platform.storage.db;
    const store = new StixStore(db);
    const now = f.clock.now();
    const ingest = (collectionId: string, objects: unknown[]) =>
      store.ingest(objects, { source: 'test', defaultMarkingRef: TLP2_IDS.amber, collectionId, createCollection: { title: collectionId }, now });
    await ingest('for-the-airline', [indicator(1, undefined, { name: 'Amber C2', pattern: "[ipv4-addr:value = '203.0.113.71']", object_marking_refs: [TLP2_IDS.amber] })]);
    await ingest('office-only', [indicator(2, undefined, { name: 'Red C2', pattern: "[ipv4-addr:value = '203.0.113.72']", object_marking_refs: [TLP2_IDS.red] })]);
    await new TaxiiGrantStore(db).grant({ collectionId: 'for-the-airline', granteeKind: 'organization', grantee: f.orgs.airline, canRead: true, canWrite: false }, now);
    await f.platform.stixIndicators.refresh();
    let n = 0;
    for (const [value, org] of [
      ['203.0.113.71', f.orgs.airline],
      ['203.0.113.72', f.orgs.airline],
      ['203.0.113.71', f.orgs.bank],
    ] as const) {
      await db
        .insertInto('sightings')
        .values({
          id: `sgt-release-${++n}` as SightingId,
          indicator_key: value,
          indicator_value: value,
          indicator_label: value.endsWith('71') ? 'Amber C2' : 'Red C2',
          indicator_kind: 'c2',
          indicator_source: STIX_SOURCE,
          host: `192.0.2.${50 + n}`,
          family: 4,
          network_id: null,
          organization_id: org,
          network_prefix: null,
          first_seen: now - 60_000,
          last_seen: now,
          records: 3,
          outbound_records: 3,
          inbound_records: 0,
          packets: 12,
          bytes: 1200,
          ports: '[443]',
          protocols: '[6]',
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  });
  afterAll(async () => {
    await f?.stop();
  });

  const list = async (user: TestUser, query = ''): Promise<SightingItem[]> => {
    const r = await f.call(user, 'GET', `/api/v1/sightings?limit=100${query}`);
    expect(r.status).toBe(200);
    return (r.body as { items: SightingItem[] }).items.filter((s) => s.id.startsWith('sgt-release-'));
  };
  const byId = (items: readonly SightingItem[]) => Object.fromEntries(items.map((s) => [s.id, s.indicator.value]));

  it('shows the airline the AMBER indicator it was granted, and the RED one withheld', async () => {
    const items = await list(f.users.airline!);
    expect(byId(items)).toEqual({ 'sgt-release-1': '203.0.113.71', 'sgt-release-2': '[withheld]' });
    expect(JSON.stringify(items)).not.toContain('Red C2');
    expect(JSON.stringify(await list(f.users.airline!, `&organizationId=${f.orgs.airline}`))).not.toContain('203.0.113.72');
  });

  it('withholds the AMBER indicator from the bank, outside its audience, though the sighting is the bank’s', async () => {
    expect(byId(await list(f.users.bank!))).toEqual({ 'sgt-release-3': '[withheld]' });
  });

  it('sends the live feed’s sightings with the indicator only to those who may see it', async () => {
    const airline = await openSse(f, '/api/v1/events', f.users.airline!);
    const analyst = await openSse(f, '/api/v1/events', f.users.analyst!);
    const now = Date.now();
    const event: SightingEvent = {
      kind: 'sighting.new',
      id: 'sgt-live-red' as SightingId,
      indicator: { key: '203.0.113.72', value: '203.0.113.72', label: 'Red C2', kind: 'c2', source: STIX_SOURCE },
      host: '192.0.2.60',
      family: 4,
      networkId: null,
      organizationId: f.orgs.airline,
      networkPrefix: null,
      direction: 'outbound',
      firstSeen: now,
      lastSeen: now,
      count: 1,
      outboundCount: 1,
      inboundCount: 0,
      packets: 1,
      bytes: 60,
      ports: [443],
      protocols: [6],
    };
    await f.platform.bus.publish('sighting.new', event);
    await f.platform.bus.flush();
    const seenByAirline = await airline.waitFor((e) => e.event === 'sighting.new');
    const seenByAnalyst = await analyst.waitFor((e) => e.event === 'sighting.new');
    expect((seenByAirline.data as SightingItem).indicator).toMatchObject({ value: '[withheld]', label: null });
    expect(JSON.stringify(airline.events)).not.toMatch(/203\.0\.113\.72|Red C2/);
    expect((seenByAnalyst.data as SightingItem).indicator).toMatchObject({ value: '203.0.113.72', label: 'Red C2' });
    airline.close();
    analyst.close();
  });

  it('shows the office’s analyst every indicator', async () => {
    expect(byId(await list(f.users.analyst!))).toEqual({ 'sgt-release-1': '203.0.113.71', 'sgt-release-2': '203.0.113.72', 'sgt-release-3': '203.0.113.71' });
  });
});
