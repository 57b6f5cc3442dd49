/**
 * From detection to intel: every sighting of an indicator in flow telemetry becomes a STIX 2.1
 * `sighting` (count, first_seen, last_seen, where_sighted_refs = the organisation) in that
 * organisation's sightings collection (`sightings-<organisation id>`, created on first use and
 * granted read to the organisation alone; the office reads every collection). The sighting refers
 * to the STIX indicator the hit came from (`stix:<indicator id>` sources) or, for indicators from
 * files, to an indicator object made from the indicator's address, port and protocol.
 *
 * Privacy: the host that talked to the indicator is personal data and never enters the object;
 * the sighting says that the organisation saw the indicator, how often and when. TLP:AMBER by
 * default: the organisation and the office.
 *
 * A durable consumer of `sighting.new`/`sighting.updated`; a sighting is written at most once per
 * `minIntervalMs` (its latest counts are kept and written when the interval has passed), each write
 * a new version (`modified` = the write time) of the same object.
 */
import type { Logger } from 'pino';
import type { Bus, Subscription } from '../../bus/bus.js';
import type { Component } from '../../core/component.js';
import { asId, type OrganizationId } from '../../core/ids.js';
import { TLP2_IDS } from '../../stix/marking/index.js';
import { uuidV5 } from '../../stix/object/deterministic-id.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';
import { identityObject } from '../attack-intel/attack-bundle.js';
import { protocolName } from '../protocols.js';
import type { SightingRelease } from '../share/sighting-release.js';
import type { SightingEvent } from '../sighting.js';
import { StixStore } from '../stix/stix-store.js';
import type { INTEL_SUBJECTS } from '../subjects.js';
import { TaxiiGrantStore } from '../taxii/sql/index.js';
import { withStoredIdentities } from '../share/stored-identities.js';

/** Namespace of the ids of objects made from sightings. */
export const SIGHTING_INTEL_NAMESPACE = '7c1e4d2a-9b3f-5e60-8a71-2b4c6d8e0f13';

/** The sightings collection of an organisation. */
export function sightingsCollectionId(organizationId: string): string {
  return `sightings-${organizationId}`;
}

/** Dependencies of {@link createStixSightings}. */
export interface StixSightingsDeps {
  readonly db: Kysely<Database>;
  readonly bus: Pick<Bus<typeof INTEL_SUBJECTS>, 'subscribe'>;
  readonly logger: Logger;
  readonly clock: { now(): number };
  /** The identity that records (the office). */
  readonly recorder: { readonly id: string; readonly name: string };
  /** Name of an organisation (for its collection's title). */
  readonly organisationName: (id: string) => Promise<string | undefined>;
  /**
   * The release gate of sightings' indicators: a sighting whose indicator the organisation may not
   * receive over TAXII (its STIX markings) is not written to the organisation's collection.
   */
  readonly release: SightingRelease;
  /** Least time between two versions of one sighting (default 60 s). */
  readonly minIntervalMs?: number;
  /** TLP of the objects (default AMBER). */
  readonly markingRef?: string;
}

