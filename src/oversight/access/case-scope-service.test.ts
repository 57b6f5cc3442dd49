import { beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { AuditStore } from '../audit/store/audit-store.js';
import { SqlAuditStore } from '../audit/store/sql/sql-audit-store.js';
import { startTestLog } from '../audit/testing/fixtures.js';
import { oversightConfig } from '../testing/oversight-config.js';
import { FlagStore } from '../flags/flag-store.js';
import { actor, auditEntries, insertCase } from '../testing/fixtures.js';
import { CaseScopeService } from './case-scope-service.js';
import { SqlCaseScopes } from './case-scope-store.js';

const analyst = actor('usr_analyst', 'nco_analyst');
const officer = actor('usr_officer', 'designated_officer');
const member = actor('usr_member', 'commission_member');

describeStorage('case scope service', (ctx) => {
  let log: AuditLog;
  let store: AuditStore;
  let flags: FlagStore;
  let scopes: SqlCaseScopes;
  let service: CaseScopeService;
  let caseId: string;
  const codeOf = async (p: Promise<unknown>): Promise<string> =>
    p.then(
      () => 'resolved',
      (e: unknown) => (isSakimoriError(e) ? e.code : String(e)),
    );
  const changes = async () => (await auditEntries(store)).filter((e) => e.action === 'case.access_scope').map((e) => [e.actor.id, e.outcome, e.details.change, e.details.code ?? null]);

  beforeEach(async () => {
    await ctx.reset();
    // Over the database: each change and its audit entry share one transaction (the outbox).
    ({ log, store } = await startTestLog({ clock: ctx.clock, store: new SqlAuditStore(ctx.db) }));
    flags = new FlagStore(ctx.db, ctx.clock);
    const config = oversightConfig({ access: { scopeWidestV4: 20, scopeWidestV6: 40 } }).access;
    scopes = new SqlCaseScopes(ctx.db, ctx.clock, config);
    service = new CaseScopeService(config, { store: scopes, audit: log, flags });
    caseId = await insertCase(ctx.db, ctx.clock, 'open', 'Botnet wave', { createdBy: 'usr_analyst', assignee: 'usr_officer' });
  });

  it('lets only the creator or the assignee change the scope; a refusal is audited and leaves nothing behind', async () => {
    const defence = actor('usr_defence', 'defence_operator');
    expect(await codeOf(service.add(defence, caseId, { prefix: '192.0.2.0/24', from: 0, to: null }))).toBe('SAKIMORI_ERR_ACCESS_SCOPE_NOT_OWNER');
    const mine = await service.add(analyst, caseId, { prefix: '192.0.2.0/24', from: 0, to: null });
    const assigned = await service.add(officer, caseId, { prefix: '198.51.100.0/24', from: 0, to: 1000 });
    expect(await codeOf(service.remove(defence, caseId, mine.id))).toBe('SAKIMORI_ERR_ACCESS_SCOPE_NOT_OWNER');
    expect((await service.list(member, caseId)).map((r) => r.prefix)).toEqual(['192.0.2.0/24', '198.51.100.0/24']);
    expect(await service.remove(officer, caseId, mine.id)).toMatchObject({ id: mine.id, prefix: '192.0.2.0/24' });
    expect(await codeOf(service.remove(officer, caseId, mine.id))).toBe('SAKIMORI_ERR_OVERSIGHT_NOT_FOUND');
    expect(await codeOf(service.add(analyst, 'no-such-case', { prefix: '192.0.2.0/24', from: 0, to: null }))).toBe('SAKIMORI_ERR_ACCESS_CASE_NOT_FOUND');
    expect(await codeOf(service.add(member, caseId, { prefix: '192.0.2.0/24', from: 0, to: null }))).toBe('SAKIMORI_ERR_OVERSIGHT_FORBIDDEN');
    expect((await service.list(analyst, caseId)).map((r) => r.id)).toEqual([assigned.id]);
    expect(await changes()).toEqual([
      ['usr_defence', 'denied', 'add', 'SAKIMORI_ERR_ACCESS_SCOPE_NOT_OWNER'],
      ['usr_analyst', 'success', 'add', null],
      ['usr_officer', 'success', 'add', null],
      ['usr_defence', 'denied', 'remove', 'SAKIMORI_ERR_ACCESS_SCOPE_NOT_OWNER'],
      ['usr_officer', 'success', 'remove', null],
    ]);
  });

  it('refuses bad prefixes and windows before anything is looked up or recorded', async () => {
    for (const entry of [
      { prefix: 'not-an-address', from: 0, to: null },
      { prefix: '192.0.2.0/33', from: 0, to: null },
      { prefix: '192.0.2.0/24', from: 10, to: 5 },
      { prefix: '192.0.2.0/24', from: 0.5, to: null },
      { prefix: '192.0.2.0/24', from: 0, to: 2 ** 53 },
    ]) {
      expect(await codeOf(service.add(analyst, caseId, entry))).toBe('SAKIMORI_ERR_ACCESS_INVALID_QUERY');
      expect(await codeOf(service.add(actor('usr_defence', 'defence_operator'), caseId, entry))).toBe('SAKIMORI_ERR_ACCESS_INVALID_QUERY');
    }
    expect(await service.list(analyst, caseId)).toEqual([]);
    expect(await changes()).toEqual([]);
  });

  it('holds an entry wider than the limit for a commission member other than its declarer, and flags it at once', async () => {
    const atLimit = await service.add(analyst, caseId, { prefix: '192.0.16.0/20', from: 0, to: null });
    const v6AtLimit = await service.add(analyst, caseId, { prefix: '2001:db8::/40', from: 0, to: null });
    expect([atLimit.approval, v6AtLimit.approval]).toEqual(['not_needed', 'not_needed']);
    const wide = await service.add(analyst, caseId, { prefix: '192.0.0.0/19', from: 0, to: null });
    const wideV6 = await service.add(analyst, caseId, { prefix: '2001:db8::/39', from: 0, to: null });
    expect([wide.approval, wideV6.approval]).toEqual(['pending', 'pending']);
    const raised = await flags.list({ kind: 'wide_scope' });
    expect(raised.map((f) => [f.userId, f.caseId, f.details]).reverse()).toEqual([
      ['usr_analyst', caseId, { scope: wide.id, family: 4, length: 19, widest: 20 }],
      ['usr_analyst', caseId, { scope: wideV6.id, family: 6, length: 39, widest: 40 }],
    ]);
    const flagged = (await auditEntries(store)).filter((e) => e.action === 'monitoring.flag');
    expect(flagged[0]!.personal).toEqual([log.personalRef('prefix', '192.0.0.0/19')]);

    expect(await codeOf(service.decide(officer, caseId, wide.id, 'approve'))).toBe('SAKIMORI_ERR_OVERSIGHT_FORBIDDEN');
    // A declarer who is now a commission member still may not decide on their own entry.
    expect(await codeOf(service.decide(actor('usr_analyst', 'commission_member'), caseId, wide.id, 'approve'))).toBe('SAKIMORI_ERR_ACCESS_SCOPE_SELF_DECISION');
    expect(await codeOf(service.decide(member, caseId, 'no-such-entry', 'approve'))).toBe('SAKIMORI_ERR_OVERSIGHT_NOT_FOUND');
    expect(await codeOf(service.decide(member, caseId, atLimit.id, 'approve'))).toBe('SAKIMORI_ERR_OVERSIGHT_TRANSITION');
    ctx.clock.advance(5000);
    expect(await service.decide(member, caseId, wide.id, 'approve')).toMatchObject({ approval: 'approved', decidedBy: 'usr_member', decidedAt: ctx.clock.now() });
    expect(await service.decide(member, caseId, wideV6.id, 'reject')).toMatchObject({ approval: 'rejected', decidedBy: 'usr_member' });
    expect(await codeOf(service.decide(member, caseId, wide.id, 'reject'))).toBe('SAKIMORI_ERR_OVERSIGHT_TRANSITION');
    expect((await service.list(analyst, caseId)).map((r) => [r.prefix, r.approval])).toEqual([
      ['192.0.16.0/20', 'not_needed'],
      ['2001:db8::/40', 'not_needed'],
      ['192.0.0.0/19', 'approved'],
      ['2001:db8::/39', 'rejected'],
    ]);
    expect((await changes()).slice(-2)).toEqual([
      ['usr_member', 'success', 'approve', null],
      ['usr_member', 'success', 'reject', null],
    ]);
  });
  it('changes no scope and raises no flag whose audit entry cannot be recorded with it', async () => {
    const narrow = await service.add(analyst, caseId, { prefix: '192.0.2.0/24', from: 0, to: null });
    const wide = await service.add(analyst, caseId, { prefix: '10.0.0.0/8', from: 0, to: null });
    const recorded = await changes();
    const realRecord = log.record.bind(log);
    log.record = () => Promise.reject(new Error('the audit outbox refuses writes'));
    await expect(service.add(analyst, caseId, { prefix: '198.51.100.0/24', from: 0, to: null })).rejects.toThrow(/refuses writes/);
    await expect(service.add(officer, caseId, { prefix: '172.16.0.0/12', from: 0, to: null })).rejects.toThrow(/refuses writes/);
    await expect(service.remove(analyst, caseId, narrow.id)).rejects.toThrow(/refuses writes/);
    await expect(service.decide(member, caseId, wide.id, 'approve')).rejects.toThrow(/refuses writes/);
    expect((await service.list(member, caseId)).map((r) => [r.prefix, r.approval])).toEqual([
      ['192.0.2.0/24', 'not_needed'],
      ['10.0.0.0/8', 'pending'],
    ]);
    expect((await flags.list({ kind: 'wide_scope' })).length).toBe(1);
    // Only the entry of the flag itself fails: the wide entry that would have raised it is not kept.
    let calls = 0;
    log.record = (trx, e) => (++calls === 2 ? Promise.reject(new Error('the audit outbox refuses the flag')) : realRecord(trx, e));
    await expect(service.add(officer, caseId, { prefix: '172.16.0.0/12', from: 0, to: null })).rejects.toThrow(/refuses the flag/);
    expect((await service.list(member, caseId)).map((r) => r.prefix)).toEqual(['192.0.2.0/24', '10.0.0.0/8']);
    expect((await flags.list({ kind: 'wide_scope' })).length).toBe(1);
    log.record = realRecord;
    expect(await changes()).toEqual(recorded);
  });
});
