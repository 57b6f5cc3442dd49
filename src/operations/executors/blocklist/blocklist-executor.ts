/**
 * Block-list executor: keeps a plain list and an nftables set file equal to the union of the
 * live block-list actions, both regenerated atomically on every change.
 */
import type { Clock } from '../../../core/clock.js';
import type { Executor } from '../../execution/executor.js';
import { writeFileAtomic } from '../files/atomic-file.js';
import { createFileExecutor } from '../files/file-executor.js';
import { mergeBlocklist, renderNftables, renderPlainList, type NftOptions } from './blocklist-files.js';

/** Settings of the block-list executor (paths resolved by the caller). */
export interface BlocklistExecutorOptions {
  readonly plainFile: string;
  readonly nftFile: string;
  readonly nft: NftOptions;
}

/** Creates the block-list executor. */
export function createBlocklistExecutor(options: BlocklistExecutorOptions, deps: { clock: Clock }): Executor<'blocklist'> {
  return createFileExecutor(
    {
      mechanism: 'blocklist',
      rules: (a) => a.prefixes.map((p) => ({ key: `blocklist ${p}`, label: `block ${p}` })),
      async write(live, now) {
        const at = new Date(now).toISOString();
        const entries = mergeBlocklist(Array.from(live, (a) => a.prefixes));
        await writeFileAtomic(options.plainFile, renderPlainList(entries, at));
        await writeFileAtomic(options.nftFile, renderNftables(entries, options.nft, at));
      },
    },
    deps,
  );
}
