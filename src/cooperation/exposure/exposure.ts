/**
 * The exposure component: the vulnerability store, the flow observer and the service that keeps the
 * findings true, started as one. At start it imports the documents it is given (the demo's sample),
 * matches everything, then refreshes every `refreshIntervalMs` (assets changed by any process,
 * priorities with fresh flow observations). Imports through {@link Exposure.importDocument} update
 * the findings of the CVEs they changed at once. One run at a time; a failed run is logged and the
 * next one tries again.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.js';
import type { Component } from '../../core/component.js';
import type { Database } from '../../storage/database.js';
import type { VersionComparator } from '../../vulns/match/version-comparator.js';
import type { KevEntry } from '../../vulns/record.js';
import type { ExposureConfig } from './config.js';
import { ExposureObserver } from './exposure-observer.js';
import { ExposureService } from './exposure-service.js';
import { importVulnDocument, type VulnDocument, type VulnImportOutcome } from './vuln-import.js';
import { createVulnStore, type VulnStore } from './vuln-store.js';

/** What the component needs. */
export interface ExposureDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly comparator: VersionComparator;
  /** Documents imported at start, before the first match (the demo's sample records). */
  readonly initialDocuments?: () => Promise<readonly VulnDocument[]>;
}

/** The running exposure part. */
export interface Exposure extends Component {
  readonly store: VulnStore;
  /** Add it to the collector's consumers so exposure counts what the flows show. */
  readonly observer: ExposureObserver;
  readonly service: ExposureService;
  /** Imports one document and updates the findings of what it changed. */
  importDocument(doc: VulnDocument): Promise<VulnImportOutcome>;
  /** Runs a refresh now (changed assets, fresh priorities); resolves when it is done. */
  refresh(): Promise<void>;
  /** Calls `listener` with the entries that entered the KEV catalogue (through an import here or seen at a refresh). */
  onKevAdded(listener: (added: readonly KevEntry[]) => Promise<void>): void;
}

/** Creates the component. */
export function createExposure(config: ExposureConfig, deps: ExposureDeps): Exposure {
  const logger = deps.logger.child({ component: 'exposure' });
  const store = createVulnStore(deps.db, { clock: deps.clock });
  const observer = new ExposureObserver();
  const service = new ExposureService(
    { observationWindowMs: config.observationWindowDays * 86_400_000, sectorWeights: config.sectorWeights, defaultSectorWeight: config.defaultSectorWeight },
    { db: deps.db, clock: deps.clock, logger, store, comparator: deps.comparator, observer },
  );
  let timer: NodeJS.Timeout | undefined;
  // Serialises runs: an import's update, the timer's refresh and the first rebuild never overlap.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const listeners: ((added: readonly KevEntry[]) => Promise<void>)[] = [];
  const announce = async (added: readonly KevEntry[] | undefined): Promise<void> => {
    if (added === undefined || added.length === 0) return;
    for (const l of listeners) await l(added).catch((err: unknown) => logger.error({ err }, 'a KEV addition could not be handled'));
  };
  const importDocument = (doc: VulnDocument) =>
    serial(async () => {
      const outcome = await importVulnDocument(store, deps.clock, doc);
      const change = await service.recordsChanged(outcome.changed);
      await announce(change.kevAdded);
      logger.info(
        { origin: doc.origin, kind: doc.kind, read: outcome.run.read, changed: outcome.run.changed, skipped: outcome.run.skipped, findings: change.written },
        'vulnerability document imported',
      );
      return outcome;
    });
  const refresh = () =>
    serial(async () => {
      await announce((await service.refresh()).kevAdded);
    });
  return {
    name: 'exposure',
    store,
    observer,
    service,
    importDocument,
    refresh,
    onKevAdded(listener) {
      listeners.push(listener);
    },
    async start() {
      if (!config.enabled) return;
      const built = await serial(() => service.rebuild());
      logger.info({ findings: built.written }, 'exposure findings matched');
      // After the first match, so that what the documents change (a KEV addition) is seen against the assets.
      for (const doc of (await deps.initialDocuments?.()) ?? []) {
        await importDocument(doc).catch((err: unknown) => logger.error({ err, origin: doc.origin }, 'vulnerability document could not be imported'));
      }
      timer = setInterval(() => void refresh().catch((err: unknown) => logger.error({ err }, 'exposure refresh failed')), config.refreshIntervalMs);
      timer.unref();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      await queue;
    },
  };
}
