/**
 * An incident's deadlines at an instant: every stage from the regime's engine, and the summary the
 * incident row keeps for the overdue list — the earliest due instant among the stages still owed
 * and the correction orders not complied with, and whether it has passed.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { computeDeadlines, type DeadlineOptions, type IncidentFacts, type Regime, type StageDeadline, type WorkingCalendar } from '../regimes/index.js';
import type { Incident } from './incident.js';
import { displayZone, profileOf } from './regime-profile.js';

/** What evaluation needs besides the incident: public holidays and tuning that is not law. */
export interface DeadlineDeps {
  /** Public holidays where the report is made (`zone` is the one the regime counts in); none by default. */
  readonly calendarOf?: (regime: Regime, zone: string) => WorkingCalendar | undefined;
  readonly deadlineOptions?: DeadlineOptions;
}

/** The stages of an incident and the summary stored with it. */
export interface DeadlineSummary {
  readonly stages: readonly StageDeadline[];
  readonly nextDueAt: number | null;
  /** A stage name, or `correction-order`. */
  readonly nextDueRef: string | null;
  readonly overdue: boolean;
}

/** The fields of an incident evaluation reads. */
export type EvaluatedIncident = Pick<Incident, 'regime' | 'state' | 'facts' | 'timeZone' | 'orderDueAt'>;

/** The engine's facts for an incident. */
export function engineFacts(incident: EvaluatedIncident, deps: DeadlineDeps): IncidentFacts {
  const profile = profileOf(incident.regime);
  const f = incident.facts;
  const calendar = deps.calendarOf?.(profile.regime, displayZone(profile, incident.timeZone));
  return {
    anchors: f.anchors,
    conditions: f.conditions,
    submissions: f.submissions,
    lastSubmissions: f.lastSubmissions,
    dueSetByAuthority: f.dueSetByAuthority,
    ...(incident.timeZone === null ? {} : { timeZone: incident.timeZone }),
    ...(calendar === undefined ? {} : { calendar }),
  };
}

/**
 * Evaluates `incident` at `now`. A closed incident has nothing due; otherwise the earliest of the
 * stages that are `open`, `due-soon` or `overdue`, and of the open correction orders, is next.
 */
export function evaluateIncident(incident: EvaluatedIncident, now: number, deps: DeadlineDeps): DeadlineSummary {
  const profile = profileOf(incident.regime);
  const stages = computeDeadlines(profile.regime, engineFacts(incident, deps), now, deps.deadlineOptions);
  if (incident.state === 'closed') return { stages, nextDueAt: null, nextDueRef: null, overdue: false };
  let nextDueAt: number | null = null;
  let nextDueRef: string | null = null;
  for (const s of stages) {
    if ((s.state === 'open' || s.state === 'due-soon' || s.state === 'overdue') && s.dueAt !== null && (nextDueAt === null || s.dueAt < nextDueAt)) {
      nextDueAt = s.dueAt;
      nextDueRef = s.stage;
    }
  }
  if (incident.orderDueAt !== null && (nextDueAt === null || incident.orderDueAt < nextDueAt)) {
    nextDueAt = incident.orderDueAt;
    nextDueRef = 'correction-order';
  }
  return { stages, nextDueAt, nextDueRef, overdue: nextDueAt !== null && now > nextDueAt };
}
