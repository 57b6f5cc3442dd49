/**
 * The platform as `sakimori serve` runs it: every component created with its dependencies and
 * registered with a {@link Lifecycle} in start order. `serve` is its only production caller; full-stack
 * tests (API, browser) build the same platform on temporary storage and loopback ports.
 */
import { API_SUBJECTS } from '../api/live/event-hub.js';
import { createIncidentClock, IncidentService } from '../cooperation/incidents/index.js';
import { deadlineMailer } from '../cooperation/incidents/deadline-mail.js';
import { INCIDENT_SUBJECTS } from '../cooperation/incidents/subjects.js';
import { seedDemoAssets, seedDemoIncident } from './demo-cooperation.js';
import { demoVulnDocuments } from './demo-vulns.js';
import { createExposure, type Exposure } from '../cooperation/exposure/exposure.js';
import { createVulnPoller } from '../cooperation/exposure/vuln-poller.js';
import { AdvisoryService } from '../cooperation/advisories/advisory-service.js';
import { createMailer } from '../operations/executors/notices/mailer.js';
import * as versions from '../vulns/versions/index.js';
import { asId, type OrganizationId } from '../core/ids.js';
import { createIndicatorReleaseReader } from '../intel/share/indicator-releases.js';
import { createSightingRelease, eventOutputRelease } from '../intel/share/sighting-release.js';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createMetricsListener, type MetricsListener } from '../api/metrics-listener.js';
import { AccountService } from '../accounts/account-service.js';
import { seedDemoAccounts } from '../accounts/demo-accounts.js';
import { accountSettings } from '../api/config.js';
import { createPlatformApi, type PlatformApi } from '../api/platform-api.js';
import { createBgpSpeaker, type BgpSpeaker } from '../bgp/speaker.js';
import { createPlatformBus } from '../platform/platform-bus.js';
import type { PlatformBus } from '../platform/platform.js';
import type { Collector } from '../collector/collector.js';
import { ExporterStore } from '../collector/exporter-store.js';
import { createStatsWriter } from '../collector/stats-writer.js';
import { createTrafficMeter, type TrafficMeter } from '../collector/traffic-meter.js';
import type { Clock } from '../core/clock.js';
import { Lifecycle } from '../core/component.js';
import type { Config } from '../config/schema.js';
import { busSink } from '../detection/attack.js';
import { createAttackLog } from '../detection/attack-log.js';
import { createDetector, type Detector } from '../detection/detector.js';
import { createInfectionReports } from '../detection/infection-reports.js';
import { createNetworkSync } from '../detection/network-sync.js';
import { createAttackRecorder } from '../detection/store/attack-recorder.js';
import { AttackStore } from '../detection/store/attack-store.js';
import { createBaselineKeeper } from '../detection/store/baseline-keeper.js';
import { BaselineStore } from '../detection/store/baseline-store.js';
import { loadEnrichment } from '../enrichment/load-enrichment.js';
import { createEventOutputs } from '../events/event-outputs.js';
import { IndicatorSet } from '../intel/indicator-set.js';
import { IndicatorStore } from '../intel/indicator-store.js';
import { loadIndicatorFiles } from '../intel/read-indicator-file.js';
import { SightingStore } from '../intel/sighting-store.js';
import { createSightings } from '../intel/sightings.js';
import { attacksFromDetection } from '../operations/attacks-from-detection.js';
import { createDefaultExecutors, under } from '../operations/executors/index.js';
import { createOperations, registryView, type Operations } from '../operations/operations.js';
import type { AuditLog } from '../oversight/audit/audit-log.js';
import { nodeSha256 } from '../oversight/audit/node-crypto.js';
import { createProgramAuditLog, loadAuditKeys } from '../oversight/audit/program-audit-log.js';
import { SqlAuditStore } from '../oversight/audit/store/sql/sql-audit-store.js';
import { createOversight, type Oversight } from '../oversight/oversight.js';
import { OperatorRegistry } from '../registry/registry.js';
import { seedDemo } from '../registry/seed.js';
import { createStorage, type Storage } from '../storage/storage.js';
import { buildCollector } from './context.js';
import { createDemoExporters, demoScenario } from './demo-exporters.js';
import { publishDemoCampaign, seedDemoIntel } from './demo-intel.js';
import { demoSpeaker } from './demo-router.js';
import { PLATFORM_MIGRATIONS } from '../platform/platform.js';
import { operationsPart } from '../operations/part.js';
import { narrowBus } from '../bus/narrow.js';
import { DETECTION_SUBJECTS } from '../detection/event-schemas.js';
import { StixStore } from '../intel/stix/stix-store.js';
import { officeIdentity } from '../intel/attack-intel/attack-bundle.js';
import { createFeedPoller } from '../intel/feeds/feed-poller.js';
import type { PullReport } from '../intel/feeds/pull-feed.js';
import { createStixIndicatorSync, type StixIndicatorSync } from '../intel/stix-indicators/stix-indicator-sync.js';
import { createStixSightings } from '../intel/stix-sightings/stix-sightings.js';
import { INTEL_SUBJECTS } from '../intel/subjects.js';
import { AttackPublisher } from '../intel/attack-intel/publisher.js';
import { loadPartnerKeyring } from '../privacy/sharing/partner-keys.js';
import { pseudonymiseDataset } from '../privacy/sharing/pseudonymise-dataset.js';
import { taxiiMount } from '../api/taxii-mount.js';

