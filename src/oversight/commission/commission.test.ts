import { createHash } from 'node:crypto';
import { beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { SqlAuditStore } from '../audit/store/sql/sql-audit-store.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { nodeSha256 } from '../audit/node-crypto.js';
import type { AuditStore } from '../audit/store/audit-store.js';
import { startTestLog } from '../audit/testing/fixtures.js';
import { FlagStore } from '../flags/flag-store.js';
import { actor, auditEntries, auditText } from '../testing/fixtures.js';
import { CommissionStore } from './commission-store.js';
import { CommissionService } from './commission-service.js';

const member = actor('usr_chair', 'commission_member');
const auditor = actor('usr_auditor', 'auditor');
const analyst = actor('usr_analyst', 'nco_analyst');
const DAY = 86_400_000;

describeStorage('commission tooling', (ctx) => {
  let service: CommissionService;
  let flags: FlagStore;
  let store: AuditStore;
  let log: Awaited<ReturnType<typeof startTestLog>>['log'];

  const codeOf = async (p: Promise<unknown>): Promise<string> =>
    p.then(
      () => 'resolved',
      (e: unknown) => (isSakimoriError(e) ? e.code : String(e)),
    );

  beforeEach(async () => {
    await ctx.reset();
    // Over the database: each change and its audit entry share one transaction (the outbox).
    const t = await startTestLog({ clock: ctx.clock, store: new SqlAuditStore(ctx.db) });
    store = t.store;
    log = t.log;
    flags = new FlagStore(ctx.db, ctx.clock);
    service = new CommissionService({ db: ctx.db, store: new CommissionStore(ctx.db, ctx.clock), flags, audit: t.log, sha256: nodeSha256, clock: ctx.clock });
  });

  it('records an inspection from opening to findings, and refuses changes once concluded', async () => {
    const i = await service.openInspection(member, { title: 'Data handling of the NCO analysis unit', scope: 'flow look-ups Q1 2026' });
    expect(i).toMatchObject({ state: 'open', openedBy: 'usr_chair' });
    ctx.clock.advance(DAY);
    const closed = await service.recordFindings(member, i.id, 'Two look-ups lacked a stated window; see recommendation.', true);
    expect(closed).toMatchObject({ state: 'closed', closedBy: 'usr_chair', closedAt: ctx.clock.now() });
    expect(await codeOf(service.recordFindings(member, i.id, 'more'))).toBe('SAKIMORI_ERR_OVERSIGHT_TRANSITION');
    expect((await service.inspections(auditor)).map((x) => x.id)).toEqual([i.id]);
    const entries = (await auditEntries(store)).filter((e) => e.action === 'oversight.inspection');
    expect(entries.map((e) => e.details.change)).toEqual(['open', 'close']);
    expect(entries[1]!.details.findings_sha256).toBe(createHash('sha256').update('Two look-ups lacked a stated window; see recommendation.').digest('hex'));
    expect(await auditText(store)).not.toContain('lacked a stated window');
  });

  it('changes nothing whose audit entry cannot be recorded with it', async () => {
    log.record = () => Promise.reject(new Error('the audit outbox refuses writes'));
    await expect(service.openInspection(member, { title: 'unrecorded', scope: 'x' })).rejects.toThrow(/refuses writes/);
    await expect(service.issueDirective(member, { kind: 'recommendation', addressee: 'NCO', subject: 's', body: 'b' })).rejects.toThrow(/refuses writes/);
    expect(await service.inspections(auditor)).toEqual([]);
    expect(await service.directives(auditor)).toEqual([]);
  });

  it('follows a recommendation up to closure, lists overdue ones, and refuses moves the rules do not allow', async () => {
    const i = await service.openInspection(member, { title: 'Inspection', scope: 'scope' });
    const d = await service.issueDirective(member, {
      kind: 'recommendation',
      addressee: 'NCO analysis unit',
      subject: 'State windows',
      body: 'Every look-up must state its time window.',
      dueAt: ctx.clock.now() + 30 * DAY,
      inspectionId: i.id,
    });
    const n = await service.issueDirective(member, { kind: 'notice', addressee: 'Police cyber unit', subject: 'Notice', body: 'Body' });
    expect(await codeOf(service.issueDirective(member, { kind: 'order' as 'notice', addressee: 'x', subject: 'y', body: 'z' }))).toBe('SAKIMORI_ERR_OVERSIGHT_INVALID_INPUT');
    expect(await codeOf(service.issueDirective(member, { kind: 'demand', addressee: 'x', subject: 'y', body: 'z', inspectionId: 'nope' }))).toBe('SAKIMORI_ERR_OVERSIGHT_NOT_FOUND');
    await service.followUp(member, d.id, 'acknowledged', 'Unit acknowledged on 2026-01-05');
    ctx.clock.advance(31 * DAY);
    expect((await service.overdueDirectives(auditor)).map((x) => x.id)).toEqual([d.id]);
    await service.followUp(member, d.id, 'implemented', 'Console now requires windows');
    expect(await service.overdueDirectives(auditor)).toEqual([]);
    await service.followUp(member, d.id, 'closed', 'Verified in follow-up inspection');
    expect(await codeOf(service.followUp(member, d.id, 'in_progress', 'again'))).toBe('SAKIMORI_ERR_OVERSIGHT_TRANSITION');
    const { directive, events } = await service.directive(auditor, d.id);
    expect(directive).toMatchObject({ state: 'closed', closedAt: ctx.clock.now(), inspectionId: i.id });
    expect(events.map((e) => e.state)).toEqual(['issued', 'acknowledged', 'implemented', 'closed']);
    expect((await service.directives(auditor, { state: 'issued' })).map((x) => x.id)).toEqual([n.id]);
  });

  it('works the flag queue: acknowledge, close with a finding, reopen', async () => {
    const f = (await flags.raise({ kind: 'volume', userId: 'usr_analyst', caseId: null, dedupeKey: 'volume:usr_analyst:2026-01-01', details: { rows_24h: 90_000 }, accessId: null }))!;
    expect(await flags.raise({ kind: 'volume', userId: 'usr_analyst', caseId: null, dedupeKey: 'volume:usr_analyst:2026-01-01', details: {}, accessId: null })).toBeUndefined();
    expect((await service.flags(auditor)).map((x) => x.id)).toEqual([f.id]);
    await service.moveFlag(member, f.id, 'acknowledged', 'Asked the unit for the case file');
    expect(await service.flags(member)).toEqual([]);
    const closed = await service.moveFlag(member, f.id, 'closed', 'Justified: carpet-bombing case with 90k sources');
    expect(closed).toMatchObject({ state: 'closed', acknowledgedBy: 'usr_chair', closedBy: 'usr_chair' });
    expect(await codeOf(service.moveFlag(member, f.id, 'acknowledged', 'x'))).toBe('SAKIMORI_ERR_OVERSIGHT_TRANSITION');
    await service.moveFlag(member, f.id, 'open', 'New facts');
    const { notes } = await service.flag(auditor, f.id);
    expect(notes.map((x) => x.state)).toEqual(['acknowledged', 'closed', 'open']);
    // Once closed, the same dedupe key may be raised again.
    expect(await flags.raise({ kind: 'volume', userId: 'usr_analyst', caseId: null, dedupeKey: 'volume:usr_analyst:2026-01-02', details: {}, accessId: null })).toBeDefined();
    expect((await auditEntries(store)).filter((e) => e.action === 'monitoring.flag_update').map((e) => e.details.state)).toEqual(['acknowledged', 'closed', 'open']);
  });

  it('allows changes to commission members only, and reading to auditors too', async () => {
    expect(await codeOf(service.openInspection(analyst, { title: 't', scope: 's' }))).toBe('SAKIMORI_ERR_OVERSIGHT_FORBIDDEN');
    expect(await codeOf(service.openInspection(auditor, { title: 't', scope: 's' }))).toBe('SAKIMORI_ERR_OVERSIGHT_FORBIDDEN');
    expect(await codeOf(service.issueDirective(auditor, { kind: 'notice', addressee: 'a', subject: 's', body: 'b' }))).toBe('SAKIMORI_ERR_OVERSIGHT_FORBIDDEN');
    expect(await codeOf(service.flags(analyst))).toBe('SAKIMORI_ERR_OVERSIGHT_FORBIDDEN');
    expect(await codeOf(service.moveFlag(auditor, 'x', 'closed', 'n'))).toBe('SAKIMORI_ERR_OVERSIGHT_FORBIDDEN');
    expect(await codeOf(service.openInspection(member, { title: '   ', scope: 's' }))).toBe('SAKIMORI_ERR_OVERSIGHT_INVALID_INPUT');
    expect(await store.size()).toBe(0);
  });
});
