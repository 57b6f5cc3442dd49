/**
 * The demo's intelligence exchange (`serve --demo`), once the API listens:
 * 1. the office's MirrorFace-style bundle (`scenarios/demo-intel/mirrorface-demo.json`, TLP:AMBER,
 *    documentation addresses) goes into the collection `mirrorface-demo`, granted to the aviation
 *    operator it concerns (Aozora Airlines) and to nobody else;
 * 2. the airline pulls it over the platform's own TAXII server with its API token, as any TAXII
 *    client would (the release filter decides what it gets; the bank would get a 403);
 * 3. its indicators reach the flow matcher, so the airline workstation's beacons (demo.yaml) become
 *    a sighting that flows back as STIX into the airline's collection;
 * 4. when the demo botnet has hit both the airline and the bank, the campaign is published to both
 *    organisations' inboxes (see `publishDemoCampaign`).
 * Each step logs what it did; a failure is logged and leaves the rest of the demo running.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Value from 'typebox/value';
import type { Logger } from 'pino';
import type { AccountService } from '../accounts/account-service.js';
import { demoPassword } from '../accounts/demo-accounts.js';
import type { Clock } from '../core/clock.js';
import type { AttackPublisher } from '../intel/attack-intel/publisher.js';
import { FeedConfigSchema } from '../intel/config.js';
import { FeedStateStore } from '../intel/feeds/feed-state-store.js';
import { pullFeed } from '../intel/feeds/pull-feed.js';
import { StixStore } from '../intel/stix/stix-store.js';
import { TaxiiGrantStore } from '../intel/taxii/sql/index.js';
import type { OrganizationStore } from '../registry/organization-store.js';
import { TLP2_IDS } from '../stix/marking/index.js';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database.js';

/** The demo bundle's collection. */
export const DEMO_INTEL_COLLECTION = 'mirrorface-demo';
/** The demo's TAXII feed, as the airline pulls it. */
export const DEMO_FEED = 'demo-mirrorface';

/** The demo bundle shipped with the installation. */
export function demoIntelBundlePath(): string {
  return fileURLToPath(new URL('../../scenarios/demo-intel/mirrorface-demo.json', import.meta.url));
}

/** Dependencies of {@link seedDemoIntel}. */
export interface DemoIntelDeps {
  readonly db: Kysely<Database>;
  readonly orgs: Pick<OrganizationStore, 'findByName'>;
  readonly accounts: Pick<AccountService, 'signInLocal' | 'createToken'>;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly dataDir: string;
  /** `http://host:port` of the API, once listening. */
  readonly apiUrl: string;
  /** The TAXII API root's name. */
  readonly root: string;
}

/** The airline's API token for the demo pull: made once (signing in as the demo airline account) and kept in the data directory. */
async function airlineToken(deps: DemoIntelDeps): Promise<string> {
  const dir = join(deps.dataDir, 'demo');
  const file = join(dir, 'airline-taxii-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const principal = await deps.accounts.signInLocal('airline', demoPassword('airline'));
  const { token } = await deps.accounts.createToken(principal, { name: 'demo TAXII pull' });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(file, token, { mode: 0o600 });
  chmodSync(file, 0o600);
  return token;
}

/** Stores and grants the demo bundle, then pulls it over TAXII as the airline. */
export async function seedDemoIntel(deps: DemoIntelDeps): Promise<void> {
  const log = deps.logger.child({ component: 'demo-intel' });
  const store = new StixStore(deps.db);
  const now = deps.clock.now();
  const bundle = JSON.parse(readFileSync(demoIntelBundlePath(), 'utf8')) as unknown;
  const r = await store.ingest(bundle, {
    source: 'demo:mirrorface',
    defaultMarkingRef: TLP2_IDS.amber,
    collectionId: DEMO_INTEL_COLLECTION,
    createCollection: { title: 'MirrorFace-style campaign (demo)', description: 'office intelligence for aviation operators, TLP:AMBER' },
    now,
  });
  const airline = await deps.orgs.findByName('Aozora Airlines');
  if (airline === undefined) {
    log.warn('no Aozora Airlines in the registry: the demo intel stays with the office');
    return;
  }
  await new TaxiiGrantStore(deps.db).grant({ collectionId: DEMO_INTEL_COLLECTION, granteeKind: 'organization', grantee: airline.id, canRead: true, canWrite: false }, now);
  log.info({ collection: DEMO_INTEL_COLLECTION, stored: r.stored.length, unchanged: r.skipped.length, to: 'Aozora Airlines', tlp: 'AMBER' }, 'demo intel shared with the aviation operator');
  const feed = Value.Default(FeedConfigSchema, {
    name: DEMO_FEED,
    url: `${deps.apiUrl}/taxii2/${deps.root}/collections/${DEMO_INTEL_COLLECTION}/`,
    token: await airlineToken(deps),
    retries: 2,
  }) as Parameters<typeof pullFeed>[0];
  const report = await pullFeed(feed, { store, state: new FeedStateStore(deps.db), clock: deps.clock });
  if (report.outcome === 'ok') log.info({ feed: DEMO_FEED, as: 'Aozora Airlines', ...report.counts }, 'demo intel received over TAXII');
  else log.error({ feed: DEMO_FEED, err: report.error }, 'demo intel pull over TAXII failed');
}

/**
 * Publishes the demo campaign (the botnet that hit the airline and the bank) to both organisations'
 * inboxes once it exists; answers whether it did. Run periodically by the demo.
 */
export async function publishDemoCampaign(publisher: AttackPublisher, logger: Logger, published: Set<string>): Promise<boolean> {
  for (const c of await publisher.campaigns()) {
    const attackId = c.attackIds.at(-1);
    if (attackId === undefined || published.has(c.id)) continue;
    const r = await publisher.publish({ kind: 'system', id: 'demo' }, { attackId, recipients: c.organizationIds, tlp: 'amber', pap: 'green' });
    published.add(c.id);
    logger.info(
      { campaign: c.id, attacks: c.attackIds.length, organisations: c.organizationIds.length, sharedSources: c.sharedSources.length, deliveries: r.deliveries.length },
      'demo campaign published as intel',
    );
    return true;
  }
  return false;
}
