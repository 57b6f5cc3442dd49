/**
 * The demo's cooperation material: the assets of two demo operators (CSV files in
 * `scenarios/demo-cooperation/`, imported as their reporters would; a second start finds them
 * registered and changes nothing), and the airline's incident under the ACD Act.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { AssetStore } from '../cooperation/assets/asset-store.js';
import type { AssetsConfig } from '../cooperation/assets/config.js';
import type { IncidentService } from '../cooperation/incidents/index.js';
import type { Clock } from '../core/clock.js';
import { asId, type UserId } from '../core/ids.js';
import type { Actor } from '../core/roles.js';
import type { OrganizationStore } from '../registry/organization-store.js';
import type { Database } from '../storage/database.js';

/** Demo operator → its asset CSV. */
export const DEMO_ASSET_FILES: Readonly<Record<string, string>> = {
  'Aozora Airlines': 'aozora-airlines-assets.csv',
  'Minato Bank': 'minato-bank-assets.csv',
};

/** Path of a file of `scenarios/demo-cooperation/`. */
export function demoCooperationFile(name: string): string {
  return fileURLToPath(new URL(`../../scenarios/demo-cooperation/${name}`, import.meta.url));
}

/** Dependencies of {@link seedDemoAssets}. */
export interface DemoCooperationDeps {
  readonly db: Kysely<Database>;
  readonly orgs: OrganizationStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: AssetsConfig;
}

/** Imports the demo operators' assets. */
export async function seedDemoAssets(deps: DemoCooperationDeps): Promise<void> {
  const store = new AssetStore(deps.db, { clock: deps.clock }, deps.config);
  for (const [name, file] of Object.entries(DEMO_ASSET_FILES)) {
    const org = await deps.orgs.findByName(name);
    if (org === undefined) continue;
    const r = await store.importCsv(org.id, readFileSync(demoCooperationFile(file), 'utf8'), { actor: { id: 'demo', organizationId: null } });
    if (r.created > 0) deps.logger.info({ organization: name, assets: r.created }, 'demo assets registered');
  }
}

/** The title of the demo incident (found again at the next start instead of opened twice). */
export const DEMO_INCIDENT_TITLE = 'Botnet DDoS on the booking site, with a beacon to a MirrorFace-style C2 (demo)';

const DAY_MS = 86_400_000;
const JST_MS = 9 * 3_600_000;

/**
 * Opens, as the airline's reporter, an incident under Japan's ACD Act whose awareness lies 30 days
 * back (09:00 Japan time): its written report falls due at the end of today in Japan (Civil Code
 * Art. 140: the day of awareness is not counted), or of the next working day when today is a
 * weekend or a holiday — so the reporter, the aviation regulator and the analyst all see a clock
 * running out during the demo. The prompt report goes in at the demo's start:
 * late against the 24 h the product expects of it (not against the law, which fixes no period).
 */
export async function seedDemoIncident(deps: Pick<DemoCooperationDeps, 'orgs' | 'clock' | 'logger'> & { readonly incidents: IncidentService }): Promise<void> {
  const airline = await deps.orgs.findByName('Aozora Airlines');
  if (airline === undefined) return;
  const reporter: Actor = { userId: asId<UserId>('demo-airline-reporter'), roles: ['operator_reporter'], organizationId: airline.id };
  const existing = await deps.incidents.list(reporter, { limit: 100 });
  if (existing.some((i) => i.title === DEMO_INCIDENT_TITLE)) return;
  const now = deps.clock.now();
  const todayJst = Math.floor((now + JST_MS) / DAY_MS) * DAY_MS - JST_MS;
  const awareness = todayJst - 30 * DAY_MS + 9 * 3_600_000;
  const incident = await deps.incidents.create(reporter, {
    organizationId: airline.id,
    regime: 'jp-act',
    title: DEMO_INCIDENT_TITLE,
    category: 'ddos',
    anchors: { awareness },
    links: [{ kind: 'intel', ref: 'indicator--775d096d-0f0f-45fa-8ee1-4c1fd194910b' }],
  });
  await deps.incidents.submit(reporter, incident.id, 'prompt-report', {
    summary: 'Booking site unreachable for 40 minutes from a UDP flood; a host in the booking network contacted a known C2 address.',
  });
  deps.logger.info(
    { incident: incident.id, regime: 'jp-act', writtenReportDue: incident.stages.find((s) => s.stage === 'written-report')?.dueLocal },
    'demo incident opened: the written report falls due today (or the next working day)',
  );
}
