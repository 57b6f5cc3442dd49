/**
 * Events operations publishes on the bus. Payloads carry ids, states and counts — never target
 * addresses — so any subscriber (the console, notifications to the commission) may receive them.
 */
import type { Mechanism } from './catalogue/mechanism.js';
import type { EndReason, ExecutionState, TargetCounts } from './execution/execution.js';
import type { ApprovalPath, GateKind } from './requests/request.js';

/** Subjects, one per event. */
export const OPERATIONS_SUBJECTS = {
  caseOpened: 'operations.case.opened',
  caseTransitioned: 'operations.case.transitioned',
  requestCreated: 'operations.request.created',
  requestAmended: 'operations.request.amended',
  requestVoted: 'operations.request.voted',
  requestApproved: 'operations.request.approved',
  requestRejected: 'operations.request.rejected',
  requestCancelled: 'operations.request.cancelled',
  gateRecorded: 'operations.request.gate_recorded',
  /** The commission is told of an emergency action the moment it is taken. */
  emergencyStarted: 'operations.emergency.started',
  emergencyReviewed: 'operations.emergency.reviewed',
  /** The review deadline passed without a review: escalation. */
  emergencyReviewOverdue: 'operations.emergency.review_overdue',
  executionStarted: 'operations.execution.started',
  executionEnded: 'operations.execution.ended',
} as const;

/** A case was opened. */
export interface CaseOpenedEvent {
  readonly caseId: string;
  readonly serious: boolean;
}

/** A case changed state. */
export interface CaseTransitionedEvent {
  readonly caseId: string;
  readonly from: string;
  readonly to: string;
}

/** A request was made, amended, voted on, decided or cancelled. */
export interface RequestEvent {
  readonly requestId: string;
  readonly caseId: string;
  readonly mechanism: Mechanism;
  readonly path: ApprovalPath;
  readonly digest: string;
  readonly state: string;
  readonly approvals?: number;
  readonly rejections?: number;
  readonly quorum?: number;
  readonly openGates?: readonly GateKind[];
  readonly reasons?: readonly string[];
}

/** An emergency action was taken, reviewed, or its review is overdue. */
export interface EmergencyEvent {
  readonly requestId: string;
  readonly caseId: string;
  readonly mechanism: Mechanism;
  readonly attackIds: readonly string[];
  readonly expiresAt: number | null;
  readonly reviewDueAt: number;
  readonly outcome?: 'upheld' | 'withdrawal_ordered';
  readonly overdueSeconds?: number;
}

/** An execution started (or failed to) or ended. */
export interface ExecutionEvent {
  readonly requestId: string;
  readonly executionId: string;
  readonly mechanism: Mechanism;
  readonly state: ExecutionState;
  readonly expiresAt: number | null;
  readonly targets: TargetCounts;
  readonly reason?: EndReason;
}
