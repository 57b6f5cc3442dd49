/**
 * The platform's TAXII 2.1 server at `/taxii2/`: the SQL backend over the STIX object store, the
 * release filter of `intel/share` and authentication by API token only (`Authorization: Bearer
 * skm_…`). The console's session cookie is never accepted here: the TAXII routes skip the
 * platform's CSRF check, so a credential a browser sends on its own must not open them.
 */
import type { Kysely } from 'kysely';
import type { AccountService } from '../accounts/account-service.js';
import type { AuditEventInput } from '../core/audit-event.js';
import type { Clock } from '../core/clock.js';
import { isRole } from '../core/roles.js';
import { asId, type OrganizationId } from '../core/ids.js';
import { MispReleaseStore } from '../intel/misp/misp-release-store.js';
import { createTaxiiRelease } from '../intel/share/taxii-release.js';
import type { TaxiiServerConfig } from '../intel/taxii/config.js';
import { createSqlTaxiiBackend } from '../intel/taxii/sql/index.js';
import type { OrganizationStore } from '../registry/organization-store.js';
import { TLP2_IDS } from '../stix/marking/index.js';
import type { Database } from '../storage/database.js';
import { taxiiRoutes } from './routes/taxii.js';
import { intelCallerOf, intelPrincipalOf } from './intel-caller.js';
import type { MountedPlugin } from './server.js';

/** Dependencies of {@link taxiiMount}. */
export interface TaxiiMountDeps {
  readonly db: Kysely<Database>;
  readonly accounts: Pick<AccountService, 'authenticateToken'>;
  readonly orgs: Pick<OrganizationStore, 'get'>;
  readonly audit: { append(event: AuditEventInput): Promise<unknown> };
  readonly clock: Clock;
  /** `host:port` of the API listener (the default public URL). */
  readonly apiListen: string;
}

/** Where the TAXII server is mounted. */
export const TAXII_PREFIX = '/taxii2';

/** The URL `/taxii2/` is reached at: the configured one, else the API listener's. */
export function taxiiBaseUrl(config: TaxiiServerConfig, apiListen: string): string {
  return config.publicUrl !== '' ? config.publicUrl : `http://${apiListen}${TAXII_PREFIX}/`;
}

/** The mounted TAXII server, with the configuration it decides rights and releases by (the console's intel routes decide by the same). */
export interface TaxiiMount extends MountedPlugin {
  readonly config: TaxiiServerConfig;
}

/** The TAXII server as a plugin of the API server, under `/taxii2`. */
export function taxiiMount(config: TaxiiServerConfig, deps: TaxiiMountDeps): TaxiiMount {
  const backend = createSqlTaxiiBackend(deps.db, {
    discovery: { title: config.title },
    baseUrl: taxiiBaseUrl(config, deps.apiListen),
    roots: [{ name: config.root, title: config.title, collections: 'all' }],
    defaultMarkingRef: TLP2_IDS[config.defaultMarking],
    administratorRoles: config.administratorRoles,
    now: () => deps.clock.now(),
  });
  const callerOf = intelCallerOf(deps.orgs);
  const officeRoles = config.officeRoles.filter(isRole);
  // What a MISP import stored (distribution, sharing group, producer) narrows the release as in the console and MISP feeds.
  const misp = new MispReleaseStore(deps.db);
  const release = createTaxiiRelease({ db: deps.db, office: asId<OrganizationId>(config.office), officeRoles, callerOf, audit: deps.audit, storedContexts: (ids) => misp.contextsOf(ids) });
  const plugin = taxiiRoutes({
    backend,
    release,
    maxPageSize: config.maxPageSize,
    discoveryPath: '',
    authenticate: async (headers) => {
      const auth = headers.authorization;
      const m = typeof auth === 'string' ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
      if (m === null) return undefined;
      const principal = await deps.accounts.authenticateToken(m[1]!);
      if (principal === undefined) return undefined;
      return intelPrincipalOf(principal.actor);
    },
  });
  return { plugin, prefix: TAXII_PREFIX, config };
}
