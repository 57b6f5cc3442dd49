/**
 * The model of an incident-reporting regime as data: a regime is a table of stages (early warning,
 * notification, final report…), each with the clock that makes it due and the legal reference a
 * reviewer reads it against. A new regime is a new table built with {@link defineRegime}; the
 * engine (`deadlines.ts`) knows no regime by name.
 *
 * Pure: no I/O, no `node:` imports.
 */

/**
 * Named events a clock can start from. Callers record them per incident as UTC epoch ms.
 *
 * - `awareness`: the entity became aware of the incident (NIS2, DORA, CRA, APPI 知った時点, ACD Act 認知).
 * - `reasonable-belief`: CIRCIA's trigger, the entity reasonably believes a covered incident occurred.
 * - `classification`: DORA, the incident was classified as major.
 * - `payment`: CIRCIA, a ransom payment was made.
 * - `introduction` / `designation`: ACD Act asset notification, a specified important computer was
 *   introduced / the operator was designated.
 * - `corrective-measure`: CRA, a corrective or mitigating measure became available.
 * - `handled`: NIS2 Art. 23(4)(e), handling of an ongoing incident was concluded.
 * - `new-information`: CIRCIA, substantial new or different information became available.
 * - `intermediate-request`: NIS2 Art. 23(4)(c), the CSIRT or authority asked for an intermediate report.
 */
export const NAMED_ANCHORS = [
  'awareness',
  'reasonable-belief',
  'classification',
  'payment',
  'introduction',
  'designation',
  'corrective-measure',
  'handled',
  'new-information',
  'intermediate-request',
] as const;

/** One of {@link NAMED_ANCHORS}. */
export type NamedAnchor = (typeof NAMED_ANCHORS)[number];

/**
 * Where a clock starts: a named event, the submission of an earlier stage of the same regime
 * (`submitted:notification`), or the latest updated submission of one (`last-submitted:intermediate`,
 * DORA's "latest updated intermediate report").
 */
export type Anchor = NamedAnchor | `submitted:${string}` | `last-submitted:${string}`;

/** A period of fixed length: hours are elapsed time, days and months are calendar periods. */
export interface FixedPeriod {
  readonly unit: 'hours' | 'days' | 'months';
  readonly amount: number;
}

/**
 * "Without undue delay" / "promptly" / 速やかに: the law sets no period. `expectationHours` is the
 * product's (documented, configurable) expectation, after which the stage shows as overdue with
 * basis `expectation`, never as a statutory breach.
 */
export interface WithoutDelay {
  readonly unit: 'without-delay';
  readonly expectationHours: number;
}

/** How long after its anchor a stage is due. */
export type Period = FixedPeriod | WithoutDelay;

/** A clock: an anchor and a period. */
export interface Clock {
  readonly anchor: Anchor;
  readonly period: Period;
  /**
   * `included`: the anchor's own day is day 1 (APPI guideline 3-5-3-4, "知った日を1日目とする"),
   * instead of the regime's rule. Only for `jp-civil-code` regimes.
   */
  readonly firstDay?: 'included';
}

/**
 * A condition on the incident. A `fact` is a flag the caller sets (`malicious`, `ongoing-at-final`);
 * an unset flag is false. A timing condition holds when both anchors are known and `event` falls no
 * later than the end of `within` counted from `of` (with the regime's period rule); with `is: false`
 * it holds when both are known and `event` falls later. Unknown anchors make either form false.
 */
export type Condition = { readonly fact: string; readonly is?: boolean } | { readonly event: NamedAnchor; readonly of: NamedAnchor; readonly within: FixedPeriod; readonly is?: boolean };

/**
 * What happens when a time limit falls on a non-working day.
 *
 * - `end-of-next-working-day`: Regulation (EEC, Euratom) No 1182/71 Art. 3(4) and Japan's
 *   行政機関の休日に関する法律 Art. 2 — only for periods in days or months, never hours.
 * - `noon-of-next-working-day`: DORA RTS (Delegated Regulation (EU) 2025/301) Art. 5(4) — for every
 *   unit; not applied while every condition of `unless` holds (Art. 5(5)–(6)).
 */
export type NonWorkingDayShift =
  | { readonly kind: 'none' }
  | { readonly kind: 'end-of-next-working-day'; readonly legalRef: string }
  | { readonly kind: 'noon-of-next-working-day'; readonly legalRef: string; readonly unless?: readonly Condition[] };

/** A replacement clock that applies when every condition holds (APPI malicious: 60 days). The first matching variant wins. */
export interface Variant {
  readonly when: readonly Condition[];
  readonly clock: Clock;
  readonly atLatest?: readonly Clock[];
  readonly legalRef: string;
}

/** One row of a regime's table: a report the entity owes, and when. */
export interface StageRule {
  /** Unique within the regime, kebab-case; `submitted:<stage>` anchors refer to it. */
  readonly stage: string;
  readonly title: string;
  /** The stage exists only when every condition holds (CRA: vulnerability or severe incident). */
  readonly appliesWhen?: readonly Condition[];
  /** The clock whose anchor makes the stage due; until it has started the stage is `pending`. */
  readonly clock: Clock;
  /**
   * "…and at the latest": further clocks whose earliest end caps the due time once the main clock
   * has started (DORA: 4 h from classification, at the latest 24 h from awareness).
   */
  readonly atLatest?: readonly Clock[];
  readonly variants?: readonly Variant[];
  /** Overrides the regime's rule for time limits that fall on non-working days. */
  readonly shift?: NonWorkingDayShift;
  /** Article, paragraph, point — what a reviewer reads the row against. */
  readonly legalRef: string;
  /** Content the report must carry (the ACD Act's 7 items). */
  readonly items?: readonly string[];
  /** A judgement call or an unverified source, said plainly. */
  readonly note?: string;
}

/** The rule for periods in days and months (hours are always elapsed time). */
export type PeriodRule = 'eu-1182/71' | 'jp-civil-code' | 'hours-only';

/** A reporting regime: one jurisdiction's table of stages. */
export interface Regime {
  readonly id: string;
  readonly name: string;
  readonly jurisdiction: string;
  /** Local time for days, months and rendering: fixed, or the reporting entity's (passed in facts). */
  readonly timeZone: { readonly kind: 'fixed'; readonly zone: string } | { readonly kind: 'entity'; readonly fallback?: string };
  readonly periodRule: PeriodRule;
  readonly periodRuleRef: string;
  /** Days on which no time limit ends, beside the caller's public holidays. */
  readonly nonWorkingDays: {
    /** 0 = Sunday … 6 = Saturday. */
    readonly weekdays: readonly number[];
    /** `MM-DD` every year (Japan's administrative year-end closure, 12-29 to 01-03). */
    readonly annual: readonly string[];
    readonly legalRef: string;
  };
  readonly shift: NonWorkingDayShift;
  readonly stages: readonly StageRule[];
  /** When the obligations started to apply (ISO date), for display. */
  readonly appliesFrom?: string;
  readonly note?: string;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Declares a regime table, frozen so no caller can change the law at run time. */
export function defineRegime<const R extends Regime>(regime: R): R {
  return deepFreeze(regime);
}
