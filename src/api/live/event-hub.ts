/**
 * The live event feed of the console: one subscription to the bus for all connected clients,
 * each event turned once into what the API may show (attack sources and infected hosts coarsened,
 * sightings without their host) and then sent to every client whose roles and scope allow it.
 */
import type { Bus, Subscription } from '../../bus/bus.js';
import { DETECTION_SUBJECTS } from '../../detection/event-schemas.js';
import { INTEL_SUBJECTS } from '../../intel/subjects.js';
import { OPERATIONS_BUS_SUBJECTS } from '../../operations/subjects.js';
import type { Role } from '../../core/roles.js';
import type { AttackEnded, AttackStarted, AttackTrigger, AttackUpdated, DetectionEvent, HostInfected } from '../../detection/attack.js';
import type { AttackStore } from '../../detection/store/attack-store.js';
import { OPERATIONS_READERS, R, TRAFFIC_READERS } from '../http/access.js';
import { createSightingRelease, type SightingRelease } from '../../intel/share/sighting-release.js';
import type { Recipient } from '../../stix/marking/index.js';
import type { OrgScope } from '../scope.js';
import { inScope } from '../scope.js';
import { sourceView } from '../views/attack-view.js';
import { coarsen } from '../views/mask.js';
import type { OrgNames } from '../views/org-names.js';
import { sightingView } from '../views/sighting-view.js';

/** The subjects the console's live events come from: detection's, intelligence's and operations'. */
export const API_SUBJECTS = { ...DETECTION_SUBJECTS, ...INTEL_SUBJECTS, ...OPERATIONS_BUS_SUBJECTS } as const;

/** The bus as the API sees it. */
export type ApiBus = Bus<typeof API_SUBJECTS>;

/** One event ready to send, with who may receive it. */
export interface HubEvent {
  readonly name: string;
  /** The data, or what each client may receive of it (see {@link HubClient.recipient}). */
  readonly data: unknown;
  readonly dataFor?: (client: HubClient) => unknown;
  /** Roles allowed (any one). */
  readonly roles: readonly Role[];
  /** The organisation the event belongs to, for scoped roles; null for national-only events. */
  readonly organizationId: string | null;
}

/** A connected client. */
export interface HubClient {
  readonly roles: readonly Role[];
  /** Refreshed by the client's route from time to time. */
  scope: OrgScope;
  /** Who the client is for the release policy; absent for the national roles (see `release-recipient.ts`). */
  readonly recipient?: Recipient | undefined;
  send(event: string, data: unknown): void;
}

/** What only `attack.started` carries, remembered for the attack's later events. */
export interface AttackOrigin {
  readonly trigger: AttackTrigger;
  readonly detectedAt: number;
}

/** An attack lifecycle event as an attack object (the shape of `GET /attacks/:id` without timeline). */
export function attackEventView(e: AttackStarted | AttackUpdated | AttackEnded, organizationName: string | null, origin?: AttackOrigin) {
  const rates = e.kind === 'attack.ended' ? undefined : e.rates;
  const peak = e.kind === 'attack.started' ? e.rates : e.peak;
  return {
    id: e.attackId,
    scope: e.scope,
    target: e.target,
    family: e.family,
    networkId: e.networkId,
    organizationId: e.organizationId,
    organizationName,
    networkPrefix: e.networkPrefix,
    state: e.kind === 'attack.ended' ? ('ended' as const) : ('active' as const),
    startedAt: e.startedAt,
    detectedAt: e.kind === 'attack.started' ? e.detectedAt : (origin?.detectedAt ?? null),
    updatedAt: e.kind === 'attack.updated' ? e.at : e.kind === 'attack.started' ? e.detectedAt : e.endedAt,
    endedAt: e.kind === 'attack.ended' ? e.endedAt : null,
    endReason: e.kind === 'attack.ended' ? e.reason : null,
    trigger: e.kind === 'attack.started' ? e.trigger : (origin?.trigger ?? null),
    vectors: e.vectors,
    current: rates === undefined ? { pps: 0, bps: 0 } : { pps: rates.total.pps, bps: rates.total.bps },
    peak: { pps: peak.total.pps, bps: peak.total.bps },
    rates: rates ?? null,
    ratesEstimate: e.kind === 'attack.started' ? e.ratesEstimate : null,
    peakRates: peak,
    topSources: e.topSources.map(sourceView),
    sourceCount: e.sourceCount,
    targetCount: e.targetCount,
    totals: e.totals,
    extent: e.extent ?? null,
  };
}

