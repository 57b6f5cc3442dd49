/**
 * A sighting's indicator leaves only where the markings of the STIX indicator it came from allow:
 * operators and regulators (console, API, live feed), the event outputs and the organisation's STIX
 * sightings collection. Each test tries a way around the rule: a TLP:RED indicator to an operator, an
 * AMBER indicator to an organisation outside its audience, a grant revoked after compilation, an
 * indicator that left the matcher, an unknown marking.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryBus } from '../../bus/memory/memory-bus.js';
import { ManualClock } from '../../core/clock.js';
import { asId, type OrganizationId, type SightingId } from '../../core/ids.js';
import { silentLogger } from '../../core/logger.js';
import { createMetricsRegistry } from '../../core/metrics.js';
import { type Recipient, TLP2_IDS } from '../../stix/marking/index.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { indicatorRelease } from '../indicator-release.js';
import { IndicatorSet } from '../indicator-set.js';
import type { SightingEvent } from '../sighting.js';
import { StixStore } from '../stix/stix-store.js';
import { indicator, stixId } from '../stix/testing/stix-objects.js';
import { createStixIndicatorSync, STIX_SOURCE } from '../stix-indicators/stix-indicator-sync.js';
import { createStixSightings, sightingsCollectionId } from '../stix-sightings/stix-sightings.js';
import { INTEL_SUBJECTS } from '../subjects.js';
import { TaxiiGrantStore } from '../taxii/sql/index.js';
import { createIndicatorReleaseReader } from './indicator-releases.js';
import { createSightingRelease, eventOutputRelease, WITHHELD_INDICATOR } from './sighting-release.js';

const OFFICE = asId<OrganizationId>('office');
const AIR = asId<OrganizationId>('org-air');
const BANK = asId<OrganizationId>('org-bank');
const airline: Recipient = { kind: 'organisation', organisationId: AIR, sector: 'aviation' };
const bank: Recipient = { kind: 'organisation', organisationId: BANK, sector: 'finance' };
const T0 = Date.UTC(2026, 11, 6, 9);

function sighting(key: string, source: string, over: Partial<SightingEvent> = {}): SightingEvent {
  return {
    kind: 'sighting.new',
    // The id must not repeat the address: the tests look for the address in what leaves.
    id: `sgt-${key.split('.').at(-1)}` as SightingId,
    indicator: { key, value: key, label: `label of ${key}`, kind: 'c2', source },
    host: '192.0.2.55',
    family: 4,
    networkId: 'net-1',
    organizationId: AIR,
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

/** A set holding a file indicator and STIX indicators of each marking, the AMBER one for the airline. */
function world(): IndicatorSet {
  const set = new IndicatorSet([{ value: '198.51.100.1', source: 'file:c2.txt' }]);
  const ctx = (audience: OrganizationId[]) => ({ producer: OFFICE, audience: [OFFICE, ...audience], distribution: 3 as const });
  set.replaceSource(STIX_SOURCE, [
    { value: '198.51.100.2', release: indicatorRelease('indicator--green', 'green', ctx([])) },
    { value: '198.51.100.3', release: indicatorRelease('indicator--amber', 'amber', ctx([AIR])) },
    { value: '198.51.100.4', release: indicatorRelease('indicator--red', 'red', ctx([AIR])) },
    { value: '198.51.100.5', release: indicatorRelease('indicator--unknown', null, ctx([AIR])) },
    { value: '198.51.100.6' },
  ]);
  return set;
}

