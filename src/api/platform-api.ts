/**
 * The HTTP API of `sakimori serve` over the services the composition root (`cli/platform.ts`)
 * built once: the rate history (fed from detection's read port each second), the live event hub
 * and every route plugin. One component: it starts the rate history, the server and the periodic
 * session purge, and stops them in reverse.
 *
 * @example
 * ```ts
 * const api = life.add(createPlatformApi({ api: config.api, auditOrigin: config.audit.origin, report: config.oversight.report, demo }, { ...deps, accounts, registry, detection: detector, ... }));
 * ```
 */
import { officeIdentity } from '../intel/attack-intel/attack-bundle.js';
import { incidentOfficeRoutes } from './routes/incident-office.js';
import type { IncidentService } from '../cooperation/incidents/index.js';
import { incidentRoutes } from './routes/incidents.js';
import { type AssetsConfig, DEFAULT_ASSETS_CONFIG } from '../cooperation/assets/config.js';
import { assetRoutes } from './routes/assets.js';
import { exposureRoutes } from './routes/exposure.js';
import { advisoryRoutes } from './routes/advisories.js';
import type { AdvisoryService } from '../cooperation/advisories/advisory-service.js';
import type { VulnStore } from '../cooperation/exposure/vuln-store.js';
import { createSightingRelease, type SightingRelease } from '../intel/share/sighting-release.js';
import Value from 'typebox/value';
import type { AccountService } from '../accounts/account-service.js';
import type { ExporterTable } from '../collector/exporter-table.js';
import type { TrafficMeter } from '../collector/traffic-meter.js';
import type { BaseDeps } from '../core/component.js';
import type { DetectionReadPort } from '../detection/read-port.js';
import type { AttackStore } from '../detection/store/attack-store.js';
import type { AttackPublisher } from '../intel/attack-intel/publisher.js';
import type { SightingStore } from '../intel/sighting-store.js';
import { type TaxiiServerConfig, TaxiiServerConfigSchema } from '../intel/taxii/config.js';
import type { Operations } from '../operations/operations.js';
import type { AuditLog } from '../oversight/audit/audit-log.js';
import type { AuditStore } from '../oversight/audit/store/audit-store.js';
import type { OversightConfig } from '../oversight/config.js';
import type { Oversight } from '../oversight/oversight.js';
import type { OperatorRegistry } from '../registry/registry.js';
import type { ApiConfig } from './config.js';
import { type IntelAccessConfig, IntelReader } from './intel-reader.js';
import { EventHub, type ApiBus } from './live/event-hub.js';
import { RateHistory } from './live/rate-history.js';
import { attacksRoutes } from './routes/attacks.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { casesRoutes } from './routes/cases.js';
import { commissionRoutes } from './routes/commission.js';
import { eventsRoutes } from './routes/events.js';
import { type IntelFeedView, intelRoutes } from './routes/intel.js';
import { intelPublishRoutes } from './routes/intel-publish.js';
import { registryRoutes } from './routes/registry.js';
import { requestsRoutes } from './routes/requests.js';
import { sightingsRoutes } from './routes/sightings.js';
import { trafficRoutes } from './routes/traffic.js';
import { usersRoutes } from './routes/users.js';
import { createApiServer, type ApiServer } from './server.js';
import type { TaxiiMount } from './taxii-mount.js';
import { OrgNames } from './views/org-names.js';

/** Configuration of the API: its own section and what the audit and report routes publish. */
export interface PlatformApiConfig {
  readonly api: ApiConfig;
  /** Operators' assets (`cooperation.assets`); defaults when absent. */
  readonly cooperation?: { readonly assets: AssetsConfig };
  /** The audit log's origin line (`audit.origin`), published with its checkpoints. */
  readonly auditOrigin: string;
  /** Transparency report settings (`oversight.report`). */
  readonly report: OversightConfig['report'];
  /** Demo sign-in hints on the sign-in page. */
  readonly demo: boolean;
  /**
   * What the intel routes decide by: the `taxii` section's office and roles (absent: the TAXII
   * server's when it is mounted, else that section's defaults) and the configured feeds (`intel.feeds`).
   */
  readonly intel?: { readonly access?: IntelAccessConfig; readonly feeds?: readonly IntelFeedView[] };
}

