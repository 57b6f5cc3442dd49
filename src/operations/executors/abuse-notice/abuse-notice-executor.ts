/**
 * Abuse-notice executor: groups the requested attack sources by network owner (longest match in
 * the configured owner table, a static whois), writes one ARF-style report per owner to the
 * outbox and hands it to the SMTP relay when one is configured. Sources with no known owner are
 * reported as failed targets, so the console shows who could not be told.
 */
import { VERSION } from '../../../core/version.js';
import type { AttackLookup, AttackerView } from '../../attacks.js';
import { parseTarget, prefixCovers, type TargetPrefix } from '../../catalogue/prefixes.js';
import type { NetworkOwner } from '../../config.js';
import type { TargetUpdate } from '../../execution/execution.js';
import type { ExecutionContext, Executor, ExecutorRule } from '../../execution/executor.js';
import { deliverNotices, OUTBOX_PEER, slug, type NoticeDelivery, type RenderedNotice } from '../notices/outbox.js';
import { renderArfReport } from './arf.js';

/** Settings and collaborators of the abuse-notice executor. */
export interface AbuseNoticeExecutorDeps {
  readonly attacks: AttackLookup;
  readonly owners: readonly NetworkOwner[];
  readonly delivery: NoticeDelivery;
  readonly reporter: string;
  readonly clock: { now(): number };
}

interface Owner {
  readonly entry: NetworkOwner;
  readonly prefix: TargetPrefix;
}

/** The owner of `address`: the longest configured prefix covering it. */
function ownerOf(owners: readonly Owner[], address: string): Owner | undefined {
  const t = parseTarget(address, 'source');
  let best: Owner | undefined;
  for (const o of owners) if (prefixCovers(o.prefix.prefix, t.prefix) && (best === undefined || o.prefix.prefix.length > best.prefix.prefix.length)) best = o;
  return best;
}

/** Creates the abuse-notice executor. */
export function createAbuseNoticeExecutor(deps: AbuseNoticeExecutorDeps): Executor<'abuse_notice'> {
  const owners: Owner[] = deps.owners.map((o, i) => ({ entry: o, prefix: parseTarget(o.prefix, `operations.notices.owners[${i}].prefix`) }));
  const sent = new Map<string, Set<string>>();
  return {
    mechanism: 'abuse_notice',
    rules(a): ExecutorRule[] {
      const keys = new Map<string, string>();
      for (const s of a.sources) {
        const o = ownerOf(owners, s);
        if (o === undefined) keys.set(`unresolved ${s}`, `no abuse contact known for ${s}`);
        else keys.set(`notice ${o.entry.abuseEmail}`, `report to ${o.entry.name}`);
      }
      return [...keys].map(([key, label]) => ({ key, label }));
    },
    async apply(ctx: ExecutionContext<'abuse_notice'>): Promise<TargetUpdate[]> {
      const attack = await deps.attacks.get(ctx.action.attackId);
      const listed = new Map<string, AttackerView>((await deps.attacks.attackers(ctx.action.attackId)).map((a) => [a.address, a]));
      const groups = new Map<string, { owner: Owner; sources: AttackerView[] }>();
      const failed: TargetUpdate[] = [];
      for (const s of ctx.action.sources) {
        const o = ownerOf(owners, s);
        if (o === undefined) {
          failed.push({ executionId: ctx.executionId, ruleKey: `unresolved ${s}`, peer: OUTBOX_PEER, state: 'failed', error: 'no abuse contact known for this source' });
          continue;
        }
        const g = groups.get(o.entry.abuseEmail) ?? { owner: o, sources: [] };
        g.sources.push(listed.get(s) ?? { address: s, packets: 0, bytes: 0, firstSeen: ctx.startedAt, lastSeen: ctx.startedAt, vectors: [] });
        groups.set(o.entry.abuseEmail, g);
      }
      const now = deps.clock.now();
      const notices: RenderedNotice[] = [...groups.values()].map((g, i) => ({
        ruleKey: `notice ${g.owner.entry.abuseEmail}`,
        to: g.owner.entry.abuseEmail,
        fileName: `${String(i + 1).padStart(3, '0')}-${slug(g.owner.entry.abuseEmail)}.eml`,
        message: renderArfReport({
          recipient: { name: g.owner.entry.name, abuseEmail: g.owner.entry.abuseEmail, asn: g.owner.entry.asn },
          sources: g.sources,
          attack: attack ?? { id: ctx.action.attackId, vectors: [], startedAt: ctx.startedAt, endedAt: null },
          reporter: deps.reporter,
          from: deps.delivery.from,
          userAgent: `Sakimori/${VERSION}`,
          reference: `case ${ctx.caseId} request ${ctx.requestId}`,
          dateMs: now,
          messageId: `${ctx.executionId}.${i + 1}@${deps.delivery.from.slice(deps.delivery.from.indexOf('@') + 1)}`,
        }),
      }));
      let s = sent.get(ctx.executionId);
      if (s === undefined) sent.set(ctx.executionId, (s = new Set()));
      const delivered = await deliverNotices(deps.delivery, ctx.executionId, ctx.requestId, notices, ctx.finalAttempt, s);
      sent.delete(ctx.executionId);
      return [...delivered, ...failed];
    },
    async remove(): Promise<TargetUpdate[]> {
      // A notice once sent cannot be taken back; nothing stays in force.
      return [];
    },
  };
}
