/**
 * Block-list executor: keeps a plain list and an nftables set file equal to the union of the
 * live block-list actions, both regenerated atomically on every change.
 */
import type { Clock } from '../../../core/clock.js';
import type { TargetUpdate } from '../../execution/execution.js';
import type { ExecutionContext, Executor, ExecutorRule } from '../../execution/executor.js';
import { CoalescedWriter, FILE_PEER, writeFileAtomic } from '../files/atomic-file.js';
import { mergeBlocklist, renderNftables, renderPlainList, type NftOptions } from './blocklist-files.js';

/** Settings of the block-list executor (paths resolved by the caller). */
export interface BlocklistExecutorOptions {
  readonly plainFile: string;
  readonly nftFile: string;
  readonly nft: NftOptions;
}

/** Creates the block-list executor. */
export function createBlocklistExecutor(options: BlocklistExecutorOptions, deps: { clock: Clock }): Executor<'blocklist'> {
  const live = new Map<string, readonly string[]>();
  const writer = new CoalescedWriter(async () => {
    const at = new Date(deps.clock.now()).toISOString();
    const entries = mergeBlocklist(live.values());
    await writeFileAtomic(options.plainFile, renderPlainList(entries, at));
    await writeFileAtomic(options.nftFile, renderNftables(entries, options.nft, at));
  });
  const updates = (ctx: ExecutionContext<'blocklist'>, state: 'active' | 'withdrawn'): TargetUpdate[] =>
    ctx.action.prefixes.map((p) => ({ executionId: ctx.executionId, ruleKey: `blocklist ${p}`, peer: FILE_PEER, state }));
  return {
    mechanism: 'blocklist',
    rules(a): ExecutorRule[] {
      return a.prefixes.map((p) => ({ key: `blocklist ${p}`, label: `block ${p}` }));
    },
    async apply(ctx) {
      live.set(ctx.executionId, ctx.action.prefixes);
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
