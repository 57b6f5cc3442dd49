/**
 * The schemas of the events operations publishes (see `events.ts`), one bus subject each.
 * `platform/subjects.test.ts` proves the schemas' types equal the event interfaces.
 */
import Type from 'typebox';
import type { Bus, Payload, SubjectSpec } from '../bus/bus.js';
import { MECHANISMS } from './catalogue/mechanism.js';
import { OPERATIONS_SUBJECTS } from './events.js';

const Mechanism = Type.Enum(MECHANISMS);

/** {@link CaseOpenedEvent}. */
export const CaseOpenedSchema = Type.Object({ caseId: Type.String(), serious: Type.Boolean() });

/** {@link CaseTransitionedEvent}. */
export const CaseTransitionedSchema = Type.Object({ caseId: Type.String(), from: Type.String(), to: Type.String() });

/** {@link RequestEvent}. */
export const RequestEventSchema = Type.Object({
  requestId: Type.String(),
  caseId: Type.String(),
  mechanism: Mechanism,
  path: Type.Enum(['prior', 'emergency']),
  digest: Type.String(),
  state: Type.String(),
  approvals: Type.Optional(Type.Integer()),
  rejections: Type.Optional(Type.Integer()),
  quorum: Type.Optional(Type.Integer()),
  openGates: Type.Optional(Type.Immutable(Type.Array(Type.Enum(['foreign_ministry_consultation', 'prime_minister_order', 'national_security_council_review'])))),
  reasons: Type.Optional(Type.Immutable(Type.Array(Type.String()))),
});

/** {@link EmergencyEvent}. */
export const EmergencyEventSchema = Type.Object({
  requestId: Type.String(),
  caseId: Type.String(),
  mechanism: Mechanism,
  attackIds: Type.Immutable(Type.Array(Type.String())),
  expiresAt: Type.Union([Type.Number(), Type.Null()]),
  reviewDueAt: Type.Number(),
  outcome: Type.Optional(Type.Enum(['upheld', 'withdrawal_ordered'])),
  overdueSeconds: Type.Optional(Type.Number()),
});

/** {@link ExecutionEvent}. */
export const ExecutionEventSchema = Type.Object({
  requestId: Type.String(),
  executionId: Type.String(),
  mechanism: Mechanism,
  state: Type.Enum(['pending', 'active', 'completed', 'expired', 'withdrawn', 'failed']),
  expiresAt: Type.Union([Type.Number(), Type.Null()]),
  targets: Type.Object({ pending: Type.Integer(), active: Type.Integer(), withdrawn: Type.Integer(), failed: Type.Integer() }),
  reason: Type.Optional(Type.Enum(['expired', 'withdrawn', 'withdrawal_ordered', 'completed', 'failed'])),
});

const S = OPERATIONS_SUBJECTS;

/** Subjects operations publishes. */
export const OPERATIONS_BUS_SUBJECTS = {
  [S.caseOpened]: { schema: CaseOpenedSchema, description: 'a case was opened' },
  [S.caseTransitioned]: { schema: CaseTransitionedSchema, description: 'a case changed state' },
  [S.requestCreated]: { schema: RequestEventSchema, description: 'a countermeasure request was made' },
  [S.requestAmended]: { schema: RequestEventSchema, description: 'a request was amended (earlier votes void)' },
  [S.requestVoted]: { schema: RequestEventSchema, description: 'a commission member voted' },
  [S.requestApproved]: { schema: RequestEventSchema, description: 'a request reached its quorum' },
  [S.requestRejected]: { schema: RequestEventSchema, description: 'a request was rejected' },
  [S.requestCancelled]: { schema: RequestEventSchema, description: 'a request was cancelled' },
  [S.gateRecorded]: { schema: RequestEventSchema, description: 'a gate of a request was recorded' },
  [S.emergencyStarted]: { schema: EmergencyEventSchema, description: 'an emergency action was taken' },
  [S.emergencyReviewed]: { schema: EmergencyEventSchema, description: 'an emergency action was reviewed' },
  [S.emergencyReviewOverdue]: { schema: EmergencyEventSchema, description: 'the review of an emergency action is overdue' },
  [S.executionStarted]: { schema: ExecutionEventSchema, description: 'an execution started (or failed to)' },
  [S.executionEnded]: { schema: ExecutionEventSchema, description: 'an execution ended' },
} as const satisfies Record<string, SubjectSpec>;

/** Operations' subjects. */
export type OperationsSubjects = typeof OPERATIONS_BUS_SUBJECTS;

/** An operations subject. */
export type OperationsSubject = keyof OperationsSubjects;

/** The payload of an operations subject. */
export type OperationsPayload<S extends OperationsSubject> = Payload<OperationsSubjects, S>;

/** What operations needs of the bus: publishing its own subjects. */
export type OperationsBus = Pick<Bus<OperationsSubjects>, 'publish'>;