/** Options of {@link buildPlatform}. */
export interface PlatformOptions {
  /** Seed the demo organisations, load the demo indicators and run the simulated exporters. */
  readonly demo?: boolean;
}

/** Everything `serve` runs, for wiring further parts (the HTTP API) and for tests. */
export interface Platform {
  readonly config: Config;
  readonly life: Lifecycle;
  readonly storage: Storage;
  /** The operator registry (organisations, networks), built once for every part that reads it. */
  readonly registry: OperatorRegistry;
  readonly bus: PlatformBus;
  readonly audit: AuditLog;
  readonly oversight: Oversight;
  readonly collector: Collector;
  readonly meter: TrafficMeter;
  readonly detector: Detector;
  readonly attacks: AttackStore;
  readonly indicators: IndicatorSet;
  /** Compiles the STIX store's indicators into {@link indicators}. */
  readonly stixIndicators: StixIndicatorSync;
  readonly operations: Operations;
  /** Vulnerability records and the exposure findings of operators' assets. */
  readonly exposure: Exposure;
  readonly speaker: BgpSpeaker | undefined;
  readonly api: PlatformApi;
  /** Prometheus metrics, on a listener of their own (loopback by default), never on the API's. */
  readonly metricsListener: MetricsListener;
}

/** Detection thresholds of the demo scenario, as configuration overrides. */
export function demoOverrides(): Record<string, unknown> {
  const t = demoScenario().thresholds;
  const host = t.hostPps ?? 20000;
  return { detection: { thresholds: { host: { total: { pps: host, ...(t.hostBps === undefined ? {} : { bps: t.hostBps }) } }, prefixFactor: Math.max(1, (t.prefixPps ?? host * 8) / host) } } };
}

/**
 * Builds and starts the platform. Storage starts first (the rest reads from it while being built);
 * everything else starts in dependency order; `platform.life.stop()` stops it all in reverse.
 */
