/**
 * DNS RPZ executor: keeps the response policy zone file equal to the union of the live RPZ
 * actions, regenerated atomically on every change. A resolver (BIND `response-policy`, Unbound
 * `rpz:`, PowerDNS Recursor `rpzFile`) loads the file.
 */
import type { Clock } from '../../../core/clock.js';
import type { Executor } from '../../execution/executor.js';
import { writeFileAtomic } from '../files/atomic-file.js';
import { createFileExecutor } from '../files/file-executor.js';
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
  let serial = 0;
  return createFileExecutor(
    {
      mechanism: 'dns_rpz',
      rules: (a) => a.domains.map((d) => ({ key: `rpz ${d}`, label: `${a.policy} ${d}${a.includeSubdomains ? ' and subdomains' : ''}` })),
      async write(live, now) {
        // Serials must grow (RFC 1982 arithmetic; secondaries refuse older zones): seconds since
        // the epoch grow across restarts, and +1 covers two writes in one second.
        serial = Math.max(serial + 1, Math.floor(now / 1000)) >>> 0;
        await writeFileAtomic(options.file, renderRpzZone(mergeRpzEntries(live), { ...options, serial }, new Date(now).toISOString()));
      },
    },
    deps,
  );
}
