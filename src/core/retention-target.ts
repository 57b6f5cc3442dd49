/**
 * A table holding data of a retention class: what a part declares in its descriptor so that
 * retention (oversight) purges it without knowing the part.
 */

/** One table holding data of a class. */
export interface RetentionTarget {
  /** The data class (a key of `oversight.retention.days`). */
  readonly dataClass: string;
  readonly table: string;
  /** Epoch-ms column compared with the cutoff; rows where it is null are never purged. */
  readonly timeColumn: string;
  /** Columns that identify a row, hashed into the deletion receipt. */
  readonly idColumns: readonly string[];
  /**
   * Legal hold: rows whose first id column is cited (`case_evidence.ref`) with this evidence kind
   * by a case that is not closed are kept.
   */
  readonly holdEvidenceKind?: string;
  /** Tables whose rows go with these by ON DELETE CASCADE, for the receipt. */
  readonly cascades?: readonly string[];
}