function infectedView(e: HostInfected) {
  return {
    networkId: e.networkId,
    organizationId: e.organizationId,
    networkPrefix: e.networkPrefix,
    hostPrefix: coarsen(e.host),
    family: e.family,
    detectedAt: e.detectedAt,
    evidence: { kind: e.evidence.kind },
  };
}

/** The hub. */
export class EventHub {
  readonly #clients = new Set<HubClient>();
  readonly #subs: Subscription[] = [];
  readonly #names: OrgNames;
  readonly #attacks: Pick<AttackStore, 'get'> | undefined;
  /** Trigger and detection time of active attacks (bounded: an attack leaves with `attack.ended`). */
  readonly #origins = new Map<string, AttackOrigin>();
  /** Events go out in the order the bus delivered them, though naming an attack may wait for a query. */
  #chain: Promise<void> = Promise.resolve();

  constructor(bus: ApiBus, names: OrgNames, attacks?: Pick<AttackStore, 'get'>, release: SightingRelease = createSightingRelease({ get: () => undefined })) {
    this.#names = names;
    this.#attacks = attacks;
    const detection = (m: { data: DetectionEvent }) => this.#inOrder(() => this.#detection(m.data));
    this.#subs.push(bus.subscribe('attack.*', detection), bus.subscribe('host.infected', detection));
    this.#subs.push(
      bus.subscribe('sighting.*', (m) =>
        this.#inOrder(async () =>
          this.#publish({
            name: m.subject,
            data: sightingView(m.data),
            // The indicator is intelligence: outside the office it goes only where its markings allow.
            dataFor: (c) => (c.recipient === undefined ? undefined : sightingView(release.view(m.data, c.recipient, 'sse'))),
            roles: [...OPERATIONS_READERS, R.operator],
            organizationId: m.data.organizationId,
          }),
        ),
      ),
    );
    // Operations events carry ids, states and digests, never addresses (see operations/events.ts).
    this.#subs.push(bus.subscribe('operations.>', (m) => this.#inOrder(async () => this.#publish({ name: m.subject, data: m.data, roles: OPERATIONS_READERS, organizationId: null }))));
  }

  #inOrder(fn: () => Promise<void>): void {
    if (this.#clients.size === 0) return;
    this.#chain = this.#chain.then(fn).catch(() => undefined);
  }

  async #detection(e: DetectionEvent): Promise<void> {
    if (e.kind === 'host.infected') {
      this.#publish({ name: e.kind, data: infectedView(e), roles: [...OPERATIONS_READERS, R.operator], organizationId: e.organizationId });
      return;
    }
    await this.#names.refresh().catch(() => undefined);
    const origin = await this.#origin(e);
    this.#publish({ name: e.kind, data: attackEventView(e, this.#names.name(e.organizationId), origin), roles: TRAFFIC_READERS, organizationId: e.organizationId });
    if (e.kind === 'attack.ended') this.#origins.delete(e.attackId);
  }

  /** The trigger and detection time of the attack: from its start event, else from storage once. */
  async #origin(e: AttackStarted | AttackUpdated | AttackEnded): Promise<AttackOrigin | undefined> {
    if (e.kind === 'attack.started') {
      const o = { trigger: e.trigger, detectedAt: e.detectedAt };
      if (this.#origins.size < 100_000) this.#origins.set(e.attackId, o);
      return o;
    }
    let o = this.#origins.get(e.attackId);
    if (o === undefined && this.#attacks !== undefined) {
      const stored = await this.#attacks.get(e.attackId).catch(() => undefined);
      if (stored !== undefined) {
        o = { trigger: stored.trigger, detectedAt: stored.detectedAt };
        if (e.kind === 'attack.updated' && this.#origins.size < 100_000) this.#origins.set(e.attackId, o);
      }
    }
    return o;
  }

  #publish(e: HubEvent): void {
    for (const c of this.#clients) {
      if (!c.roles.some((r) => e.roles.includes(r))) continue;
      if (c.scope !== undefined && (e.organizationId === null || !inScope(c.scope, e.organizationId))) continue;
      c.send(e.name, (c.recipient === undefined ? undefined : e.dataFor?.(c)) ?? e.data);
    }
  }

  /** Adds a client; returns the function that removes it. */
  add(client: HubClient): () => void {
    this.#clients.add(client);
    return () => this.#clients.delete(client);
  }

  /** Number of connected clients. */
  get size(): number {
    return this.#clients.size;
  }

  /** Unsubscribes from the bus. */
  close(): void {
    for (const s of this.#subs.splice(0)) s.unsubscribe();
    this.#clients.clear();
  }
}
