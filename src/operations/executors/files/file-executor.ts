/**
 * The shape every file-backed executor shares (block list, DNS RPZ): the live actions by
 * execution, a {@link CoalescedWriter} that regenerates the files from them, and `apply`,
 * `remove` and `sync` around it. An executor only says how an action becomes rules and how the
 * live actions become files.
 */
import type { Clock } from '../../../core/clock.js';
import type { ActionOf } from '../../catalogue/action.js';
import type { Mechanism } from '../../catalogue/mechanism.js';
import type { TargetUpdate } from '../../execution/execution.js';
import type { ExecutionContext, Executor, ExecutorRule } from '../../execution/executor.js';
import { CoalescedWriter } from './atomic-file.js';

/** Peer name of rules that live in a generated file. */
export const FILE_PEER = 'file';

/** What a file-backed executor adds to the shared shape. */
export interface FileExecutorSpec<M extends Mechanism> {
  readonly mechanism: M;
  /** The rules of an action (see {@link Executor.rules}); each is one entry of the files. */
  rules(action: ActionOf<M>): ExecutorRule[];
  /**
   * Writes the files for every live action at `now`, atomically (see `writeFileAtomic`). Never
   * called twice at a time; requests made while one runs are coalesced into the next.
   */
  write(live: Iterable<ActionOf<M>>, now: number): Promise<void>;
}

/**
 * Creates a file-backed executor. `apply` puts the action in the files and reports each rule
 * `active` with the {@link FILE_PEER}; when the write fails the action is taken out again (the
 * files never promise what was not applied) and the error goes to the engine, which retries.
 * `remove` reports each rule `withdrawn` once the files no longer hold it; `sync` rewrites the
 * files from what the engine re-applied at start.
 */
export function createFileExecutor<M extends Mechanism>(spec: FileExecutorSpec<M>, deps: { clock: Clock }): Executor<M> {
  const live = new Map<string, ActionOf<M>>();
  const writer = new CoalescedWriter(() => spec.write(live.values(), deps.clock.now()));
  const updates = (ctx: ExecutionContext<M>, state: 'active' | 'withdrawn'): TargetUpdate[] =>
    spec.rules(ctx.action).map((r) => ({ executionId: ctx.executionId, ruleKey: r.key, peer: FILE_PEER, state }));
  return {
    mechanism: spec.mechanism,
    rules: (action) => spec.rules(action),
    async apply(ctx) {
      live.set(ctx.executionId, ctx.action);
      try {
        await writer.request();
      } catch (e) {
        live.delete(ctx.executionId);
        throw e;
      }
      return updates(ctx, 'active');
    },
    async remove(ctx) {
      live.delete(ctx.executionId);
      await writer.request();
      return updates(ctx, 'withdrawn');
    },
    async sync() {
      await writer.request();
    },
  };
}
