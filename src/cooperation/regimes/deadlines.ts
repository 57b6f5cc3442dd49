/**
 * The engine: one incident's facts (anchors, conditions, submissions) against one regime table →
 * every stage's due instant and state. It knows no regime by name; everything legal comes from
 * the table and from `time-limits.ts`.
 *
 * A stage whose clock has not started (its anchor event has not happened, or the earlier report
 * it counts from is not yet submitted) is `pending`: it is not due, and the law gives it no time
 * limit yet. Its `provisionalDueAt` is for planning only — the limit it would have if the earlier
 * report were submitted exactly when due, or the "at the latest" cap already running (DORA's 24 h
 * from awareness before classification).
 *
 * Pure: no I/O, no `node:` imports. The clock is the `now` argument.
 */
import { type CompiledClock, type CompiledRegime, compileRegime } from './compiled-regime.js';
import { ERR_REPORTING_TIME_ZONE } from './errors.js';
import { lateBySeconds } from './lateness.js';
import type { Condition, NamedAnchor, Period, Regime } from './regime.js';
import { periodEnd, type ShiftContext, shiftOffNonWorkingDay } from './time-limits.js';
import type { WorkingCalendar } from './working-calendar.js';
import { ZoneClock } from './zone-clock.js';

const HOUR_MS = 3_600_000;

/** Where a stage stands at `now`. */
export type DeadlineState = 'not-applicable' | 'pending' | 'open' | 'due-soon' | 'overdue' | 'submitted-on-time' | 'submitted-late';

/**
 * What the due time rests on: the law (`statutory`), the product's expectation for a "without
 * delay" stage (`expectation` — overdue or late against it is a prompt to act, not a breach of
 * law), or a date an authority set (`set-by-authority`).
 */
export type DeadlineBasis = 'statutory' | 'expectation' | 'set-by-authority';

/** What is known of one incident. Every instant is UTC epoch ms. */
export interface IncidentFacts {
  readonly anchors: Readonly<Partial<Record<NamedAnchor, number>>>;
  /** Flags the table's conditions read (`malicious`, `severe-incident`); unset means false. */
  readonly conditions?: Readonly<Record<string, boolean | undefined>>;
  /** First submission of each stage, the one judged on time or late. */
  readonly submissions?: Readonly<Record<string, number | undefined>>;
  /** Latest updated submission of a stage (DORA's updated intermediate reports); defaults to the first. */
  readonly lastSubmissions?: Readonly<Record<string, number | undefined>>;
  /** A due instant an authority set for a stage (NIS2 intermediate report "upon request"); overrides the table's clock. */
  readonly dueSetByAuthority?: Readonly<Record<string, number | undefined>>;
  /** The reporting entity's IANA zone, required by regimes that count in it (EU); regimes with a fixed zone (Japan) ignore it. */
  readonly timeZone?: string;
  /** Public holidays where the report is made; without it only the regime's fixed non-working days count. */
  readonly calendar?: WorkingCalendar;
}

/** Tuning that is not law. */
export interface DeadlineOptions {
  /** `due-soon` when the time left is at most `min(maxMs, fraction × the stage's whole period)`. */
  readonly dueSoon?: { readonly maxMs: number; readonly fraction: number };
  /** Per stage, overrides the table's expectation (hours) for "without delay" stages. */
  readonly expectationHours?: Readonly<Record<string, number | undefined>>;
}

/** The default `due-soon` window: the last quarter of the period, at most 24 h. */
export const DEFAULT_DUE_SOON: Readonly<{ maxMs: number; fraction: number }> = Object.freeze({ maxMs: 24 * HOUR_MS, fraction: 0.25 });

/** One stage of one incident, evaluated. */
export interface StageDeadline {
  readonly stage: string;
  readonly title: string;
  readonly legalRef: string;
  readonly state: DeadlineState;
  /** Null while `pending` or `not-applicable`. */
  readonly basis: DeadlineBasis | null;
  /** The instant the governing clock started (its anchor), when known. */
  readonly startedAt: number | null;
  /** The last on-time instant, UTC epoch ms; null while `pending`. */
  readonly dueAt: number | null;
  /** `dueAt` as local ISO 8601 with offset in the regime's zone; calendar periods end at `T24:00:00`. */
  readonly dueLocal: string | null;
  /** Planning figure for a `pending` stage (see the module comment); null otherwise. */
  readonly provisionalDueAt: number | null;
  readonly submittedAt: number | null;
  /** Whole seconds past `dueAt`: of the submission when `submitted-late`, of `now` when `overdue`; else null. */
  readonly lateBySeconds: number | null;
  /** Content the report must carry. */
  readonly items: readonly string[];
}

