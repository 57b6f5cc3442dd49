/**
 * The one interface every executor implements (one folder per executor under `executors/`): it
 * turns an action into rules, puts an execution's rules in force, takes them out again, and
 * reports later state changes (a BGP session coming back). The engine owns deadlines, retries and
 * the stored state; executors own only their medium.
 */
import type { ActionOf } from '../catalogue/action.js';
import type { Mechanism } from '../catalogue/mechanism.js';
import type { TargetUpdate } from './execution.js';

/** One rule an action puts in force. */
export interface ExecutorRule {
  /** Stable key: equal rules from different requests share it (and are reference-counted). */
  readonly key: string;
  /** Short human description for the console. */
  readonly label: string;
}

/** What an executor is told about the execution it works on. */
export interface ExecutionContext<M extends Mechanism = Mechanism> {
  readonly executionId: string;
  readonly requestId: string;
  readonly caseId: string;
  readonly action: ActionOf<M>;
  readonly startedAt: number;
  readonly expiresAt: number | null;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** True on the last attempt the engine will make: report failures instead of throwing. */
  readonly finalAttempt: boolean;
}

/** Listener for state changes that happen after apply (e.g. a BGP session re-established). */
export type TargetUpdateListener = (updates: readonly TargetUpdate[]) => void;

/** An executor of one mechanism. */
export interface Executor<M extends Mechanism = Mechanism> {
  readonly mechanism: M;
  /** The rules of an action; pure and deterministic. */
  rules(action: ActionOf<M>): ExecutorRule[];
  /**
   * Puts the execution's rules in force and resolves each rule's state with each peer. Throws
   * for a failure worth retrying; returns `failed` updates for failures that are final.
   */
  apply(ctx: ExecutionContext<M>): Promise<TargetUpdate[]>;
  /** Takes the execution's rules out of force (rules other executions still hold stay). */
  remove(ctx: ExecutionContext<M>): Promise<TargetUpdate[]>;
  /** Subscribes to later state changes; returns the unsubscribe function. */
  onUpdate?(listener: TargetUpdateListener): () => void;
  /** Called once after the engine reconciled at start, with everything live applied. */
  sync?(): Promise<void>;
}

/** Any executor, as the engine holds them. */
export type AnyExecutor = { [M in Mechanism]: Executor<M> }[Mechanism];