export async function buildPlatform(config: Config, deps: { clock: Clock; logger: Logger; metrics: Registry }, options: PlatformOptions = {}): Promise<Platform> {
  const { clock, logger } = deps;
  const life = new Lifecycle(logger);
  try {
    const storage = life.add(createStorage({ ...config.storage, dataDir: config.dataDir }, { ...deps, migrations: PLATFORM_MIGRATIONS }));
    await life.start();
    const db = storage.db;
    const registry = new OperatorRegistry(db, clock);
    if (options.demo === true) {
      const seeded = await seedDemo(registry);
      if (seeded.created.length > 0) logger.info({ organizations: seeded.created }, 'seeded demo organisations');
    }

    // Safeguards first: everything after records into the audit log.
    const auditKeys = await loadAuditKeys(config);
    const auditStore = new SqlAuditStore(db);
    const audit = life.add(createProgramAuditLog(config, { ...deps, store: auditStore, keys: auditKeys }));
    const oversight = life.add(createOversight({ dataDir: config.dataDir, oversight: config.oversight }, { ...deps, storage, audit, transparencySources: operationsPart.transparency }));
    await life.start();

    const bus = life.add(createPlatformBus(config.bus, deps));
    // The live indicator set: a sighting's indicator leaves only where its STIX markings allow (`intel/share`).
    const indicators = new IndicatorSet();
    const office = asId<OrganizationId>(config.taxii.office);
    const sightingRelease = createSightingRelease(indicators);
    life.add(createEventOutputs(config.events, { ...deps, bus, release: eventOutputRelease(sightingRelease, office) }));
    // Detection sees the bus through its own subjects.
    const detectionBus = narrowBus(bus, DETECTION_SUBJECTS);
    const attacks = new AttackStore(db, clock);
    life.add(createAttackRecorder({ bus: detectionBus, store: attacks, logger, metrics: deps.metrics }));
    life.add(createAttackLog({ bus: detectionBus, logger }));

    const enrichment = loadEnrichment(config.enrichment, config.dataDir);
    const detector = createDetector(config.detection, {
      ...deps,
      sink: busSink(bus, (err, e) => logger.error({ err, kind: e.kind }, 'could not publish detection event')),
      ...(enrichment === undefined ? {} : { enrich: enrichment.forDetection }),
    });

    // Indicators: those stored (`sakimori indicators load`) plus configured files; a hit is a sighting.
    await new IndicatorStore(db, clock).loadInto(indicators);
    const loaded = loadIndicatorFiles(indicators, config.intel.indicatorFiles);
    if (options.demo === true) Object.assign(loaded, loadIndicatorFiles(indicators, [fileURLToPath(new URL('../../scenarios/demo-indicators.txt', import.meta.url))], { kind: 'c2' }));
    if (Object.keys(loaded).length > 0) logger.info({ files: loaded }, 'indicator files loaded');
    const sightingStore = new SightingStore(db, clock);
    const sightings = createSightings(config.intel, { ...deps, bus, indicators, store: sightingStore });
    life.add(createNetworkSync(config.detection, { ...deps, store: registry.networks, targets: [detector, sightings] }));
    life.add(detector);
    life.add(createInfectionReports({ bus: detectionBus, detector, logger }));
    // Learned baselines: loaded once the networks are and before the collector hands over a flow; saved at stop once it stopped.
    life.add(createBaselineKeeper(config.detection, { ...deps, store: new BaselineStore(db, clock), baselines: detector }));
    life.add(sightings);
    // STIX indicators of the store (TAXII, feeds, MISP, imports) compiled into the flow matcher beside the files;
    // refreshed after in-process ingests and every minute (imports by other processes).
    const stixStore = new StixStore(db);
    const stixIndicators = life.add(
      createStixIndicatorSync({
        ...deps,
        store: stixStore,
        indicators,
        refreshIntervalMs: config.intel.stixRefreshMs,
        releases: createIndicatorReleaseReader({ db, office }),
      }),
    );
    const refreshAfterPull = (r: PullReport): void => {
      if (r.counts.stored === 0) return;
      stixIndicators.refresh().catch((err: unknown) => logger.error({ err }, 'STIX indicators could not be refreshed'));
    };
    // External TAXII collections pulled into the store (`intel.feeds`).
    if (config.intel.feeds.length > 0)
      life.add(
        createFeedPoller(config.intel.feeds, {
          ...deps,
          db,
          onPull: refreshAfterPull,
        }),
      );
    // Detection to intel: each sighting also becomes a STIX sighting in its organisation's collection.
    life.add(
      createStixSightings({
        db,
        bus: narrowBus(bus, INTEL_SUBJECTS),
        logger,
        clock,
        recorder: officeIdentity(config.taxii.office),
        organisationName: async (id) => (await registry.organizations.get(id))?.name,
        release: sightingRelease,
      }),
    );

    // The demo peers with an in-process demo router unless real peers are configured.
    const speaker = options.demo === true && config.bgp.peers.length === 0 ? await demoSpeaker(config.bgp, deps, life) : config.bgp.enabled ? life.add(createBgpSpeaker(config.bgp, deps)) : undefined;
    const attackLookup = attacksFromDetection(attacks, detector);
    const registryRead = registryView(registry);
    // Intelligence cited as evidence: operations reads its markings for the PAP check.
    const intelMarkings = { markingsOf: async (id: string) => (await stixStore.get(id))?.markingRefs };
    const operations = life.add(
      createOperations(config.operations, {
        ...deps,
        storage,
        bus,
        audit,
        attacks: attackLookup,
        registry: registryRead,
        sha256: nodeSha256,
        intel: intelMarkings,
        executors: createDefaultExecutors(config.operations, { clock, dataDir: config.dataDir, speaker, attacks: attackLookup, registry: registryRead }),
      }),
    );

    const collector = buildCollector(config.collector, deps);
    // Automatic selection runs before anything else sees a record: domestic-only flows are erased here.
    if (oversight.selection !== undefined) {
      collector.addConsumer(oversight.selection.filter);
      life.add(oversight.selection.recorder);
    }
    const meter = createTrafficMeter(config.collector, deps);
    collector.addConsumer(meter);
    collector.addConsumer(detector);
    collector.addConsumer(sightings);
    // Operators' assets matched against the vulnerability records; the observer sees which assets take traffic from outside.
    const exposure = createExposure(config.cooperation.exposure, { db, clock, logger, comparator: versions, ...(options.demo === true ? { initialDocuments: demoVulnDocuments } : {}) });
    collector.addConsumer(exposure.observer);
    life.add(meter);
    life.add(createStatsWriter(config.collector, { ...deps, exporters: collector.exporters, store: new ExporterStore(db, clock) }));
    life.add(collector);

    const accounts = new AccountService(db, { clock, audit, ...accountSettings(config.api) });
    // Attacks published as intel to organisations' inboxes, pseudonymised with the partner keys of `oversight.sharing`.
    const partnerKeys = config.oversight.sharing.partners.length === 0 ? undefined : await loadPartnerKeyring(config.oversight.sharing, config.dataDir);
    const publisher = new AttackPublisher({
      db,
      attacks,
      organisationName: async (id) => (await registry.organizations.get(id))?.name,
      audit,
      clock,
      publisher: officeIdentity(config.taxii.office),
      pseudonymiserFor: (org, at) =>
        partnerKeys?.schedule(org).length ? (address) => String(pseudonymiseDataset([{ address }], partnerKeys, { partner: org, at, columns: ['address'] }).rows[0]?.address) : undefined,
    });
    if (options.demo === true) {
      const created = await seedDemoAccounts(accounts, registry.organizations);
      if (created.length > 0) logger.info({ accounts: created }, 'seeded demo accounts');
    }
    // Incident reports under the reporting regimes; deadlines re-evaluated on an interval (`cooperation.incidents`).
    const incidents = new IncidentService(
      {
        db,
        clock,
        audit,
        // The registry knows when an organisation was entered, not when it came to exist: no lower bound on dates.
        orgs: { get: async (id) => registry.organizations.get(id).then((o) => (o === undefined ? undefined : { id: o.id, sector: o.sector })) },
        jurisdictionsOf: (id) => config.cooperation.incidents.jurisdictions[id] ?? config.cooperation.incidents.defaultJurisdictions,
        onAuditDrainError: (err) => logger.error({ err }, 'incident audit entries wait in the outbox'),
      },
      config.cooperation.incidents,
    );
    const incidentBus = narrowBus(bus, INCIDENT_SUBJECTS);
    // Mail from the platform (deadline reminders, advisory heads-ups) goes through the notices' outbox and relay.
    const notices = config.operations.notices;
    const mail = createMailer({
      outboxDir: under(config.dataDir, notices.outboxDir),
      from: notices.from,
      smtp: notices.smtp,
      now: () => clock.now(),
    });
    const remind = deadlineMailer({ db, logger, send: (m) => mail({ folder: 'incident-deadlines', ...m }) });
    life.add(
      createIncidentClock(incidents, {
        logger,
        clock,
        intervalMs: config.cooperation.incidents.reevaluateIntervalMs,
        alerts: {
          db,
          dueSoonMs: config.cooperation.incidents.alertDueSoonMs,
          publish: async (e) => {
            await incidentBus.publish('incident.deadline', e);
            // Not awaited: publish runs inside the alert's transaction, and the reminder reads the
            // organisation's contact outside it (with SQLite's one connection, awaiting would deadlock).
            void remind(e);
          },
        },
      }),
    );
    // Advisories to operators: inbox, STIX in their collections, an e-mail heads-up.
    const advisories = new AdvisoryService({
      db,
      clock,
      logger,
      audit,
      office: { identity: officeIdentity(config.taxii.office), organization: asId<OrganizationId>(config.taxii.office) },
      notify: (n) => mail({ folder: 'advisories', key: `${n.advisoryId}-${n.organizationId}`, to: n.to, subject: n.subject, text: n.text }),
    });
    // A KEV addition that concerns registered assets becomes a draft for the analysts to review.
    exposure.onKevAdded(async (added) => {
      const drafts = await advisories.draftFromKev(added.map((k) => ({ cve: k.cveId, name: k.vulnerabilityName, requiredAction: k.requiredAction, description: k.shortDescription })));
      if (drafts.length > 0) logger.info({ drafts: drafts.map((d) => d.id) }, 'advisories drafted for KEV additions');
    });
    life.add(exposure);
    // Vulnerability sources polled over HTTP (`cooperation.exposure.sources`; none by default).
    if (config.cooperation.exposure.sources.length > 0)
      life.add(
        createVulnPoller(config.cooperation.exposure.sources, {
          clock,
          logger,
          store: exposure.store,
          importDocument: exposure.importDocument,
          maxDocumentBytes: config.cooperation.exposure.maxDocumentBytes,
        }),
      );
    const api = life.add(
      createPlatformApi(
        {
          api: config.api,
          auditOrigin: config.audit.origin,
          report: config.oversight.report,
          demo: options.demo === true,
          cooperation: config.cooperation,
          intel: { access: config.taxii, feeds: config.intel.feeds.map((f) => ({ name: f.name, url: f.url, enabled: f.enabled, intervalSeconds: f.intervalSeconds })) },
        },
        {
          ...deps,
          accounts,
          registry,
          bus: narrowBus(bus, API_SUBJECTS),
          audit,
          auditStore,
          verifierKey: auditKeys.signer.verifierKey,
          oversight,
          exporters: collector.exporters,
          meter,
          detection: detector,
          attacks,
          sightings: sightingStore,
          incidents,
          vulns: exposure.store,
          advisories,
          sightingRelease,
          operations,
          publisher,
          ...(config.taxii.enabled ? { taxii: taxiiMount(config.taxii, { db, accounts, orgs: registry.organizations, audit, clock, apiListen: config.api.listen }) } : {}),
        },
      ),
    );
    const metricsListener = life.add(createMetricsListener(config.api.metrics, deps));
    if (options.demo === true) life.add(createDemoExporters(demoScenario(), { listeners: () => collector.listeners, logger }));
    if (options.demo === true) {
      await seedDemoAssets({ db, orgs: registry.organizations, clock, logger, config: config.cooperation.assets }).catch((err: unknown) =>
        logger.error({ err }, 'demo assets could not be registered'),
      );
      await seedDemoIncident({ orgs: registry.organizations, clock, logger, incidents }).catch((err: unknown) => logger.error({ err }, 'demo incident could not be opened'));
    }
    if (options.demo === true && config.taxii.enabled && config.api.enabled) {
      // Started after the API: the demo's intel goes out over the platform's own TAXII server.
      const published = new Set<string>();
      let timer: NodeJS.Timeout | undefined;
      life.add({
        name: 'demo-intel',
        async start() {
          const apiUrl = api.urls[0];
          if (apiUrl === undefined) return;
          await seedDemoIntel({ db, orgs: registry.organizations, accounts, logger, clock, dataDir: config.dataDir, apiUrl, root: config.taxii.root }).catch((err: unknown) =>
            logger.error({ err }, 'demo intel could not be seeded'),
          );
          await stixIndicators.refresh().catch((err: unknown) => logger.error({ err }, 'STIX indicators could not be refreshed'));
          timer = setInterval(() => void publishDemoCampaign(publisher, logger, published).catch((err: unknown) => logger.error({ err }, 'demo campaign could not be published')), 15_000);
          timer.unref();
        },
        async stop() {
          if (timer !== undefined) clearInterval(timer);
        },
      });
    }
    await life.start();
    return { config, life, storage, registry, bus, audit, oversight, collector, meter, detector, attacks, indicators, stixIndicators, operations, exposure, speaker, api, metricsListener };
  } catch (e) {
    await life.stop();
    throw e;
  }
}
