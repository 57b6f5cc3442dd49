/**
 * Incident-report deadlines under several legal regimes, as data: one model (`regime.ts`), one
 * table per regime (`tables/`), one engine (`computeDeadlines`). Pure: no I/O, the clock is an
 * argument.
 */
export { checkRegime } from './check-regime.js';
export type { DeadlineBasis, DeadlineOptions, DeadlineState, IncidentFacts, StageDeadline } from './deadlines.js';
export { computeDeadlines, DEFAULT_DUE_SOON } from './deadlines.js';
export * as errors from './errors.js';
export { formatLateness, lateBySeconds } from './lateness.js';
export type { Anchor, Clock, Condition, FixedPeriod, NamedAnchor, NonWorkingDayShift, Period, PeriodRule, Regime, StageRule, Variant, WithoutDelay } from './regime.js';
export { defineRegime, NAMED_ANCHORS } from './regime.js';
export type { RegimeId } from './regimes.js';
export { isRegimeId, REGIMES, regime } from './regimes.js';
export { periodEnd } from './time-limits.js';
export type { WorkingCalendar } from './working-calendar.js';
export { workingCalendar } from './working-calendar.js';
export { localIso, ZoneClock } from './zone-clock.js';
