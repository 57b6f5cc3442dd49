/**
 * The STIX indicator synchroniser: reads the STIX store's indicators page by page, compiles the
 * patterns the flow matcher can decide ({@link compileIndicatorPattern}) and replaces source
 * {@link STIX_SOURCE} of the live {@link IndicatorSet} with the result, paced so the event loop
 * keeps running (see {@link IndicatorSet.replaceSourcePaced}). Indicator files and other sources
 * stay as they are.
 *
 * One source for the whole store, `stix`, not one per STIX indicator: the compiled matcher is
 * immutable and rebuilt on every change anyway, so per-indicator sources would make no change
 * cheaper — but one replacement per refresh makes the refresh atomic (flows see the store's
 * indicators as of one refresh, never half of one) and drops what disappeared (revoked, expired,
 * deleted) without tracking it. What came from which STIX indicator is in the label (its name or
 * id) and in the refresh's result.
 *
 * @example
 * ```ts
 * const stixIndicators = createStixIndicatorSync({ clock, logger, metrics, store: new StixStore(storage.db), indicators });
 * lifecycle.add(stixIndicators); // refreshes once at start, in the background
 * await stixStore.ingest(bundle, options);
 * const result = await stixIndicators.refresh(); // { compiled, skipped: [{ id, code, reason }], change, … }
 * ```
 */
import { Gauge } from 'prom-client';
import type { BaseDeps, Component } from '../../core/component.js';
import type { IndicatorInput } from '../indicator.js';
import type { IndicatorChange, IndicatorSet } from '../indicator-set.js';
import type { IndicatorReleaseReader } from '../share/indicator-releases.js';
import { nextTurn, type Pacing } from '../trie-builder.js';
import { c2IndicatorIds, type StixIndicatorReader } from './c2-infrastructure.js';
import { compileIndicatorPattern, type SkipCode } from './compile-pattern.js';
import { selectIndicator } from './select-indicator.js';

/** The indicator-set source holding the compiled STIX indicators. */
export const STIX_SOURCE = 'stix';

/** Default {@link StixIndicatorSyncDeps.pageSize}: rows read (and compiled) between two event-loop turns. */
export const DEFAULT_STIX_PAGE_SIZE = 500;

/**
 * Source prefixes of the objects the platform makes from its own detections: attacks it published
 * (`intel/attack-intel`: their sources are the attack's, which detection already follows; matching
 * them would make every bot a sighting) and the indicators its STIX sightings refer to
 * (`intel/stix-sightings`: made from indicators already in the matcher).
 */
export const OWN_PUBLICATION_PREFIXES: readonly string[] = ['publish:', 'sighting:'];

/** Dependencies of the synchroniser. */
export interface StixIndicatorSyncDeps extends BaseDeps {
  readonly store: StixIndicatorReader;
  /** The live indicator set the sightings component matches flows against. */
  readonly indicators: IndicatorSet;
  readonly pageSize?: number | undefined;
  /** How the indicator set's swap gives the event loop back (tests count the pauses). */
  readonly pacing?: Pacing | undefined;
  /**
   * Also refresh on this interval (ms) once started: for ingests by other processes (`sakimori stix
   * import`) and for validity windows that open or close. Off by default: ingests in this process
   * call {@link StixIndicatorSync.refresh}.
   */
  readonly refreshIntervalMs?: number | undefined;
  /**
   * Reads each compiled indicator's markings and audience. Without it the indicators carry none,
   * and every exit withholds their sightings from anyone outside the office (fails closed).
   */
  readonly releases?: IndicatorReleaseReader | undefined;
}

/** A STIX indicator left out of the flow matcher, and why. */
export interface SkippedIndicator {
  readonly id: string;
  readonly code: SkipCode;
  readonly reason: string;
}

/** What one refresh did. */
export interface StixSyncResult {
  /** Indicators read (latest versions). */
  readonly read: number;
  /** STIX indicators compiled into the flow matcher. */
  readonly compiled: number;
  /** Flow indicators they compiled into, before equal ones merge in the set. */
  readonly inputs: number;
  /** Every indicator left out, with its reason. */
  readonly skipped: readonly SkippedIndicator[];
  /** {@link skipped}, counted by code. */
  readonly skippedBy: Readonly<Partial<Record<SkipCode, number>>>;
  /** What the replacement changed in the indicator set. */
  readonly change: IndicatorChange;
  readonly seconds: number;
}

/** The synchroniser: a component that refreshes at start and whenever {@link refresh} is called. */
export interface StixIndicatorSync extends Component {
  /**
   * Reads the store again and replaces the `stix` source. A call while a refresh runs is served
   * by one more refresh after it (calls coalesce), so an ingest that lands during a refresh is
   * always picked up. Resolves with `undefined` once stopped.
   */
  refresh(): Promise<StixSyncResult | undefined>;
  /** The last completed refresh. */
  readonly last: StixSyncResult | undefined;
  /** Starts a refresh in the background (logged when it fails) and returns. */
  start(): Promise<void>;
  /** Stops refreshing: a running refresh ends at its next page and changes nothing. */
  stop(): Promise<void>;
}

class Stopped {}

