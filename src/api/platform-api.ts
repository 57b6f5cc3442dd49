/**
 * Wiring of the HTTP API for `sakimori serve`: the account service, the rate history (fed from
 * the detector each second), the live event hub, every route plugin, and — with `demo` — the demo
 * accounts. One component: it starts the rate history and the server, and stops them in reverse.
 *
 * @example
 * ```ts
 * const api = life.add(await createPlatformApi(config, deps, { storage, bus, audit, oversight, collector, meter, detector, attacks, operations }, { demo }));
 * ```
 */
import { AccountService } from '../accounts/account-service.js';
import { seedDemoAccounts } from '../accounts/demo-accounts.js';
import type { PlatformBus } from '../bus/subjects.js';
import type { Collector } from '../collector/collector.js';
import type { TrafficMeter } from '../collector/traffic-meter.js';
import type { BaseDeps } from '../core/component.js';
import type { Config } from '../config/schema.js';
import type { Detector } from '../detection/detector.js';
import type { AttackStore } from '../detection/store/attack-store.js';
import { SightingStore } from '../intel/sighting-store.js';
import type { Operations } from '../operations/operations.js';
import type { AuditLog } from '../oversight/audit/audit-log.js';
import { loadAuditKeys } from '../oversight/audit/open-audit-log.js';
import { SqlAuditStore } from '../oversight/audit/store/sql/sql-audit-store.js';
import { oversightConfigOf } from '../oversight/config.js';
import type { Oversight } from '../oversight/oversight.js';
import { OperatorRegistry } from '../registry/registry.js';
import type { Storage } from '../storage/storage.js';
import { EventHub } from './live/event-hub.js';
import { RateHistory } from './live/rate-history.js';
import { attacksRoutes } from './routes/attacks.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { casesRoutes } from './routes/cases.js';
import { commissionRoutes } from './routes/commission.js';
import { eventsRoutes } from './routes/events.js';
import { registryRoutes } from './routes/registry.js';
import { requestsRoutes } from './routes/requests.js';
import { sightingsRoutes } from './routes/sightings.js';
import { trafficRoutes } from './routes/traffic.js';
import { usersRoutes } from './routes/users.js';
import { createApiServer, type ApiServer } from './server.js';
import { OrgNames } from './views/org-names.js';

/** The parts of the platform the API serves. */
export interface PlatformParts {
  readonly storage: Storage;
  readonly bus: PlatformBus;
  readonly audit: AuditLog;
  readonly oversight: Oversight;
  readonly collector: Collector;
  readonly meter: TrafficMeter;
  readonly detector: Detector;
  readonly attacks: AttackStore;
  readonly operations: Operations;
}

/** The API component with the services it built. */
export interface PlatformApi extends ApiServer {
  readonly accounts: AccountService;
  readonly rates: RateHistory;
  readonly hub: EventHub;
}

/** Builds the API over the platform's parts (storage and the audit log already started). */
export async function createPlatformApi(config: Config, deps: BaseDeps, parts: PlatformParts, options: { demo?: boolean } = {}): Promise<PlatformApi> {
  const db = parts.storage.db;
  const { clock } = deps;
  const a = config.api;
  const accounts = new AccountService(db, {
    clock,
    audit: parts.audit,
    sessions: { idleMs: a.session.idleMinutes * 60_000, absoluteMs: a.session.absoluteHours * 3_600_000 },
    limits: { accountFailures: a.signIn.accountFailures, accountWindowMs: a.signIn.accountWindowMinutes * 60_000, addressAttempts: a.signIn.addressAttempts, addressWindowMs: a.signIn.addressWindowMinutes * 60_000 },
  });
  const registry = new OperatorRegistry(db, clock);
  const orgs = registry.organizations;
  if (options.demo === true) {
    const created = await seedDemoAccounts(accounts, orgs);
    if (created.length > 0) deps.logger.info({ accounts: created }, 'seeded demo accounts');
  }
  const names = new OrgNames(orgs, clock);
  const rates = new RateHistory(a.rates, { clock, source: parts.detector });
  const hub = new EventHub(parts.bus, names, parts.attacks);
  const keys = await loadAuditKeys(config);
  const report = oversightConfigOf(config).report;
  const server = createApiServer(a, { ...deps, accounts }, [
    authRoutes({ accounts, config: a, demo: options.demo === true }),
    usersRoutes({ accounts }),
    registryRoutes({ registry, audit: parts.audit }),
    trafficRoutes({ exporters: parts.collector.exporters, meter: parts.meter, rates, networks: registry.networks, orgs, clock }),
    attacksRoutes({ attacks: parts.attacks, detection: parts.detector, orgs, names, guard: parts.oversight.guard, clock }),
    sightingsRoutes({ sightings: new SightingStore(db, clock), orgs, guard: parts.oversight.guard }),
    casesRoutes({ operations: parts.operations, scopes: parts.oversight.scopes, names: (ids) => accounts.displayNames(ids) }),
    requestsRoutes({ operations: parts.operations, names: (ids) => accounts.displayNames(ids) }),
    commissionRoutes({ commission: parts.oversight.commission, names: (ids) => accounts.displayNames(ids) }),
    auditRoutes({ audit: parts.audit, store: new SqlAuditStore(db), verifierKey: keys.signer.verifierKey, origin: config.audit.origin, db, clock, report }),
    eventsRoutes({ hub, orgs }),
  ]);
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
      purge = setInterval(() => void accounts.purgeSessions().catch((err: unknown) => deps.logger.warn({ err }, 'session purge failed')), 600_000);
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
