/**
 * Keeps learned baselines across restarts: loads them from storage at start (register it before
 * the collector, so no flow is processed before), saves them every `baseline.saveIntervalSeconds`
 * when they changed and once more at stop (register it after the collector, which stops first).
 *
 * What survives what:
 * - a stop (`sakimori serve` ended by a signal): every learned cell, saved at stop;
 * - a kill or a crash: the cells of the last periodic save; an hour folded after it is lost;
 * - neither: the hour in progress, whose histogram is never saved (after a restart the hour is
 *   learned from the seconds that remain, if they are at least `minSecondsPerHour`).
 *
 * Stored rows of a network that are unusable (another format, other settings, wrong sizes) are
 * refused with their reason in the log; that network learns afresh, the others keep theirs, and
 * the next save replaces the refused rows. Rows of networks the registry no longer has are not
 * loaded and go at the next save too.
 *
 * @example
 * ```ts
 * life.add(detector);
 * life.add(createBaselineKeeper(config.detection, { ...deps, store: new BaselineStore(db, clock), baselines: detector }));
 * life.add(collector);
 * ```
 */
import { Counter } from 'prom-client';
import type { BaseDeps, Component } from '../../core/component.js';
import type { BaselineSnapshot } from '../baseline.js';
import type { DetectionConfig } from '../config.js';
import type { BaselineSettings, BaselineStore } from './baseline-store.js';

/** What the keeper needs of detection: the learned baselines in and out, and their revision. */
export interface BaselinePort {
  exportBaselines(): BaselineSnapshot;
  importBaselines(snapshot: unknown): number;
  /** Changes whenever the learned baselines may have changed. */
  baselineRevision(): number;
}

/** Dependencies of the keeper. */
export interface BaselineKeeperDeps extends BaseDeps {
  readonly store: Pick<BaselineStore, 'load' | 'replace'>;
  readonly baselines: BaselinePort;
}

/** The keeper component. */
export interface BaselineKeeper extends Component {
  /** Writes the learned baselines if they changed since the last save; true when it wrote. */
  save(): Promise<boolean>;
}

/** Creates the keeper; it does nothing while `detection.baseline.enabled` is false (stored rows stay). */
export function createBaselineKeeper(config: DetectionConfig, deps: BaselineKeeperDeps): BaselineKeeper {
  const settings: BaselineSettings = { percentile: config.baseline.percentile, utcOffsetMinutes: config.baseline.utcOffsetMinutes };
  const { logger, store, baselines } = deps;
  const saves = new Counter({ name: 'sakimori_detection_baseline_saves_total', help: 'Saves of the learned baselines to storage, by result', labelNames: ['result'], registers: [deps.metrics] });
  const refusedNetworks = new Counter({
    name: 'sakimori_detection_baseline_refused_total',
    help: 'Protected networks whose stored baselines were refused at start, by kind (settings, malformed)',
    labelNames: ['kind'],
    registers: [deps.metrics],
  });
  // Revision last written; undefined forces the next save (refused or orphaned rows to replace).
  let saved: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  // Saves run one after another: a slow periodic save is never overtaken by the one at stop.
  let queue: Promise<unknown> = Promise.resolve();

  const write = async (): Promise<boolean> => {
    const revision = baselines.baselineRevision();
    if (revision === saved) return false;
    const snapshot = baselines.exportBaselines();
    let rows: number;
    try {
      rows = await store.replace(snapshot, settings);
    } catch (err) {
      saves.inc({ result: 'failed' });
      throw err;
    }
    saves.inc({ result: 'written' });
    saved = revision;
    logger.debug({ networks: snapshot.networks.length, cells: rows }, 'learned baselines saved');
    return true;
  };
  const save = (): Promise<boolean> => {
    const run = queue.then(write);
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    name: 'baseline-keeper',
    save,
    async start() {
      if (!config.baseline.enabled) return;
      const loaded = await store.load(settings);
      for (const r of loaded.refused) {
        refusedNetworks.inc({ kind: r.kind });
        const log = r.kind === 'settings' ? logger.warn.bind(logger) : logger.error.bind(logger);
        log({ networkId: r.networkId, reason: r.reason }, 'stored baseline refused; this network learns afresh');
      }
      const imported = baselines.importBaselines(loaded.snapshot);
      if (loaded.refused.length === 0 && imported === loaded.snapshot.networks.length) saved = baselines.baselineRevision();
      logger.info({ networks: imported, refused: loaded.refused.length, notProtected: loaded.snapshot.networks.length - imported }, 'learned baselines loaded');
      timer = setInterval(() => {
        save().catch((err: unknown) => logger.error({ err }, 'could not save learned baselines; trying again at the next interval'));
      }, config.baseline.saveIntervalSeconds * 1000);
      timer.unref();
    },
    async stop() {
      if (timer === undefined) return;
      clearInterval(timer);
      timer = undefined;
      try {
        await save();
      } catch (err) {
        logger.error({ err }, 'could not save learned baselines at stop; what was learned since the last save is lost');
      }
    },
  };
}