/** The component, with a way to wait for writes (tests). */
export interface StixSightings extends Component {
  /** Writes what is pending now, whatever the interval, and resolves when written. */
  flush(): Promise<void>;
  /** Sightings not written because their indicator may not go to the organisation. */
  readonly withheld: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const FIXED = iso(Date.UTC(2024, 0, 1));

/** The STIX pattern of an indicator from a file: `value[,port][,protocol]`. */
function patternOf(e: SightingEvent['indicator']): string {
  const [value = '', port, protocol] = e.key.split(',');
  const v6 = value.includes(':');
  const prefix = value.includes('/');
  if ((port === undefined || port === '') && (protocol === undefined || protocol === '')) return `[${v6 ? 'ipv6' : 'ipv4'}-addr:value ${prefix ? 'ISSUBSET' : '='} '${value}']`;
  // The indicator's side of the flow is either end: both are listed.
  const terms = (side: 'src' | 'dst') =>
    [
      `network-traffic:${side}_ref.value ${prefix ? 'ISSUBSET' : '='} '${value}'`,
      ...(port === undefined || port === '' ? [] : [`network-traffic:${side}_port = ${Number(port)}`]),
      ...(protocol === undefined || protocol === '' ? [] : [`network-traffic:protocols[*] = '${/^\d+$/.test(protocol) ? protocolName(Number(protocol)) : protocol}'`]),
    ].join(' AND ');
  return `[${terms('dst')}] OR [${terms('src')}]`;
}

/**
 * The STIX objects of one sighting (without the identity of the recorder). `original` is the STIX
 * indicator the flow indicator was compiled from, when it is one: the sighting refers to it, and it
 * travels with the sighting as it is (its own markings), instead of an indicator made from the key.
 */
export function sightingObjects(e: SightingEvent, recorder: { readonly id: string }, markingRef: string, now: number, original?: Readonly<Record<string, unknown>>): Record<string, unknown>[] {
  const org = e.organizationId ?? '';
  const where = `identity--${uuidV5(SIGHTING_INTEL_NAMESPACE, `organisation:${org}`)}`;
  const common = { spec_version: '2.1', created_by_ref: recorder.id, object_marking_refs: [markingRef] };
  const out: Record<string, unknown>[] = [{ type: 'identity', spec_version: '2.1', id: where, created: FIXED, modified: FIXED, name: `Organisation ${org}`, identity_class: 'organization' }];
  const fromStix = typeof original?.id === 'string' ? original.id : /^stix:(indicator--[0-9a-f-]{36})$/.exec(e.indicator.source)?.[1];
  let indicatorId = fromStix;
  if (original !== undefined) out.push({ ...original });
  if (indicatorId === undefined) {
    indicatorId = `indicator--${uuidV5(SIGHTING_INTEL_NAMESPACE, `indicator:${e.indicator.key}`)}`;
    out.push({
      type: 'indicator',
      ...common,
      id: indicatorId,
      created: FIXED,
      modified: FIXED,
      name: e.indicator.label ?? e.indicator.value,
      indicator_types: [e.indicator.kind === 'c2' ? 'malicious-activity' : 'anomalous-activity'],
      pattern: patternOf(e.indicator),
      pattern_type: 'stix',
      valid_from: FIXED,
    });
  }
  const created = Math.min(e.firstSeen, now);
  out.push({
    type: 'sighting',
    ...common,
    id: `sighting--${uuidV5(SIGHTING_INTEL_NAMESPACE, `sighting:${e.id}`)}`,
    created: iso(created),
    modified: iso(Math.max(now, created)),
    first_seen: iso(e.firstSeen),
    // STIX wants last_seen later than first_seen: a sighting of one instant ends a millisecond after it.
    last_seen: iso(Math.max(e.lastSeen, e.firstSeen + 1)),
    count: Math.min(e.count, 999_999_999),
    sighting_of_ref: indicatorId,
    where_sighted_refs: [where],
  });
  return out;
}

/** Creates the consumer. */
export function createStixSightings(deps: StixSightingsDeps): StixSightings {
  const store = new StixStore(deps.db);
  const grants = new TaxiiGrantStore(deps.db);
  const minInterval = deps.minIntervalMs ?? 60_000;
  const markingRef = deps.markingRef ?? TLP2_IDS.amber;
  const written = new Map<string, number>();
  const pending = new Map<string, SightingEvent>();
  let withheld = 0;
  let sub: Subscription | undefined;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();

  const write = async (e: SightingEvent): Promise<void> => {
    const org = e.organizationId;
    if (org === null) return;
    const now = deps.clock.now();
    const collectionId = sightingsCollectionId(org);
    // The collection is the organisation's: its indicator must be one the organisation may receive.
    const decision = deps.release.decide(e.indicator, { kind: 'group', groupId: `organisation:${org}`, memberOrganisationIds: [asId<OrganizationId>(org)] }, 'taxii');
    if (!decision.allowed) {
      withheld++;
      deps.logger.debug({ sighting: e.id, reason: decision.reason }, 'sighting not recorded as STIX: its indicator may not go to the organisation');
      return;
    }
    try {
      // A sighting of an indicator compiled from STIX refers to that indicator (the gate above allowed it to the organisation).
      const stixId = deps.release.stixIdOf(e.indicator);
      const original = stixId === undefined ? undefined : (await store.get(stixId))?.object;
      const objects = await withStoredIdentities(store, [identityObject(deps.recorder), ...sightingObjects(e, deps.recorder, markingRef, now, original)]);
      const name = (await deps.organisationName(org)) ?? org;
      await store.ingest(objects, { source: `sighting:${e.id}`, defaultMarkingRef: markingRef, collectionId, createCollection: { title: `Sightings at ${name}` }, now });
      await grants.grant({ collectionId, granteeKind: 'organization', grantee: org, canRead: true, canWrite: false }, now);
      written.set(e.id, now);
    } catch (err) {
      deps.logger.error({ err, sighting: e.id }, 'could not record the sighting as STIX');
    }
  };
  const enqueue = (fn: () => Promise<void>): Promise<void> => {
    chain = chain.then(fn);
    return chain;
  };
  const writePending = (all: boolean): Promise<void> =>
    enqueue(async () => {
      const now = deps.clock.now();
      for (const [id, e] of [...pending]) {
        if (!all && now - (written.get(id) ?? 0) < minInterval) continue;
        pending.delete(id);
        await write(e);
      }
    });

  return {
    name: 'stix-sightings',
    get withheld() {
      return withheld;
    },
    async start() {
      sub = deps.bus.subscribe(
        'sighting.*',
        (m) => {
          const e = m.data;
          if (e.organizationId === null) return;
          const last = written.get(e.id);
          if (e.kind === 'sighting.new' || last === undefined || deps.clock.now() - last >= minInterval) {
            pending.delete(e.id);
            return enqueue(() => write(e));
          }
          pending.set(e.id, e);
          return undefined;
        },
        { durable: 'stix-sightings' },
      );
      timer = setInterval(() => void writePending(false), Math.max(1000, Math.floor(minInterval / 2)));
      timer.unref();
    },
    async stop() {
      sub?.unsubscribe();
      if (timer !== undefined) clearInterval(timer);
      await writePending(true);
    },
    flush: () => writePending(true),
  };
}
