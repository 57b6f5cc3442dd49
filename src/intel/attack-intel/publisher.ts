/**
 * Publishing attacks as intelligence, and the campaigns across organisations they form.
 *
 * An analyst publishes an attack to chosen organisations under a chosen TLP (and optional PAP): the
 * attack's sources become a STIX bundle (see `attack-bundle.ts`) stored in each recipient's inbox
 * collection (`inbox-<organisation id>`, created on first use and granted read to that organisation
 * only), pseudonymised per recipient with its Crypto-PAn key when asked. The recipient reads it over
 * TAXII (or in the console), through the release filter. Each publication is audit-logged
 * (`data.share`, channel `taxii`, recipient, ids, markings) when it is stored.
 *
 * Campaigns: recent attacks (within the window) with their recorded sources, grouped by
 * `groupCampaigns`.
 */
import type { Kysely } from 'kysely';
import type { AuditActor, AuditEventInput } from '../../core/audit-event.js';
import type { AttackStore, StoredAttack } from '../../detection/store/attack-store.js';
import { PAP_IDS, TLP2_IDS } from '../../stix/marking/index.js';
import type { Database } from '../../storage/database.js';
import { StixStore } from '../stix/stix-store.js';
import { TaxiiGrantStore } from '../taxii/sql/index.js';
import { attackBundle, type CampaignFacts } from './attack-bundle.js';
import { type Campaign, type CampaignOptions, DEFAULT_CAMPAIGN_OPTIONS, groupCampaigns } from './campaigns.js';
import { ERR_INTEL_PUBLISH_MARKING, ERR_INTEL_PUBLISH_NO_KEY, ERR_INTEL_PUBLISH_NO_SOURCES, ERR_INTEL_PUBLISH_RECIPIENT } from './errors.js';
import { withStoredIdentities } from '../share/stored-identities.js';

/** TLP levels a publication may carry (never RED: collections are read over TAXII). */
export type PublishTlp = 'clear' | 'green' | 'amber' | 'amber+strict';
/** PAP levels. */
export type PublishPap = 'clear' | 'green' | 'amber' | 'red';

/** What to publish. */
export interface PublishRequest {
  readonly attackId: string;
  /** Organisation ids. */
  readonly recipients: readonly string[];
  readonly tlp: PublishTlp | 'red';
  readonly pap?: PublishPap;
  /** Replace source addresses with each recipient's Crypto-PAn pseudonyms. */
  readonly pseudonymise?: boolean;
}

/** What a publication did, per recipient. */
export interface PublishResult {
  readonly attackId: string;
  readonly campaignId: string | null;
  readonly deliveries: readonly { readonly organizationId: string; readonly collectionId: string; readonly objects: number; readonly pseudonymised: boolean }[];
}

/** Dependencies of {@link AttackPublisher}. */
export interface AttackPublisherDeps {
  readonly db: Kysely<Database>;
  readonly attacks: Pick<AttackStore, 'get' | 'list' | 'sources'>;
  /** Name of a registered organisation, undefined when none has the id. */
  readonly organisationName: (id: string) => Promise<string | undefined>;
  readonly audit: { append(event: AuditEventInput): Promise<unknown> };
  readonly clock: { now(): number };
  /** The publishing identity (the office). */
  readonly publisher: { readonly id: string; readonly name: string };
  /** The recipient's pseudonymiser at a time, undefined when it has no key. */
  readonly pseudonymiserFor?: (organizationId: string, now: number) => ((address: string) => string) | undefined;
  readonly campaignOptions?: CampaignOptions;
  /** Sources read per attack (the heaviest first). */
  readonly maxSources?: number;
}

/** The inbox collection of an organisation. */
export function inboxCollectionId(organizationId: string): string {
  return `inbox-${organizationId}`;
}

/** Publishes attacks and finds campaigns. */
export class AttackPublisher {
  readonly #deps: AttackPublisherDeps;
  readonly #store: StixStore;
  readonly #grants: TaxiiGrantStore;

  constructor(deps: AttackPublisherDeps) {
    this.#deps = deps;
    this.#store = new StixStore(deps.db);
    this.#grants = new TaxiiGrantStore(deps.db);
  }