describe('the release of a sighting’s indicator', () => {
  const gate = createSightingRelease(world());
  const verdict = (key: string, source: string, to: Recipient, channel: Parameters<typeof gate.decide>[2]) => gate.decide({ key, source }, to, channel).reason;

  it('lets the office’s own file indicators go to any operator', () => {
    expect(verdict('198.51.100.1', 'file:c2.txt', bank, 'api-view')).toBe('ALLOWED');
  });

  it('follows the STIX indicator’s TLP: GREEN to any operator, AMBER to its audience only, RED to no operator', () => {
    expect(verdict('198.51.100.2', STIX_SOURCE, bank, 'api-view')).toBe('ALLOWED');
    expect(verdict('198.51.100.3', STIX_SOURCE, airline, 'api-view')).toBe('ALLOWED');
    expect(verdict('198.51.100.3', STIX_SOURCE, bank, 'api-view')).toBe('TLP_AMBER_OUTSIDE_AUDIENCE');
    expect(verdict('198.51.100.4', STIX_SOURCE, airline, 'sse')).toBe('TLP_RED_NOT_NAMED_INDIVIDUAL');
  });

  it('fails closed on an unknown marking, a STIX indicator without release facts, and one that left the matcher', () => {
    expect(verdict('198.51.100.5', STIX_SOURCE, airline, 'api-view')).toBe('UNKNOWN_MARKING');
    expect(verdict('198.51.100.6', STIX_SOURCE, airline, 'api-view')).toBe('INDICATOR_WITHDRAWN');
    expect(verdict('203.0.113.99', STIX_SOURCE, airline, 'api-view')).toBe('INDICATOR_WITHDRAWN');
    // A sighting recorded from a file whose key a STIX indicator has since taken over follows the STIX markings.
    expect(verdict('198.51.100.4', 'file:old.txt', airline, 'api-view')).toBe('TLP_RED_NOT_NAMED_INDIVIDUAL');
  });

  it('shows a withheld indicator as withheld, keeping the rest of the sighting', () => {
    const s = sighting('198.51.100.3', STIX_SOURCE);
    expect(gate.view(s, airline, 'api-view')).toBe(s);
    const out = gate.view(s, bank, 'api-view');
    expect(out.indicator).toEqual({ key: WITHHELD_INDICATOR, value: WITHHELD_INDICATOR, label: null, kind: 'c2', source: STIX_SOURCE });
    expect(JSON.stringify(out)).not.toContain('198.51.100.3');
    expect(out.count).toBe(3);
  });

  it('sends TLP:RED indicators withheld through every event output, AMBER as they are, and other subjects untouched', () => {
    const release = eventOutputRelease(gate, OFFICE);
    const msg = (data: unknown, subject = 'sighting.new') => ({ subject, data, time: T0, headers: {}, sequence: 1, deliveries: 1 });
    for (const output of ['file', 'exec', 'webhook'] as const) {
      const red = release(msg(sighting('198.51.100.4', STIX_SOURCE)), output);
      expect(JSON.stringify(red)).not.toContain('198.51.100.4');
      const amber = msg(sighting('198.51.100.3', STIX_SOURCE));
      expect(release(amber, output)).toBe(amber);
    }
    const attack = msg({ kind: 'attack.started', target: '198.51.100.4' }, 'attack.started');
    expect(release(attack, 'webhook')).toBe(attack);
  });
});

