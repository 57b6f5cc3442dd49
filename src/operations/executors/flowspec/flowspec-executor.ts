/**
 * FlowSpec executor: discards or rate-limits the attack traffic itself through the built-in BGP
 * speaker, so the victim stays reachable; withdraws on expiry or withdrawal.
 */
import type { TargetUpdate } from '../../execution/execution.js';
import type { ExecutionContext, Executor, ExecutorRule, TargetUpdateListener } from '../../execution/executor.js';
import { BgpRules, type RouteSpeaker } from '../bgp/bgp-rules.js';
import { flowspecRoutes } from './flowspec-routes.js';

/** Settings of the FlowSpec executor. */
export interface FlowSpecExecutorOptions {
  /** Peers (by name) that receive FlowSpec routes; default every peer of the family. */
  readonly peers?: readonly string[] | undefined;
}

/** Creates the FlowSpec executor over a BGP speaker. */
export function createFlowSpecExecutor(speaker: RouteSpeaker, options: FlowSpecExecutorOptions = {}): Executor<'flowspec'> {
  const rules = new BgpRules(speaker, options.peers);
  return {
    mechanism: 'flowspec',
    rules(a): ExecutorRule[] {
      return flowspecRoutes(a).map((r) => ({ key: r.key, label: r.key.slice(r.key.indexOf(' ') + 1) }));
    },
    async apply(ctx: ExecutionContext<'flowspec'>): Promise<TargetUpdate[]> {
      return rules.announce(ctx.executionId, flowspecRoutes(ctx.action));
    },
    async remove(ctx: ExecutionContext<'flowspec'>): Promise<TargetUpdate[]> {
      return rules.withdraw(ctx.executionId, flowspecRoutes(ctx.action));
    },
    onUpdate(listener: TargetUpdateListener) {
      return rules.onUpdate(listener);
    },
  };
}