  /** Campaigns among the attacks of the window ending now. */
  async campaigns(): Promise<Campaign[]> {
    const options = this.#deps.campaignOptions ?? DEFAULT_CAMPAIGN_OPTIONS;
    const from = this.#deps.clock.now() - options.windowMs;
    const attacks: StoredAttack[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.#deps.attacks.list({ from, limit: 500, ...(cursor === undefined ? {} : { cursor }) });
      attacks.push(...page.items);
      cursor = page.next ?? undefined;
    } while (cursor !== undefined && attacks.length < 10_000);
    const withSources = await Promise.all(
      attacks.map(async (a) => ({
        id: a.id,
        organizationId: a.organizationId,
        startedAt: a.startedAt,
        endedAt: a.endedAt,
        sources: (await this.#deps.attacks.sources(a.id, this.#deps.maxSources ?? 1000)).map((s) => s.address),
      })),
    );
    return groupCampaigns(withSources, options);
  }

  /** The campaign an attack belongs to, if any. */
  async campaignOf(attackId: string): Promise<Campaign | undefined> {
    return (await this.campaigns()).find((c) => c.attackIds.includes(attackId));
  }

  /**
   * Publishes an attack to each recipient's inbox. Everything is checked before anything is stored:
   * an unknown recipient, a missing key, TLP:RED or an attack without sources store nothing.
   */
  async publish(actor: AuditActor, request: PublishRequest): Promise<PublishResult> {
    if (request.tlp === 'red') throw new ERR_INTEL_PUBLISH_MARKING('TLP:RED');
    const recipients = [...new Set(request.recipients)];
    if (recipients.length === 0) throw new ERR_INTEL_PUBLISH_RECIPIENT('(none given)');
    const now = this.#deps.clock.now();
    const names = new Map<string, string>();
    for (const r of recipients) {
      const name = await this.#deps.organisationName(r);
      if (name === undefined) throw new ERR_INTEL_PUBLISH_RECIPIENT(r);
      names.set(r, name);
    }
    const mappers = new Map<string, (a: string) => string>();
    if (request.pseudonymise === true) {
      for (const r of recipients) {
        const m = this.#deps.pseudonymiserFor?.(r, now);
        if (m === undefined) throw new ERR_INTEL_PUBLISH_NO_KEY(r);
        mappers.set(r, m);
      }
    }
    const attack = await this.#deps.attacks.get(request.attackId);
    const sources = (await this.#deps.attacks.sources(attack.id, this.#deps.maxSources ?? 1000)).map((s) => s.address);
    if (sources.length === 0) throw new ERR_INTEL_PUBLISH_NO_SOURCES(attack.id);
    const campaign = await this.campaignOf(attack.id);
    const facts: CampaignFacts | undefined =
      campaign === undefined
        ? undefined
        : {
            id: campaign.id,
            name: `DDoS campaign ${new Date(campaign.firstSeen).toISOString().slice(0, 10)} (${campaign.organizationIds.length} organisations)`,
            firstSeen: campaign.firstSeen,
            lastSeen: campaign.lastSeen,
            organisations: campaign.organizationIds.length,
          };
    const markingRefs = [TLP2_IDS[request.tlp], ...(request.pap === undefined ? [] : [PAP_IDS[request.pap]])];
    const deliveries: PublishResult['deliveries'][number][] = [];
    for (const r of recipients) {
      const map = mappers.get(r);
      const objects = attackBundle(
        { id: attack.id, startedAt: attack.startedAt, endedAt: attack.endedAt, vectors: attack.vectors, sources },
        { markingRefs, publisher: this.#deps.publisher, ...(facts === undefined ? {} : { campaign: facts }), ...(map === undefined ? {} : { mapAddress: map }), now },
      );
      const collectionId = inboxCollectionId(r);
      await this.#store.ingest(await withStoredIdentities(this.#store, objects), {
        source: `publish:${attack.id}`,
        defaultMarkingRef: TLP2_IDS[request.tlp],
        collectionId,
        createCollection: { title: `Intel for ${names.get(r)}`, description: 'attacks and intelligence the office published to this organisation' },
        now,
      });
      await this.#grants.grant({ collectionId, granteeKind: 'organization', grantee: r, canRead: true, canWrite: false }, now);
      await this.#deps.audit.append({
        actor,
        action: 'data.share',
        subjects: [
          { type: 'attack', id: attack.id },
          { type: 'stix_collection', id: collectionId },
        ],
        details: {
          channel: 'taxii',
          kind: 'publish',
          recipient: `organisation:${r}`,
          objects: objects
            .filter((o) => o.type !== 'identity')
            .map((o) => String(o.id))
            .slice(0, 200),
          object_count: objects.length,
          markings: markingRefs,
          pseudonymised: map !== undefined,
        },
      });
      deliveries.push({ organizationId: r, collectionId, objects: objects.length, pseudonymised: map !== undefined });
    }
    return { attackId: attack.id, campaignId: campaign?.id ?? null, deliveries };
  }
}