/** Creates the STIX indicator synchroniser. */
export function createStixIndicatorSync(deps: StixIndicatorSyncDeps): StixIndicatorSync {
  const pageSize = deps.pageSize ?? DEFAULT_STIX_PAGE_SIZE;
  const logger = deps.logger.child({ component: 'stix-indicators' });
  let stopped = false;
  let last: StixSyncResult | undefined;
  let current: Promise<StixSyncResult | undefined> | undefined;
  let queued: Promise<StixSyncResult | undefined> | undefined;
  let timer: NodeJS.Timeout | undefined;

  new Gauge({
    name: 'sakimori_intel_stix_indicators',
    help: 'STIX indicators at the last refresh: compiled into the flow matcher, or skipped by reason',
    labelNames: ['outcome'],
    registers: [deps.metrics],
    collect() {
      this.reset();
      if (last === undefined) return;
      this.set({ outcome: 'compiled' }, last.compiled);
      for (const [code, n] of Object.entries(last.skippedBy)) this.set({ outcome: code }, n);
    },
  });

  const runOnce = async (): Promise<StixSyncResult> => {
    const t0 = performance.now();
    const now = deps.clock.now();
    const c2 = await c2IndicatorIds(deps.store, pageSize);
    // Watch indicators first: where a c2 and a watch indicator compile to the same flow
    // indicator, the later input wins in the set, and c2 is the one that must not be lost.
    const watch: IndicatorInput[] = [];
    const c2Inputs: IndicatorInput[] = [];
    const skipped: SkippedIndicator[] = [];
    const skippedBy: Partial<Record<SkipCode, number>> = {};
    const skip = (id: string, code: SkipCode, reason: string): void => {
      skipped.push({ id, code, reason });
      skippedBy[code] = (skippedBy[code] ?? 0) + 1;
    };
    let read = 0;
    let compiled = 0;
    let after: string | undefined;
    const pageCompiled: { id: string; object: Readonly<Record<string, unknown>>; inputs: readonly IndicatorInput[]; into: IndicatorInput[] }[] = [];
    do {
      if (stopped) throw new Stopped();
      const page = await deps.store.list({ types: ['indicator'], limit: pageSize, ...(after === undefined ? {} : { after }) });
      for (const o of page.objects) {
        // Every stored version is listed; the latest one speaks for the indicator.
        if (!o.isLast) continue;
        read++;
        if (OWN_PUBLICATION_PREFIXES.some((p) => o.source.startsWith(p))) {
          skip(o.id, 'own-publication', 'made by the platform from its own detections');
          continue;
        }
        const selected = selectIndicator(o.object, o.revoked, now, c2);
        if (!selected.ok) {
          skip(o.id, selected.code, selected.reason);
          continue;
        }
        const r = compileIndicatorPattern(selected.pattern, selected.meta);
        if (!r.ok) {
          skip(o.id, r.code, r.reason);
          continue;
        }
        compiled++;
        pageCompiled.push({ id: o.id, object: o.object, inputs: r.inputs, into: selected.meta.kind === 'c2' ? c2Inputs : watch });
      }
      // Each compiled indicator carries its markings and audience, so every exit of a sighting can
      // ask the release policy (see `intel/share/sighting-release.ts`).
      const releases = deps.releases === undefined || pageCompiled.length === 0 ? undefined : await deps.releases(pageCompiled);
      for (const c of pageCompiled) {
        const release = releases?.get(c.id);
        for (const input of c.inputs) c.into.push(release === undefined ? input : { ...input, release });
      }
      pageCompiled.length = 0;
      after = page.next;
      // SQLite answers synchronously: without this turn the whole read would be one long task.
      await nextTurn();
    } while (after !== undefined);
    if (stopped) throw new Stopped();
    const inputs = watch.length + c2Inputs.length;
    const change = await deps.indicators.replaceSourcePaced(STIX_SOURCE, drain([watch, c2Inputs]), deps.pacing);
    const result: StixSyncResult = { read, compiled, inputs, skipped, skippedBy, change, seconds: (performance.now() - t0) / 1000 };
    last = result;
    logger.info({ read, compiled, inputs, skippedBy, added: change.added, removed: change.removed, seconds: result.seconds }, 'STIX indicators loaded into the flow matcher');
    return result;
  };

  const runGuarded = async (): Promise<StixSyncResult | undefined> => {
    try {
      return await runOnce();
    } catch (e) {
      if (e instanceof Stopped) return undefined;
      throw e;
    }
  };

  const refresh = (): Promise<StixSyncResult | undefined> => {
    if (stopped) return Promise.resolve(undefined);
    if (current === undefined) {
      current = runGuarded().finally(() => {
        current = undefined;
      });
      return current;
    }
    // Coalesce: every call during a run is served by the one run after it.
    queued ??= current
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        queued = undefined;
        return refresh();
      });
    return queued;
  };

  return {
    name: 'stix-indicators',
    refresh,
    get last() {
      return last;
    },
    async start() {
      stopped = false;
      const background = (): void => void refresh().catch((err: unknown) => logger.error({ err }, 'loading STIX indicators into the flow matcher failed'));
      background();
      if (deps.refreshIntervalMs !== undefined) {
        timer = setInterval(background, deps.refreshIntervalMs);
        timer.unref();
      }
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      timer = undefined;
      await Promise.allSettled([current, queued]);
    },
  };
}

/** The items of each list in turn, emptying each once read: the set keeps its own form of them. */
function* drain<T>(lists: T[][]): Generator<T> {
  for (const list of lists) {
    yield* list;
    list.length = 0;
  }
}