/** The services the API serves, each built once by the composition root. */
export interface PlatformApiDeps extends BaseDeps {
  readonly accounts: AccountService;
  readonly registry: OperatorRegistry;
  readonly bus: ApiBus;
  readonly audit: AuditLog;
  /** The audit log's store, for checkpoints and entries. */
  readonly auditStore: AuditStore;
  /** The audit log's checkpoint verifier key. */
  readonly verifierKey: string;
  readonly oversight: Oversight;
  readonly exporters: ExporterTable;
  readonly meter: TrafficMeter;
  readonly detection: DetectionReadPort;
  readonly attacks: AttackStore;
  readonly sightings: SightingStore;
  /**
   * Decides whether a sighting's indicator may go to an operator or a regulator (its STIX markings);
   * absent, sightings of STIX indicators reach nobody outside the office.
   */
  readonly sightingRelease?: SightingRelease;
  readonly operations: Operations;
  /** Incident reports under the reporting regimes (`cooperation/incidents`); the routes are mounted when given. */
  readonly incidents?: IncidentService;
  /** The vulnerability records (`cooperation/exposure`); the exposure routes are mounted when given. */
  readonly vulns?: VulnStore;
  /** Advisories to operators (`cooperation/advisories`); the routes are mounted when given. */
  readonly advisories?: AdvisoryService;
  /** Publishing attacks as intel and the campaigns across organisations. */
  readonly publisher?: AttackPublisher;
  /** The TAXII server (`taxiiMount`), when enabled. */
  readonly taxii?: TaxiiMount;
}

/** The API component, with the account service it serves and the live services it built (rate history, event hub). */
export interface PlatformApi extends ApiServer {
  readonly accounts: AccountService;
  readonly rates: RateHistory;
  readonly hub: EventHub;
}

/** Builds the API over the platform's services (storage and the audit log already started). */
export function createPlatformApi(config: PlatformApiConfig, deps: PlatformApiDeps): PlatformApi {
  const { clock, accounts, registry } = deps;
  const a = config.api;
  const orgs = registry.organizations;
  const names = new OrgNames(orgs, clock);
  const rates = new RateHistory(a.rates, { clock, source: deps.detection });
  const sightingRelease = deps.sightingRelease ?? createSightingRelease({ get: () => undefined });
  const hub = new EventHub(deps.bus, names, deps.attacks, sightingRelease);
  // The console decides intel rights and releases exactly as the TAXII server does.
  const intelAccess: IntelAccessConfig = config.intel?.access ?? deps.taxii?.config ?? (Value.Default(TaxiiServerConfigSchema, {}) as TaxiiServerConfig);
  const intel = new IntelReader({ db: registry.db, orgs, audit: deps.audit, access: intelAccess });
  const server = createApiServer(a, deps, [
    authRoutes({ accounts, config: a, demo: config.demo }),
    usersRoutes({ accounts }),
    registryRoutes({ registry, audit: deps.audit }),
    assetRoutes({ db: registry.db, orgs, clock, audit: deps.audit, config: config.cooperation?.assets ?? DEFAULT_ASSETS_CONFIG }),
    ...(deps.vulns === undefined ? [] : [exposureRoutes({ db: registry.db, orgs, vulns: deps.vulns })]),
    ...(deps.advisories === undefined ? [] : [advisoryRoutes({ advisories: deps.advisories })]),
    ...(deps.incidents === undefined
      ? []
      : [
          incidentRoutes({ incidents: deps.incidents, db: registry.db, clock, orgs, audit: deps.audit, attacks: deps.attacks }),
          incidentOfficeRoutes({
            incidents: deps.incidents,
            operations: deps.operations,
            orgs,
            db: registry.db,
            clock,
            office: { identity: officeIdentity(intelAccess.office), organization: intelAccess.office },
          }),
        ]),
    trafficRoutes({ exporters: deps.exporters, meter: deps.meter, rates, networks: registry.networks, orgs, clock }),
    attacksRoutes({ attacks: deps.attacks, detection: deps.detection, orgs, names, guard: deps.oversight.guard, clock }),
    sightingsRoutes({ sightings: deps.sightings, orgs, guard: deps.oversight.guard, release: sightingRelease }),
    casesRoutes({ operations: deps.operations, scopes: deps.oversight.scopes, names: (ids) => accounts.displayNames(ids) }),
    requestsRoutes({ operations: deps.operations, names: (ids) => accounts.displayNames(ids) }),
    commissionRoutes({ commission: deps.oversight.commission, names: (ids) => accounts.displayNames(ids) }),
    auditRoutes({ audit: deps.audit, store: deps.auditStore, verifierKey: deps.verifierKey, origin: config.auditOrigin, transparency: deps.oversight.transparency, clock, report: config.report }),
    eventsRoutes({ hub, orgs }),
    intelRoutes({ db: registry.db, reader: intel, orgs, feeds: config.intel?.feeds ?? [] }),
    ...(deps.publisher === undefined ? [] : [intelPublishRoutes({ publisher: deps.publisher })]),
    ...(deps.taxii === undefined ? [] : [deps.taxii]),
  ]);
  const purgeMs = a.session.purgeMinutes * 60_000;
  let purge: NodeJS.Timeout | undefined;
  return {
    ...server,
    name: 'api',
    accounts,
    rates,
    hub,
    async start() {
      await rates.start();
      await server.start();
      purge = setInterval(() => void accounts.purgeSessions().catch((err: unknown) => deps.logger.warn({ err }, 'session purge failed')), purgeMs);
      purge.unref();
    },
    async stop() {
      clearInterval(purge);
      hub.close();
      await server.stop();
      await rates.stop();
    },
  };
}
