/**
 * Executions: one per executed request, with a persisted deadline and the state of each of its
 * rules with each peer (a BGP neighbour, a rule file, the notice outbox).
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { Mechanism } from '../catalogue/mechanism.js';

/**
 * Where an execution stands: `pending` (deadline stored, rules being applied), `active` (in
 * force), `completed` (one-shot, done), `expired`, `withdrawn`, `failed` (nothing could be applied).
 */
export type ExecutionState = 'pending' | 'active' | 'completed' | 'expired' | 'withdrawn' | 'failed';

/** State of one rule with one peer. */
export type TargetState = 'pending' | 'active' | 'withdrawn' | 'failed';

/** Why an execution ended. */
export type EndReason = 'expired' | 'withdrawn' | 'withdrawal_ordered' | 'completed' | 'failed';

/** One execution. */
export interface Execution {
  readonly id: string;
  readonly requestId: string;
  readonly mechanism: Mechanism;
  readonly state: ExecutionState;
  readonly startedAt: number;
  /** Persisted deadline; null for one-shot mechanisms. */
  readonly expiresAt: number | null;
  readonly endedAt: number | null;
  readonly endReason: EndReason | null;
  readonly lastError: string | null;
  readonly updatedAt: number;
}

/** State of one rule of an execution with one peer. */
export interface ExecutionTarget {
  readonly executionId: string;
  /** The executor's key of the rule (a BGP route key, `rpz www.example.com`, …). */
  readonly ruleKey: string;
  /** BGP peer name, or the executor's sink (`file`, `outbox`, `record`). */
  readonly peer: string;
  readonly state: TargetState;
  readonly attempts: number;
  readonly error: string | null;
  readonly updatedAt: number;
}

/** A change of one rule's state with one peer, as executors report it. */
export interface TargetUpdate {
  readonly executionId: string;
  readonly ruleKey: string;
  readonly peer: string;
  readonly state: TargetState;
  readonly error?: string | undefined;
}

/** Counts of an execution's targets by state. */
export type TargetCounts = Record<TargetState, number>;

/** Counts targets by state. */
export function countTargets(targets: readonly { readonly state: TargetState }[]): TargetCounts {
  const c: TargetCounts = { pending: 0, active: 0, withdrawn: 0, failed: 0 };
  for (const t of targets) c[t.state]++;
  return c;
}

/**
 * The execution state that applying produced: `failed` when no rule reached any peer (every
 * update failed, or there was none), otherwise `active`.
 */
export function stateAfterApply(updates: readonly TargetUpdate[]): 'active' | 'failed' {
  return updates.length > 0 && updates.some((u) => u.state !== 'failed') ? 'active' : 'failed';
}
