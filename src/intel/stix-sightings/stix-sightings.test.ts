import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryBus } from '../../bus/memory/memory-bus.js';
import { ManualClock } from '../../core/clock.js';
import type { SightingId } from '../../core/ids.js';
import { silentLogger } from '../../core/logger.js';
import { TLP2_IDS } from '../../stix/marking/index.js';
import { validateStix } from '../../stix/object/index.js';
import { matchPattern, parsePattern } from '../../stix/pattern/index.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { IndicatorSet } from '../indicator-set.js';
import { createSightingRelease } from '../share/sighting-release.js';
import type { SightingEvent } from '../sighting.js';
import { StixStore } from '../stix/stix-store.js';
import { INTEL_SUBJECTS } from '../subjects.js';
import { TaxiiGrantStore } from '../taxii/sql/index.js';
import { createStixSightings, sightingObjects, sightingsCollectionId } from './stix-sightings.js';

const T0 = Date.UTC(2026, 11, 6, 9);
const recorder = { id: 'identity--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Office' };

function event(over: Partial<SightingEvent> = {}): SightingEvent {
  return {
    kind: 'sighting.new',
    id: 'sgt-1' as SightingId,
    indicator: { key: '45.32.13.180,443,tcp', value: '45.32.13.180', label: 'MirrorFace C2', kind: 'c2', source: 'file:demo' },
    host: '192.0.2.55',
    family: 4,
    networkId: 'net-1',
    organizationId: 'org-air',
    networkPrefix: '192.0.2.0/24',
    direction: 'outbound',
    firstSeen: T0,
    lastSeen: T0 + 5000,
    count: 3,
    outboundCount: 3,
    inboundCount: 0,
    packets: 30,
    bytes: 3000,
    ports: [443],
    protocols: [6],
    ...over,
  };
}

describe('sighting objects', () => {
  it('are valid STIX, never carry the host, and the indicator from a file matches what was seen', () => {
    const objects = sightingObjects(event(), recorder, TLP2_IDS.amber, T0 + 10_000);
    expect(validateStix(objects).errors).toEqual([]);
    expect(JSON.stringify(objects)).not.toContain('192.0.2.55');
    const indicator = objects.find((o) => o.type === 'indicator')!;
    const pattern = String(indicator.pattern);
    expect(parsePattern(pattern).ok).toBe(true);
    const matched = (o: unknown) => {
      const r = matchPattern(pattern, [o]);
      return r.ok && r.matched;
    };
    const observed = (dst: string, port: number) => ({
      type: 'observed-data',
      spec_version: '2.1',
      id: 'observed-data--11111111-2222-4333-8444-555555555555',
      created: '2026-12-06T09:00:00.000Z',
      modified: '2026-12-06T09:00:00.000Z',
      first_observed: '2026-12-06T09:00:00.000Z',
      last_observed: '2026-12-06T09:00:00.000Z',
      number_observed: 1,
      objects: {
        '0': { type: 'ipv4-addr', value: '192.0.2.55' },
        '1': { type: 'ipv4-addr', value: dst },
        '2': { type: 'network-traffic', src_ref: '0', dst_ref: '1', dst_port: port, protocols: ['ipv4', 'tcp'] },
      },
    });
    expect(matched(observed('45.32.13.180', 443))).toBe(true);
    expect(matched(observed('45.32.13.180', 80))).toBe(false);
    expect(objects.find((o) => o.type === 'sighting')).toMatchObject({ count: 3, first_seen: new Date(T0).toISOString(), sighting_of_ref: indicator.id });
  });

  it('stay valid for a sighting of a single instant (first and last seen equal)', () => {
    const objects = sightingObjects(event({ firstSeen: T0, lastSeen: T0 }), recorder, TLP2_IDS.amber, T0);
    expect(validateStix(objects).errors).toEqual([]);
  });

  it('refer to the STIX indicator a hit came from instead of making one', () => {
    const id = 'indicator--00000000-0000-4000-8000-000000000007';
    const objects = sightingObjects(event({ indicator: { key: '10.0.0.7', value: '10.0.0.7', label: null, kind: 'c2', source: `stix:${id}` } }), recorder, TLP2_IDS.amber, T0);
    expect(objects.map((o) => o.type)).toEqual(['identity', 'sighting']);
    expect(objects[1]?.sighting_of_ref).toBe(id);
  });
});

describeStorage('STIX sightings from detection', (s) => {
  let clock: ManualClock;
  beforeEach(async () => {
    await s.reset();
    clock = new ManualClock(T0 + 10_000);
  });

  it("writes each sighting into the organisation's collection, granted to it alone, and a new version at most once per interval", async () => {
    const bus = createMemoryBus({ catalogue: INTEL_SUBJECTS }, { clock, logger: silentLogger() });
    const c = createStixSightings({
      db: s.db,
      bus,
      logger: silentLogger(),
      clock,
      recorder,
      organisationName: async () => 'Aozora Airlines',
      minIntervalMs: 60_000,
      release: createSightingRelease(new IndicatorSet()),
    });
    await c.start!();
    await bus.publish('sighting.new', event());
    await bus.publish('sighting.new', event({ id: 'sgt-2' as SightingId, organizationId: null }));
    await bus.flush();
    await c.flush();
    const store = new StixStore(s.db);
    const list = async () => (await store.list({ collectionId: sightingsCollectionId('org-air'), limit: 100 })).objects;
    expect((await list()).map((o) => o.type).sort()).toEqual(['identity', 'identity', 'indicator', 'sighting']);
    expect(await new TaxiiGrantStore(s.db).list([sightingsCollectionId('org-air')])).toEqual([
      { collectionId: sightingsCollectionId('org-air'), granteeKind: 'organization', grantee: 'org-air', canRead: true, canWrite: false },
    ]);
    // An update within the interval waits; the next one after it is written as a new version.
    clock.advance(10_000);
    await bus.publish('sighting.updated', event({ kind: 'sighting.updated', count: 9, lastSeen: T0 + 15_000 }));
    await bus.flush();
    const sightingId = (await list()).find((o) => o.type === 'sighting')!.id;
    expect(await store.versions(sightingId)).toHaveLength(1);
    clock.advance(60_000);
    await c.stop!();
    const versions = await store.versions(sightingId);
    expect(versions.map((v) => v.object.count)).toEqual([3, 9]);
    expect(JSON.stringify(versions)).not.toContain('192.0.2.55');
    expect((await store.collections()).map((x) => x.id)).toEqual([sightingsCollectionId('org-air')]);
  });
});
