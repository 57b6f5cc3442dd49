/**
 * The countermeasure figures of the transparency report: computed by operations from its tables and
 * read by oversight's report through operations' descriptor, so both sides share this one shape.
 */
import type { Counted } from './counted.js';

/** Prior-approval requests of a period, by mechanism. */
export interface CountermeasureFigures {
  readonly requests: Counted;
  readonly approvals: Counted;
  readonly rejections: Counted;
  readonly cancelled: Counted;
}

/** Emergency actions of a period and their reviews. */
export interface EmergencyFigures {
  readonly actions: Counted;
  readonly reviewedOnTime: number;
  readonly reviewedLate: number;
  readonly overdueUnreviewed: number;
  readonly pendingNotDue: number;
  readonly upheld: number;
  readonly withdrawalOrdered: number;
}
