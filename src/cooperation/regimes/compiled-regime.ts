/**
 * A regime table turned into the form the engine walks on every evaluation: anchors resolved to
 * stage indexes, variants before the default clock, non-working days as numbers. Compiled once per
 * table (cached by identity) after {@link checkRegime} has passed.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { anchorStage, checkRegime } from './check-regime.js';
import { ERR_REPORTING_REGIME_INVALID } from './errors.js';
import type { Clock, Condition, NamedAnchor, NonWorkingDayShift, Period, Regime, StageRule } from './regime.js';
import { compileNonWorkingDays, type NonWorkingDays } from './working-calendar.js';
import { ZoneClock } from './zone-clock.js';

/** Where a compiled clock starts: a named event, an earlier stage's (first or latest) submission. */
export type AnchorKind = 'named' | 'submitted' | 'last-submitted';

/** A clock with its anchor parsed: what kind of event, which stage. */
export interface CompiledClock {
  readonly kind: AnchorKind;
  /** The event name (`named`) or the stage name. */
  readonly name: string;
  /** Index of the stage in the table, -1 for a named event. */
  readonly stageIndex: number;
  readonly period: Period;
  readonly firstDayIncluded: boolean;
}

/** A clock set: the main clock and its "at the latest" caps, with the conditions selecting it. */
export interface CompiledTiming {
  readonly when: readonly Condition[];
  readonly clock: CompiledClock;
  readonly atLatest: readonly CompiledClock[];
}

/** One row of the table, ready to evaluate. */
export interface CompiledStage {
  readonly rule: StageRule;
  readonly index: number;
  /** Variants in table order, then the row's own clock (with no conditions). */
  readonly timings: readonly CompiledTiming[];
  readonly shift: NonWorkingDayShift;
}

/** A whole table, ready to evaluate. */
export interface CompiledRegime {
  readonly regime: Regime;
  readonly stages: readonly CompiledStage[];
  readonly fixed: NonWorkingDays;
  /** The zone clock when the regime's zone is fixed. */
  readonly zone: ZoneClock | undefined;
}

const compiled = new WeakMap<Regime, CompiledRegime>();

function compileClock(c: Clock, stageIndex: ReadonlyMap<string, number>): CompiledClock {
  const stage = anchorStage(c.anchor);
  const firstDayIncluded = c.firstDay === 'included';
  if (stage === undefined) return { kind: 'named', name: c.anchor as NamedAnchor, stageIndex: -1, period: c.period, firstDayIncluded };
  const kind = c.anchor.startsWith('last-') ? 'last-submitted' : 'submitted';
  return { kind, name: stage, stageIndex: stageIndex.get(stage) ?? -1, period: c.period, firstDayIncluded };
}

/**
 * The compiled form of `regime`; throws `SAKIMORI_ERR_REPORTING_REGIME_INVALID` listing every
 * problem when the table breaks the model's rules.
 */
export function compileRegime(regime: Regime): CompiledRegime {
  const cached = compiled.get(regime);
  if (cached !== undefined) return cached;
  const problems = checkRegime(regime);
  if (problems.length > 0) throw new ERR_REPORTING_REGIME_INVALID(regime.id, problems.join('; '), { details: { problems } });
  const stageIndex = new Map(regime.stages.map((s, i) => [s.stage, i]));
  const stages = regime.stages.map((rule, index): CompiledStage => {
    const timings: CompiledTiming[] = (rule.variants ?? []).map((v) => ({
      when: v.when,
      clock: compileClock(v.clock, stageIndex),
      atLatest: (v.atLatest ?? []).map((c) => compileClock(c, stageIndex)),
    }));
    timings.push({ when: [], clock: compileClock(rule.clock, stageIndex), atLatest: (rule.atLatest ?? []).map((c) => compileClock(c, stageIndex)) });
    return { rule, index, timings, shift: rule.shift ?? regime.shift };
  });
  const zone = regime.timeZone.kind === 'fixed' ? ZoneClock.of(regime.timeZone.zone) : undefined;
  const result: CompiledRegime = { regime, stages, fixed: compileNonWorkingDays(regime.nonWorkingDays), zone };
  compiled.set(regime, result);
  return result;
}
