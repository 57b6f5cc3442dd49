/**
 * DNS RPZ executor: keeps the response policy zone file equal to the union of the live RPZ
 * actions, regenerated atomically on every change. A resolver (BIND `response-policy`, Unbound
 * `rpz:`, PowerDNS Recursor `rpzFile`) loads the file.
 */
import type { Clock } from '../../../core/clock.js';
import type { RpzAction } from '../../catalogue/action.js';
import type { TargetUpdate } from '../../execution/execution.js';
import type { ExecutionContext, Executor, ExecutorRule } from '../../execution/executor.js';
import { CoalescedWriter, FILE_PEER, writeFileAtomic } from '../files/atomic-file.js';
import { mergeRpzEntries, renderRpzZone } from './rpz-zone.js';

/** Settings of the RPZ executor (paths resolved by the caller). */
export interface RpzExecutorOptions {
  readonly file: string;
  readonly zone: string;
  readonly ttl: number;
  readonly sinkholeIpv4: string;
  readonly sinkholeIpv6: string;
}

/** Creates the RPZ executor. */
export function createRpzExecutor(options: RpzExecutorOptions, deps: { clock: Clock }): Executor<'dns_rpz'> {
  const live = new Map<string, RpzAction>();
  let serial = 0;
  const writer = new CoalescedWriter(async () => {
    const now = deps.clock.now();
    // Serials must grow (RFC 1982 arithmetic; secondaries refuse older zones): seconds since the
    // epoch grow across restarts, and +1 covers two writes in one second.
    serial = Math.max(serial + 1, Math.floor(now / 1000)) >>> 0;
    const text = renderRpzZone(mergeRpzEntries(live.values()), { ...options, serial }, new Date(now).toISOString());
    await writeFileAtomic(options.file, text);
  });
  const updates = (ctx: ExecutionContext<'dns_rpz'>, state: 'active' | 'withdrawn'): TargetUpdate[] =>
    ctx.action.domains.map((d) => ({ executionId: ctx.executionId, ruleKey: `rpz ${d}`, peer: FILE_PEER, state }));
  return {
    mechanism: 'dns_rpz',
    rules(a): ExecutorRule[] {
      return a.domains.map((d) => ({ key: `rpz ${d}`, label: `${a.policy} ${d}${a.includeSubdomains ? ' and subdomains' : ''}` }));
    },
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