describeStorage('sighting release over the STIX store', (ctx) => {
  let store: StixStore;
  let grants: TaxiiGrantStore;
  let set: IndicatorSet;
  const clock = new ManualClock(T0);

  beforeEach(async () => {
    await ctx.reset();
    store = new StixStore(ctx.db);
    grants = new TaxiiGrantStore(ctx.db);
    set = new IndicatorSet();
  });

  const sync = () =>
    createStixIndicatorSync({ clock, logger: silentLogger(), metrics: createMetricsRegistry(), store, indicators: set, releases: createIndicatorReleaseReader({ db: ctx.db, office: OFFICE }) });
  const ingest = (collectionId: string, objects: unknown[]) =>
    store.ingest(objects, { source: 'test', defaultMarkingRef: TLP2_IDS.amber, collectionId, createCollection: { title: collectionId }, now: T0 });

  it('compiles each STIX indicator with its TLP and the organisations granted read on a collection holding it', async () => {
    await ingest('shared-air', [indicator(1, undefined, { pattern: "[ipv4-addr:value = '198.51.100.3']", object_marking_refs: [TLP2_IDS.amber] })]);
    await ingest('office-only', [indicator(2, undefined, { pattern: "[ipv4-addr:value = '198.51.100.4']", object_marking_refs: [TLP2_IDS.red] })]);
    await grants.grant({ collectionId: 'shared-air', granteeKind: 'organization', grantee: AIR, canRead: true, canWrite: false }, T0);
    await grants.grant({ collectionId: 'shared-air', granteeKind: 'role', grantee: 'operator_reporter', canRead: true, canWrite: false }, T0);
    const s = sync();
    await s.refresh();
    expect(set.get('198.51.100.3')?.release).toMatchObject({ level: 'amber', context: { producer: OFFICE, audience: [AIR, OFFICE].sort() } });
    expect(set.get('198.51.100.4')?.release).toMatchObject({ level: 'red', context: { audience: [OFFICE] } });
    const gate = createSightingRelease(set);
    expect(gate.decide({ key: '198.51.100.3', source: STIX_SOURCE }, airline, 'api-view').allowed).toBe(true);
    expect(gate.decide({ key: '198.51.100.3', source: STIX_SOURCE }, bank, 'api-view').allowed).toBe(false);
    // The grant revoked: the next refresh takes the airline out of the audience.
    await grants.revoke('shared-air', 'organization', AIR);
    await s.refresh();
    expect(gate.decide({ key: '198.51.100.3', source: STIX_SOURCE }, airline, 'api-view').reason).toBe('TLP_AMBER_OUTSIDE_AUDIENCE');
  });

  it('writes no STIX sighting into an organisation’s collection for an indicator it may not receive', async () => {
    await ingest('shared-air', [indicator(1, undefined, { pattern: "[ipv4-addr:value = '198.51.100.3']", object_marking_refs: [TLP2_IDS.amber] })]);
    await ingest('office-only', [indicator(2, undefined, { pattern: "[ipv4-addr:value = '198.51.100.4']", object_marking_refs: [TLP2_IDS.red] })]);
    await grants.grant({ collectionId: 'shared-air', granteeKind: 'organization', grantee: AIR, canRead: true, canWrite: false }, T0);
    await sync().refresh();
    const bus = createMemoryBus({ catalogue: INTEL_SUBJECTS }, { clock, logger: silentLogger() });
    const recorder = { id: 'identity--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Office' };
    const c = createStixSightings({ db: ctx.db, bus, logger: silentLogger(), clock, recorder, organisationName: async () => 'Aozora Airlines', release: createSightingRelease(set) });
    await c.start!();
    await bus.publish('sighting.new', sighting('198.51.100.4', STIX_SOURCE));
    await bus.publish('sighting.new', sighting('198.51.100.3', STIX_SOURCE, { id: 'sgt-amber-bank' as SightingId, organizationId: BANK }));
    await bus.publish('sighting.new', sighting('198.51.100.3', STIX_SOURCE));
    await bus.flush();
    await c.stop!();
    expect(c.withheld).toBe(2);
    const written = await store.list({ collectionId: sightingsCollectionId(AIR), limit: 100 });
    const sightings = written.objects.filter((o) => o.type === 'sighting');
    expect(sightings).toHaveLength(1);
    // The sighting refers to the STIX indicator the flow indicator came from, which travels with it unchanged.
    expect(sightings[0]!.object.sighting_of_ref).toBe(stixId('indicator', 1));
    expect(written.objects.filter((o) => o.type === 'indicator').map((o) => o.id)).toEqual([stixId('indicator', 1)]);
    // Copied into the organisation's collection, it is still the office's indicator: the next refresh compiles it as before.
    expect((await sync().refresh())?.skippedBy['own-publication']).toBeUndefined();
    expect(set.get('198.51.100.3')?.release?.stixId).toBe(stixId('indicator', 1));
    expect(JSON.stringify(written.objects)).not.toContain('198.51.100.4');
    expect((await store.collections()).map((x) => x.id)).not.toContain(sightingsCollectionId(BANK));
  });
});
