/**
 * The subjects incident reporting publishes: `incident.deadline`, a deadline of a report or of a
 * correction order coming due (`due-soon`) or passed (`overdue`) — at most once per deadline and
 * kind, so webhooks and exec hooks can page someone without repeating themselves.
 */
import Type, { type Static } from 'typebox';

/** A deadline alert as carried on the bus. */
export const IncidentDeadlineEventSchema = Type.Object({
  kind: Type.Enum(['due-soon', 'overdue']),
  incidentId: Type.String({ minLength: 1 }),
  organizationId: Type.String({ minLength: 1 }),
  sector: Type.String({ minLength: 1 }),
  regime: Type.String({ minLength: 1 }),
  /** The stage (`written-report`) or `order:<request id>` for a correction order. */
  ref: Type.String({ minLength: 1 }),
  dueAt: Type.Number(),
  /** Seconds past due when overdue; 0 when due soon. */
  overdueBySeconds: Type.Integer({ minimum: 0 }),
});

/** A deadline alert. */
export type IncidentDeadlineEvent = Static<typeof IncidentDeadlineEventSchema>;

/** Subjects incident reporting publishes. */
export const INCIDENT_SUBJECTS = {
  'incident.deadline': { schema: IncidentDeadlineEventSchema, description: 'a report or correction-order deadline is due soon or overdue (once per deadline and kind)' },
} as const;
