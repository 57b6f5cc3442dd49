import { beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { AuditStore } from '../audit/store/audit-store.js';
import { startTestLog } from '../audit/testing/fixtures.js';
import { oversightConfig } from '../config.js';
import { FlagStore } from '../flags/flag-store.js';
import { actor, auditEntries, auditText, insertCase } from '../testing/fixtures.js';
import { AccessGuard, type AccessRequest } from './access-guard.js';
import { AccessRecordStore } from './access-record-store.js';
import { SqlCaseScopes } from './case-scope-store.js';

const DAY = 86_400_000;
const analyst = actor('usr_analyst', 'nco_analyst');

describeStorage('purpose-bound access guard', (ctx) => {
  let log: AuditLog;
  let store: AuditStore;
  let guard: AccessGuard;
  let flags: FlagStore;
  let scopes: SqlCaseScopes;
  let caseId: string;
  let fetched: number;

  const fetchRows = async (n: number) => {
    fetched++;
    return Array.from({ length: n }, (_, i) => ({ row: i }));
  };
  const codeOf = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (isSakimoriError(e) ? e.code : String(e)));
  const read = (r: Partial<AccessRequest>, rows = 3) =>
    guard.read({ actor: analyst, resource: 'flows', purpose: 'incident_response', caseId, prefixes: ['192.0.2.10'], from: ctx.clock.now() - DAY, to: ctx.clock.now(), ...r }, () => fetchRows(rows));

  beforeEach(async () => {
    await ctx.reset();
    fetched = 0;
    ({ log, store } = await startTestLog({ clock: ctx.clock }));
    flags = new FlagStore(ctx.db, ctx.clock);
    scopes = new SqlCaseScopes(ctx.db, ctx.clock);
    const config = oversightConfig({ access: { volumeMinRows: 100, volumeFactor: 10, baselineDays: 7, repeatCases: 3 } }).access;
    guard = new AccessGuard(config, { scopes, records: new AccessRecordStore(ctx.db), flags, audit: log, clock: ctx.clock });
    caseId = await insertCase(ctx.db, ctx.clock);
    await scopes.add({ caseId, prefix: '192.0.2.0/24', from: ctx.clock.now() - 30 * DAY, to: null, addedBy: 'usr_analyst' });
    await scopes.add({ caseId, prefix: '2001:db8:100::/48', from: ctx.clock.now() - 30 * DAY, to: ctx.clock.now(), addedBy: 'usr_analyst' });
  });

  it('returns in-scope data and logs a data.read with purpose, count and keyed hashes only', async () => {
    const rows = await read({ prefixes: ['192.0.2.10', '2001:db8:100:1::/64'] }, 7);
    expect(rows).toHaveLength(7);
    const [entry] = (await auditEntries(store)).filter((e) => e.action === 'data.read');
    expect(entry).toMatchObject({
      actor: { kind: 'user', id: 'usr_analyst', role: 'nco_analyst' },
      outcome: 'success',
      purpose: { case: caseId, purpose: 'incident_response' },
      subjects: [{ type: 'case', id: caseId }],
      details: { resource: 'flows', rows: 7, prefixes: 2 },
    });
    expect(entry!.personal).toEqual([log.personalRef('ip', '192.0.2.10'), log.personalRef('prefix', '2001:db8:100:1::/64')]);
    const text = await auditText(store);
    expect(text).not.toContain('192.0.2.10');
    expect(text).not.toContain('2001:db8:100');
    expect(await flags.list()).toEqual([]);
  });

  it('refuses a query without a purpose or without a case, never running it, and flags the missing case', async () => {
    expect(await codeOf(read({ purpose: undefined }))).toBe('SAKIMORI_ERR_ACCESS_PURPOSE_REQUIRED');
    expect(await codeOf(read({ purpose: '  ' }))).toBe('SAKIMORI_ERR_ACCESS_PURPOSE_REQUIRED');
    expect(await flags.list()).toEqual([]);
    expect(await codeOf(read({ caseId: undefined }))).toBe('SAKIMORI_ERR_ACCESS_CASE_REQUIRED');
    expect(await codeOf(read({ caseId: undefined, purpose: undefined }))).toBe('SAKIMORI_ERR_ACCESS_PURPOSE_REQUIRED');
    expect(fetched).toBe(0);
    const raised = await flags.list();
    expect(raised.map((f) => [f.kind, f.state, f.userId, f.details.reason])).toEqual([
      ['no_case', 'open', 'usr_analyst', 'no_case'],
      ['no_case', 'open', 'usr_analyst', 'no_case'],
    ]);
    const entries = await auditEntries(store);
    expect(entries.filter((e) => e.action === 'data.read').map((e) => [e.outcome, e.details.code])).toEqual([
      ['denied', 'SAKIMORI_ERR_ACCESS_PURPOSE_REQUIRED'],
      ['denied', 'SAKIMORI_ERR_ACCESS_PURPOSE_REQUIRED'],
      ['denied', 'SAKIMORI_ERR_ACCESS_CASE_REQUIRED'],
      ['denied', 'SAKIMORI_ERR_ACCESS_PURPOSE_REQUIRED'],
    ]);
    expect(entries.filter((e) => e.action === 'monitoring.flag')).toHaveLength(2);
    expect(await auditText(store)).not.toContain('192.0.2.10');
  });

  it('refuses unknown purposes, roles that do not fit the purpose, unknown cases and unscoped queries', async () => {
    expect(await codeOf(read({ purpose: 'curiosity' }))).toBe('SAKIMORI_ERR_ACCESS_UNKNOWN_PURPOSE');
    expect(await codeOf(read({ purpose: 'oversight_inspection' }))).toBe('SAKIMORI_ERR_ACCESS_ROLE');
    expect(await codeOf(read({ actor: actor('usr_partner', 'partner') }))).toBe('SAKIMORI_ERR_ACCESS_ROLE');
    expect(await codeOf(read({ prefixes: [] }))).toBe('SAKIMORI_ERR_ACCESS_INVALID_QUERY');
    expect(await codeOf(read({ prefixes: ['192.0.2.300'] }))).toBe('SAKIMORI_ERR_ACCESS_INVALID_QUERY');
    expect(await codeOf(read({ caseId: '01JUNKNOWNCASE0000000000000' }))).toBe('SAKIMORI_ERR_ACCESS_CASE_NOT_FOUND');
    expect(fetched).toBe(0);
    expect((await flags.list()).map((f) => [f.kind, f.details.reason])).toEqual([['no_case', 'unknown_case']]);
  });

  it('refuses and flags queries outside the case’s prefixes or window, or for a closed case', async () => {
    expect(await codeOf(read({ prefixes: ['198.51.100.7'] }))).toBe('SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE');
    expect(await codeOf(read({ prefixes: ['192.0.0.0/16'] }))).toBe('SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE');
    expect(await codeOf(read({ from: ctx.clock.now() - 40 * DAY }))).toBe('SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE');
    expect(await codeOf(read({ prefixes: ['2001:db8:100::1'], to: ctx.clock.now() + DAY }))).toBe('SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE');
    const closed = await insertCase(ctx.db, ctx.clock, 'closed');
    await scopes.add({ caseId: closed, prefix: '192.0.2.0/24', from: 0, to: null, addedBy: 'usr_analyst' });
    expect(await codeOf(read({ caseId: closed }))).toBe('SAKIMORI_ERR_ACCESS_CASE_CLOSED');
    expect(fetched).toBe(0);
    const raised = await flags.list();
    expect(raised.map((f) => [f.kind, f.details.reason]).reverse()).toEqual([
      ['out_of_scope', 'prefix_outside'],
      ['out_of_scope', 'prefix_outside'],
      ['out_of_scope', 'window_outside'],
      ['out_of_scope', 'window_outside'],
      ['out_of_scope', 'case_closed'],
    ]);
    const flagEntries = (await auditEntries(store)).filter((e) => e.action === 'monitoring.flag');
    expect(flagEntries[0]!.personal).toEqual([log.personalRef('ip', '198.51.100.7')]);
    expect(await auditText(store)).not.toContain('198.51.100.7');
  });

  it('flags a volume far above the user’s own baseline, once a day', async () => {
    for (let d = 7; d >= 1; d--) {
      ctx.clock.set(Date.UTC(2026, 2, 20) - d * DAY - 3_600_000);
      await read({ from: ctx.clock.now() - DAY, to: ctx.clock.now() }, 20);
    }
    ctx.clock.set(Date.UTC(2026, 2, 20));
    await read({ from: ctx.clock.now() - DAY, to: ctx.clock.now() }, 150);
    expect(await flags.list()).toEqual([]); // 150 <= max(100, 10 × 20)
    await read({ from: ctx.clock.now() - DAY, to: ctx.clock.now() }, 60);
    const [flag] = await flags.list();
    expect(flag).toMatchObject({ kind: 'volume', userId: 'usr_analyst', caseId, details: { rows_24h: 210, baseline_per_day: 20, threshold: 200 } });
    await read({ from: ctx.clock.now() - DAY, to: ctx.clock.now() }, 500);
    expect(await flags.list()).toHaveLength(1);
  });

  it('flags the same person looked up across several cases', async () => {
    const cases = [caseId, await insertCase(ctx.db, ctx.clock), await insertCase(ctx.db, ctx.clock)];
    for (const c of cases.slice(1)) await scopes.add({ caseId: c, prefix: '192.0.2.0/24', from: 0, to: null, addedBy: 'usr_analyst' });
    await read({ caseId: cases[0], prefixes: ['192.0.2.99'] });
    await read({ caseId: cases[0], prefixes: ['192.0.2.99'] });
    await read({ caseId: cases[1], prefixes: ['192.0.2.99', '192.0.2.5'] });
    expect(await flags.list()).toEqual([]);
    await read({ caseId: cases[2], prefixes: ['192.0.2.99'] });
    const [flag] = await flags.list();
    expect(flag).toMatchObject({ kind: 'repeated_lookup', caseId: cases[2], details: { cases: 3, person: log.personalRef('ip', '192.0.2.99').mac } });
    const entry = (await auditEntries(store)).find((e) => e.action === 'monitoring.flag');
    expect(entry?.personal).toEqual([log.personalRef('ip', '192.0.2.99')]);
  });
});