// Per-evaluation scratch, indexed by stage: due and provisional due (NaN when unknown) and
// applicability. computeDeadlines is synchronous, so one set of buffers serves every call.
let dueOf = new Float64Array(16);
let provisionalOf = new Float64Array(16);
let applicableOf = new Uint8Array(16);

function zoneFor(c: CompiledRegime, facts: IncidentFacts): ZoneClock {
  if (c.zone !== undefined) return c.zone;
  const tz = c.regime.timeZone;
  const name = facts.timeZone ?? (tz.kind === 'entity' ? tz.fallback : undefined);
  if (name === undefined) throw new ERR_REPORTING_TIME_ZONE(c.regime.id, "the reporting entity's time zone is required (facts.timeZone)");
  return ZoneClock.of(name);
}

/** The facts, zone and options of one call, with the helpers that read them. */
class Evaluation {
  readonly ctx: ShiftContext;
  constructor(
    readonly compiled: CompiledRegime,
    readonly facts: IncidentFacts,
    readonly zone: ZoneClock,
    readonly options: DeadlineOptions | undefined,
  ) {
    this.ctx = { zone, fixed: compiled.fixed, calendar: facts.calendar };
  }

  holds(conditions: readonly Condition[] | undefined): boolean {
    if (conditions === undefined) return true;
    for (const c of conditions) {
      const expected = c.is ?? true;
      if ('fact' in c) {
        if ((this.facts.conditions?.[c.fact] === true) !== expected) return false;
        continue;
      }
      const event = this.facts.anchors[c.event];
      const of = this.facts.anchors[c.of];
      if (event === undefined || of === undefined) return false;
      if (event <= periodEnd(this.compiled.regime.periodRule, this.zone, of, c.within) !== expected) return false;
    }
    return true;
  }

  submission(clock: CompiledClock): number | undefined {
    if (clock.kind === 'named') return undefined;
    const first = this.facts.submissions?.[clock.name];
    return clock.kind === 'last-submitted' ? (this.facts.lastSubmissions?.[clock.name] ?? first) : first;
  }

  /** When the clock starts, NaN if unknown; for an unsubmitted earlier stage, its (provisional) due time. */
  anchorAt(clock: CompiledClock): number {
    if (clock.kind === 'named') return this.facts.anchors[clock.name as NamedAnchor] ?? Number.NaN;
    if (applicableOf[clock.stageIndex] === 0) return Number.NaN;
    const submitted = this.submission(clock);
    if (submitted !== undefined) return submitted;
    const due = dueOf[clock.stageIndex]!;
    return Number.isNaN(due) ? provisionalOf[clock.stageIndex]! : due;
  }

  /** True when the clock's anchor is a real event, not an earlier stage's due time standing in for its submission. */
  started(clock: CompiledClock, at: number): boolean {
    return !Number.isNaN(at) && (clock.kind === 'named' || this.submission(clock) !== undefined);
  }

  end(clock: CompiledClock, at: number, stage: string): number {
    const p: Period = clock.period;
    if (p.unit === 'without-delay') return at + (this.options?.expectationHours?.[stage] ?? p.expectationHours) * HOUR_MS;
    return periodEnd(this.compiled.regime.periodRule, this.zone, at, p, clock.firstDayIncluded);
  }
}

function ensureScratch(n: number): void {
  if (dueOf.length >= n) return;
  dueOf = new Float64Array(n * 2);
  provisionalOf = new Float64Array(n * 2);
  applicableOf = new Uint8Array(n * 2);
}

/**
 * Every stage of `regime` for one incident at `now`: due instant (UTC), local rendering, state and
 * lateness. Throws `SAKIMORI_ERR_REPORTING_TIME_ZONE` when the regime counts in the entity's zone
 * and `facts.timeZone` is missing or unknown, `SAKIMORI_ERR_REPORTING_REGIME_INVALID` for a table
 * that breaks the model's rules.
 *
 * @example
 * ```ts
 * const [early, notification] = computeDeadlines(
 *   regime('eu-nis2'),
 *   { anchors: { awareness: Date.parse('2026-03-27T10:00:00+01:00') }, timeZone: 'Europe/Berlin' },
 *   Date.now(),
 * );
 * notification.dueLocal; // '2026-03-30T11:00:00+02:00' — 72 elapsed hours across the DST change
 * ```
 */
