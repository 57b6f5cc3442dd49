/**
 * Access-and-neutralisation "executor": it executes nothing. The platform records the
 * authorisation (officer designation, target, foreign-location flag) as in force for its
 * duration, and the designated officer — who acts outside the platform — files the outcome
 * report through the service. Security invariant: the platform contains no intrusion or
 * exploitation code, ever; this file must stay a record keeper.
 */
import type { TargetUpdate } from '../../execution/execution.js';
import type { ExecutionContext, Executor, ExecutorRule } from '../../execution/executor.js';

/** Peer name of recorded authorisations. */
export const RECORD_PEER = 'record';

/** Creates the record-only executor. */
export function createAccessNeutralisationExecutor(): Executor<'access_neutralisation'> {
  const update = (ctx: ExecutionContext<'access_neutralisation'>, state: 'active' | 'withdrawn'): TargetUpdate[] => [
    { executionId: ctx.executionId, ruleKey: 'authorisation', peer: RECORD_PEER, state },
  ];
  return {
    mechanism: 'access_neutralisation',
    rules(a): ExecutorRule[] {
      return [{ key: 'authorisation', label: `authorisation of officer ${a.officer}${a.foreignLocation ? ' (target abroad)' : ''}` }];
    },
    async apply(ctx) {
      return update(ctx, 'active');
    },
    async remove(ctx) {
      return update(ctx, 'withdrawn');
    },
  };
}
