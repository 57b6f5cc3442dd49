/**
 * RTBH executor: announces the attacked host's /32 or /128 with BLACKHOLE (65535:666, RFC 7999)
 * and NO_EXPORT through the built-in BGP speaker, and withdraws it on expiry or withdrawal.
 */
import { rtbhRoute } from '../../../bgp/route.js';
import type { ActionOf } from '../../catalogue/action.js';
import type { TargetUpdate } from '../../execution/execution.js';
import type { ExecutionContext, Executor, ExecutorRule, TargetUpdateListener } from '../../execution/executor.js';
import { BgpRules, keyed, type KeyedRoute, type RouteSpeaker } from '../bgp/bgp-rules.js';

/** Settings of the RTBH executor. */
export interface RtbhExecutorOptions {
  /** Peers (by name) that receive RTBH routes; default every peer of the family. */
  readonly peers?: readonly string[] | undefined;
}

function routes(a: ActionOf<'rtbh'>): KeyedRoute[] {
  return [keyed(rtbhRoute(a.victim))];
}

/** Creates the RTBH executor over a BGP speaker. */
export function createRtbhExecutor(speaker: RouteSpeaker, options: RtbhExecutorOptions = {}): Executor<'rtbh'> {
  const rules = new BgpRules(speaker, options.peers);
  return {
    mechanism: 'rtbh',
    rules(a): ExecutorRule[] {
      return routes(a).map((r) => ({ key: r.key, label: `blackhole ${a.victim}` }));
    },
    async apply(ctx: ExecutionContext<'rtbh'>): Promise<TargetUpdate[]> {
      return rules.announce(ctx.executionId, routes(ctx.action));
    },
    async remove(ctx: ExecutionContext<'rtbh'>): Promise<TargetUpdate[]> {
      return rules.withdraw(ctx.executionId, routes(ctx.action));
    },
    onUpdate(listener: TargetUpdateListener) {
      return rules.onUpdate(listener);
    },
  };
}