export function computeDeadlines(regime: Regime, facts: IncidentFacts, now: number, options?: DeadlineOptions): StageDeadline[] {
  const compiled = compileRegime(regime);
  const ev = new Evaluation(compiled, facts, zoneFor(compiled, facts), options);
  const dueSoon = options?.dueSoon ?? DEFAULT_DUE_SOON;
  ensureScratch(compiled.stages.length);
  const out: StageDeadline[] = [];
  for (const stage of compiled.stages) {
    const { rule, index } = stage;
    const items = rule.items ?? [];
    if (!ev.holds(rule.appliesWhen)) {
      applicableOf[index] = 0;
      dueOf[index] = Number.NaN;
      provisionalOf[index] = Number.NaN;
      out.push({
        stage: rule.stage,
        title: rule.title,
        legalRef: rule.legalRef,
        state: 'not-applicable',
        basis: null,
        startedAt: null,
        dueAt: null,
        dueLocal: null,
        provisionalDueAt: null,
        submittedAt: null,
        lateBySeconds: null,
        items,
      });
      continue;
    }
    applicableOf[index] = 1;
    let timing = stage.timings[stage.timings.length - 1]!;
    for (const t of stage.timings) {
      if (ev.holds(t.when)) {
        timing = t;
        break;
      }
    }
    let dueAt = Number.NaN;
    let provisional = Number.NaN;
    let startedAt = Number.NaN;
    let basis: DeadlineBasis | null = null;
    let calendarEnd = false;
    const set = facts.dueSetByAuthority?.[rule.stage];
    if (set !== undefined) {
      dueAt = set;
      basis = 'set-by-authority';
    } else {
      const mainAt = ev.anchorAt(timing.clock);
      const mainStarted = ev.started(timing.clock, mainAt);
      // The earliest end among the main clock and every "at the latest" clock that has really started.
      let best = Number.isNaN(mainAt) ? Number.NaN : ev.end(timing.clock, mainAt, rule.stage);
      let unit = timing.clock.period.unit;
      let from = mainAt;
      for (const cap of timing.atLatest) {
        const at = ev.anchorAt(cap);
        if (!ev.started(cap, at)) continue;
        const end = ev.end(cap, at, rule.stage);
        if (Number.isNaN(best) || end < best) {
          best = end;
          unit = cap.period.unit;
          from = at;
        }
      }
      if (!Number.isNaN(best) && unit !== 'without-delay') {
        const shift = stage.shift;
        const exempt = shift.kind === 'noon-of-next-working-day' && shift.unless !== undefined && shift.unless.length > 0 && ev.holds(shift.unless);
        best = shiftOffNonWorkingDay(shift, unit, best, exempt, ev.ctx);
      }
      if (mainStarted) {
        dueAt = best;
        startedAt = from;
        basis = unit === 'without-delay' ? 'expectation' : 'statutory';
        calendarEnd = unit === 'days' || unit === 'months';
      } else {
        provisional = best;
      }
    }
    dueOf[index] = dueAt;
    provisionalOf[index] = provisional;

    const submittedAt = facts.submissions?.[rule.stage];
    const known = !Number.isNaN(dueAt);
    let state: DeadlineState;
    let late: number | null = null;
    if (submittedAt !== undefined) {
      // Submitted before its clock started: nothing to be late against.
      state = known && submittedAt > dueAt ? 'submitted-late' : 'submitted-on-time';
      if (state === 'submitted-late') late = lateBySeconds(dueAt, submittedAt);
    } else if (!known) {
      state = 'pending';
    } else if (now > dueAt) {
      state = 'overdue';
      late = lateBySeconds(dueAt, now);
    } else {
      const whole = Number.isNaN(startedAt) ? Number.POSITIVE_INFINITY : (dueAt - startedAt) * dueSoon.fraction;
      state = dueAt - now <= Math.min(dueSoon.maxMs, whole) ? 'due-soon' : 'open';
    }
    out.push({
      stage: rule.stage,
      title: rule.title,
      legalRef: rule.legalRef,
      state,
      basis,
      startedAt: Number.isNaN(startedAt) ? null : startedAt,
      dueAt: known ? dueAt : null,
      dueLocal: known ? ev.zone.iso(dueAt, calendarEnd) : null,
      provisionalDueAt: Number.isNaN(provisional) ? null : provisional,
      submittedAt: submittedAt ?? null,
      lateBySeconds: late,
      items,
    });
  }
  return out;
}
