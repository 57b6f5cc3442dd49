/**
 * Composition of the safeguards for a program (`sakimori serve`): the purpose-bound access guard
 * with its case scopes, the flag queue and commission service, and — when enabled — automatic
 * selection with its evidence recorder. The audit log is built first and passed in; storage is
 * started and migrated. Start it before the collector: its filter must see every record.
 *
 * @example
 * ```ts
 * const oversight = lifecycle.add(createOversight({ dataDir: config.dataDir, oversight: config.oversight }, { ...deps, storage, audit }));
 * await lifecycle.start();
 * if (oversight.selection) {
 *   collector.addConsumer(oversight.selection.filter);   // FIRST: before detection and storage
 *   lifecycle.add(oversight.selection.recorder);
 * }
 * ```
 */
import type { BaseDeps, Component } from '../core/component.js';
import type { Storage } from '../storage/storage.js';
import { AccessGuard } from './access/access-guard.js';
import { AccessRecordStore } from './access/access-record-store.js';
import { CaseScopeService } from './access/case-scope-service.js';
import { SqlCaseScopes } from './access/case-scope-store.js';
import type { AuditLog } from './audit/audit-log.js';
import { nodeSha256 } from './audit/node-crypto.js';
import { CommissionService } from './commission/commission-service.js';
import { CommissionStore } from './commission/commission-store.js';
import type { OversightConfig } from './config.js';
import { FlagStore } from './flags/flag-store.js';
import type { ReportPeriod } from './report/period.js';
import { collectTransparencyStats, type TransparencySources, type TransparencyStats } from './report/stats.js';
import { loadDomesticSet } from './selection/load-domestic-set.js';
import { SelectionFilter } from './selection/selection-filter.js';
import { createSelectionRecorder, type SelectionRecorder } from './selection/selection-recorder.js';

/** Dependencies of the safeguards. */
export interface OversightDeps extends BaseDeps {
  readonly storage: Storage;
  readonly audit: AuditLog;
  /** The transparency report's sections other parts compute (operations' descriptor). */
  readonly transparencySources: TransparencySources;
}

/** The wired safeguards, a component: starting it loads automatic selection's address space. */
export interface Oversight extends Component {
  readonly guard: AccessGuard;
  readonly scopes: CaseScopeService;
  readonly flags: FlagStore;
  readonly commission: CommissionService;
  /** The transparency report's figures of a period; `now` judges overdue reviews of a running period. */
  transparency(period: ReportPeriod, now: number): Promise<TransparencyStats>;
  /** Loads automatic selection's address space when it is enabled; throws when a file cannot be read. */
  start(): Promise<void>;
  /** Present once started when `oversight.selection.enabled`. */
  readonly selection: { readonly filter: SelectionFilter; readonly recorder: SelectionRecorder; readonly v4Ranges: number; readonly v6Ranges: number } | undefined;
}

/**
 * Builds the safeguards. Starting them reads the delegated-statistics files when selection is
 * enabled (`selection` is there from then on); nothing else runs, so stopping does nothing.
 */
export function createOversight(config: { readonly dataDir: string; readonly oversight: OversightConfig }, deps: OversightDeps): Oversight {
  const db = deps.storage.db;
  const scopeStore = new SqlCaseScopes(db, deps.clock, config.oversight.access);
  const flags = new FlagStore(db, deps.clock);
  const guard = new AccessGuard(config.oversight.access, { scopes: scopeStore, records: new AccessRecordStore(db), flags, audit: deps.audit, clock: deps.clock });
  const commission = new CommissionService({ db, store: new CommissionStore(db, deps.clock), flags, audit: deps.audit, sha256: nodeSha256, clock: deps.clock });
  let selection: Oversight['selection'];
  return {
    name: 'oversight',
    guard,
    scopes: new CaseScopeService(config.oversight.access, { store: scopeStore, audit: deps.audit, flags }),
    flags,
    commission,
    transparency: (period: ReportPeriod, now: number) => collectTransparencyStats(db, deps.transparencySources, period, now),
    get selection() {
      return selection;
    },
    async start() {
      const sel = config.oversight.selection;
      if (!sel.enabled || selection !== undefined) return;
      const loaded = await loadDomesticSet(sel, config.dataDir);
      const filter = new SelectionFilter(loaded.set);
      const recorder = createSelectionRecorder({ periodSeconds: sel.periodSeconds, country: sel.country }, { ...deps, filter, db, audit: deps.audit });
      deps.logger.info({ country: sel.country, files: loaded.files, v4Ranges: loaded.set.v4Ranges, v6Ranges: loaded.set.v6Ranges }, 'automatic selection enabled');
      selection = { filter, recorder, v4Ranges: loaded.set.v4Ranges, v6Ranges: loaded.set.v6Ranges };
    },
  };
}
