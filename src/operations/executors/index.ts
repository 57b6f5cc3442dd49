/**
 * The built-in executors, wired from the `operations` configuration: RTBH and FlowSpec over the
 * BGP speaker (when there is one), the RPZ zone and block-list files under the data directory,
 * the abuse and ISP notices through the outbox (and SMTP when configured), and the record-only
 * access-and-neutralisation executor.
 */
import { isAbsolute, join } from 'node:path';
import type { Clock } from '../../core/clock.js';
import type { AttackLookup } from '../attacks.js';
import type { OperationsConfig } from '../config.js';
import type { AnyExecutor } from '../execution/executor.js';
import type { RegistryView } from '../services/context.js';
import { createAbuseNoticeExecutor } from './abuse-notice/abuse-notice-executor.js';
import { createAccessNeutralisationExecutor } from './access-neutralisation/access-neutralisation-executor.js';
import type { RouteSpeaker } from './bgp/bgp-rules.js';
import { createBlocklistExecutor } from './blocklist/blocklist-executor.js';
import { createRpzExecutor } from './dns-rpz/rpz-executor.js';
import { createFlowSpecExecutor } from './flowspec/flowspec-executor.js';
import { createIspNoticeExecutor } from './isp-notice/isp-notice-executor.js';
import type { NoticeDelivery } from './notices/outbox.js';
import { createRtbhExecutor } from './rtbh/rtbh-executor.js';

/** What the built-in executors need. */
export interface ExecutorDeps {
  readonly clock: Clock;
  readonly dataDir: string;
  /** The BGP speaker; without it RTBH and FlowSpec are unavailable (requests for them are refused). */
  readonly speaker?: RouteSpeaker | undefined;
  readonly attacks: AttackLookup;
  readonly registry: RegistryView;
}

/** `p` as given when absolute, else under `dataDir` (how every configured file path is read). */
export function under(dataDir: string, p: string): string {
  return isAbsolute(p) ? p : join(dataDir, p);
}

/** Builds every built-in executor the configuration and dependencies allow. */
export function createDefaultExecutors(config: OperationsConfig, deps: ExecutorDeps): AnyExecutor[] {
  const delivery: NoticeDelivery = { outboxDir: under(deps.dataDir, config.notices.outboxDir), from: config.notices.from, smtp: config.notices.smtp };
  const out: AnyExecutor[] = [];
  if (deps.speaker !== undefined) {
    out.push(createRtbhExecutor(deps.speaker, { peers: config.rtbh.peers }));
    out.push(createFlowSpecExecutor(deps.speaker, { peers: config.flowspec.peers }));
  }
  out.push(createRpzExecutor({ ...config.rpz, file: under(deps.dataDir, config.rpz.file) }, deps));
  out.push(
    createBlocklistExecutor(
      {
        plainFile: under(deps.dataDir, config.blocklist.plainFile),
        nftFile: under(deps.dataDir, config.blocklist.nftFile),
        nft: { family: config.blocklist.nftFamily, table: config.blocklist.nftTable, set: config.blocklist.nftSet },
      },
      deps,
    ),
  );
  out.push(createAbuseNoticeExecutor({ attacks: deps.attacks, owners: config.notices.owners, delivery, reporter: config.notices.reporter, clock: deps.clock }));
  out.push(createIspNoticeExecutor({ organizations: { get: (id) => deps.registry.organization(id) }, delivery, reporter: config.notices.reporter, clock: deps.clock }));
  out.push(createAccessNeutralisationExecutor());
  return out;
}
