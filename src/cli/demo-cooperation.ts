/**
 * The demo's cooperation material: the assets of two demo operators (CSV files in
 * `scenarios/demo-cooperation/`, imported as their reporters would; a second start finds them
 * registered and changes nothing).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { AssetStore } from '../cooperation/assets/asset-store.js';
import type { AssetsConfig } from '../cooperation/assets/config.js';
import type { Clock } from '../core/clock.js';
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
