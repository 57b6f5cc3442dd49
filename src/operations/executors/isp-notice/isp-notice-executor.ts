/**
 * ISP-notice executor: tells an ISP (an organisation in the operator registry) which of its
 * customers' hosts detection found infected — from outbound floods, participation in attacks or
 * indicator hits — so it can notify the subscribers. One message to the organisation's security
 * contact, with the hosts as CSV, written to the outbox and sent when SMTP is configured.
 */
import type { ActionOf } from '../../catalogue/action.js';
import type { TargetUpdate } from '../../execution/execution.js';
import type { ExecutionContext, Executor, ExecutorRule } from '../../execution/executor.js';
import { csvField, renderMime } from '../notices/mime.js';
import { deliverNotices, OUTBOX_PEER, slug, type NoticeDelivery } from '../notices/outbox.js';

/** What the executor needs of an organisation (the registry's `Organization` fits). */
export interface NoticeOrganization {
  readonly name: string;
  readonly contactEmail: string | null;
}

/** Collaborators of the ISP-notice executor. */
export interface IspNoticeExecutorDeps {
  readonly organizations: { get(id: string): Promise<NoticeOrganization | undefined> };
  readonly delivery: NoticeDelivery;
  readonly reporter: string;
  readonly clock: { now(): number };
}

/** The message body and its CSV attachment. */
export function renderIspNotice(a: ActionOf<'isp_notice'>, org: NoticeOrganization, reporter: string, reference: string): { text: string; csv: string } {
  const text = [
    `Dear ${org.name} security team,`,
    '',
    `${reporter} found ${a.hosts.length} host(s) in your network that appear to be infected`,
    '(outbound attack traffic, participation in attacks, or traffic to known command-and-control servers).',
    'The attached hosts.csv lists each address with the evidence and the time it was detected.',
    'Please notify the subscribers concerned and help them clean their devices.',
    '',
    `Reference: ${reference}`,
    '',
  ].join('\n');
  const rows = a.hosts.map((h) => [h.address, h.evidence, new Date(h.detectedAt).toISOString()].map(csvField).join(','));
  return { text, csv: `${['address,evidence,detected_at', ...rows].join('\n')}\n` };
}

/** Creates the ISP-notice executor. */
export function createIspNoticeExecutor(deps: IspNoticeExecutorDeps): Executor<'isp_notice'> {
  const sent = new Map<string, Set<string>>();
  return {
    mechanism: 'isp_notice',
    rules(a): ExecutorRule[] {
      return [{ key: `notice ${a.organizationId}`, label: `notify organisation ${a.organizationId} of ${a.hosts.length} infected host(s)` }];
    },
    async apply(ctx: ExecutionContext<'isp_notice'>): Promise<TargetUpdate[]> {
      const ruleKey = `notice ${ctx.action.organizationId}`;
      const org = await deps.organizations.get(ctx.action.organizationId);
      if (org === undefined || org.contactEmail === null) {
        return [{ executionId: ctx.executionId, ruleKey, peer: OUTBOX_PEER, state: 'failed', error: org === undefined ? 'organisation not found' : 'organisation has no contact e-mail' }];
      }
      const { text, csv } = renderIspNotice(ctx.action, org, deps.reporter, `case ${ctx.caseId} request ${ctx.requestId}`);
      const message = renderMime(
        {
          from: deps.delivery.from,
          to: [org.contactEmail],
          subject: `Infected hosts in your network (${ctx.action.hosts.length}) [request ${ctx.requestId}]`,
          dateMs: deps.clock.now(),
          messageId: `${ctx.executionId}.1@${deps.delivery.from.slice(deps.delivery.from.indexOf('@') + 1)}`,
          multipart: 'mixed',
          parts: [
            { contentType: 'text/plain; charset=utf-8', body: text },
            { contentType: 'text/csv; charset=utf-8', body: csv, filename: 'hosts.csv' },
          ],
        },
        ctx.executionId,
      );
      let s = sent.get(ctx.executionId);
      if (s === undefined) sent.set(ctx.executionId, (s = new Set()));
      const out = await deliverNotices(deps.delivery, ctx.executionId, ctx.requestId, [{ ruleKey, to: org.contactEmail, fileName: `001-${slug(org.contactEmail)}.eml`, message }], ctx.finalAttempt, s);
      sent.delete(ctx.executionId);
      return out;
    },
    async remove(): Promise<TargetUpdate[]> {
      return [];
    },
  };
}
