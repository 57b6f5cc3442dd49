import { beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { AuditEntry } from '../audit/entry.js';
import type { AuditStore } from '../audit/store/audit-store.js';
import { SqlAuditStore } from '../audit/store/sql/sql-audit-store.js';
import { startTestLog } from '../audit/testing/fixtures.js';
import { oversightConfig } from '../testing/oversight-config.js';
import { FlagStore } from '../flags/flag-store.js';
import { actor, auditEntries, auditText, insertAttack, insertCase, linkEvidence } from '../testing/fixtures.js';
import { AccessGuard, MAX_QUERY_PREFIXES, type AccessRequest } from './access-guard.js';
import { AccessRecordStore } from './access-record-store.js';
import { SqlCaseScopes } from './case-scope-store.js';

const DAY = 86_400_000;
const analyst = actor('usr_analyst', 'nco_analyst');

/** A row a fetch returns: about a host, or about nobody in particular. */
interface Row {
  readonly row: number;
  readonly host?: string;
}

describeStorage('purpose-bound access guard', (ctx) => {
  let log: AuditLog;
  let store: AuditStore;
  let guard: AccessGuard;
  let flags: FlagStore;
  let scopes: SqlCaseScopes;
  let caseId: string;
  let fetched: number;

  const fetchRows = async (rows: number | readonly string[]): Promise<Row[]> => {
    fetched++;
    return typeof rows === 'number' ? Array.from({ length: rows }, (_, i) => ({ row: i })) : rows.map((host, i) => ({ row: i, host }));
  };
  const codeOf = async (p: Promise<unknown>): Promise<string> =>
    p.then(
      () => 'resolved',
      (e: unknown) => (isSakimoriError(e) ? e.code : String(e)),
    );
  const read = (r: Partial<AccessRequest>, rows: number | readonly string[] = 3) =>
    guard.read(
      { actor: analyst, resource: 'flows', purpose: 'incident_response', caseId, prefixes: ['192.0.2.10'], from: ctx.clock.now() - DAY, to: ctx.clock.now(), ...r },
      () => fetchRows(rows),
      (row) => (row.host === undefined ? undefined : { kind: 'ip', value: row.host }),
    );
  const declare = (c: string, prefix: string, from: number, to: number | null, approval: 'not_needed' | 'pending' = 'not_needed') =>
    scopes.add({ caseId: c, prefix, from, to, addedBy: 'usr_analyst', approval });
  const reads = async (): Promise<AuditEntry[]> => (await auditEntries(store)).filter((e) => e.action === 'data.read');

  beforeEach(async () => {
    await ctx.reset();
    fetched = 0;
    // Over the database: each change and its audit entry share one transaction (the outbox).
    ({ log, store } = await startTestLog({ clock: ctx.clock, store: new SqlAuditStore(ctx.db) }));
    flags = new FlagStore(ctx.db, ctx.clock);
    const config = oversightConfig({ access: { volumeMinRows: 100, volumeFactor: 10, baselineDays: 7, repeatCases: 3 } }).access;
    scopes = new SqlCaseScopes(ctx.db, ctx.clock, config);
    guard = new AccessGuard(config, { scopes, records: new AccessRecordStore(ctx.db), flags, audit: log, clock: ctx.clock });
    caseId = await insertCase(ctx.db, ctx.clock);
    await declare(caseId, '192.0.2.0/24', ctx.clock.now() - 30 * DAY, null);
    await declare(caseId, '2001:db8:100::/48', ctx.clock.now() - 30 * DAY, ctx.clock.now());
  });

  it('returns in-scope data and logs a data.read with purpose, count and keyed hashes only', async () => {
    const rows = await read({ prefixes: ['192.0.2.10', '2001:db8:100:1::/64'] }, 7);
    expect(rows).toHaveLength(7);
    const [entry] = await reads();
    expect(entry).toMatchObject({
      actor: { kind: 'user', id: 'usr_analyst', role: 'nco_analyst' },
      outcome: 'success',
      purpose: { case: caseId, purpose: 'incident_response' },
      subjects: [{ type: 'case', id: caseId }],
      details: { resource: 'flows', rows: 7, persons: 0, prefixes: 2, filters: 0 },
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
    expect(await codeOf(read({ caseId: '  ' }))).toBe('SAKIMORI_ERR_ACCESS_CASE_REQUIRED');
    expect(await codeOf(read({ caseId: undefined, purpose: undefined }))).toBe('SAKIMORI_ERR_ACCESS_PURPOSE_REQUIRED');
    expect(fetched).toBe(0);
    const raised = await flags.list();
    expect(raised.map((f) => [f.kind, f.state, f.userId, f.details.reason, f.details.purpose_given])).toEqual([
      ['no_case', 'open', 'usr_analyst', 'no_case', false],
      ['no_case', 'open', 'usr_analyst', 'no_case', true],
      ['no_case', 'open', 'usr_analyst', 'no_case', true],
    ]);
    expect((await reads()).map((e) => [e.outcome, e.details.code, e.subjects])).toEqual([
      ['denied', 'SAKIMORI_ERR_ACCESS_PURPOSE_REQUIRED', [{ type: 'case', id: caseId }]],
      ['denied', 'SAKIMORI_ERR_ACCESS_PURPOSE_REQUIRED', [{ type: 'case', id: caseId }]],
      ['denied', 'SAKIMORI_ERR_ACCESS_CASE_REQUIRED', []],
      ['denied', 'SAKIMORI_ERR_ACCESS_CASE_REQUIRED', []],
      ['denied', 'SAKIMORI_ERR_ACCESS_PURPOSE_REQUIRED', []],
    ]);
    expect((await auditEntries(store)).filter((e) => e.action === 'monitoring.flag')).toHaveLength(3);
    expect(await auditText(store)).not.toContain('192.0.2.10');
  });

  it('treats a malformed case id as no case: refused, flagged as malformed, its text kept out of the log', async () => {
    for (const bad of [`-${caseId}`, `${caseId}!`, `${caseId} x`, 'c'.repeat(129)]) expect(await codeOf(read({ caseId: bad }))).toBe('SAKIMORI_ERR_ACCESS_CASE_REQUIRED');
    expect(fetched).toBe(0);
    expect((await flags.list()).map((f) => [f.kind, f.caseId, f.details.reason])).toEqual(Array.from({ length: 4 }, () => ['no_case', null, 'malformed_case']));
    expect((await reads()).map((e) => e.subjects)).toEqual([[], [], [], []]);
    expect(await auditText(store)).not.toContain(`${caseId}!`);
  });

  it('takes case ids, purposes and prefixes with stray spaces, and one-character case ids, as written', async () => {
    expect(await read({ caseId: ` ${caseId} `, purpose: ' incident_response ', prefixes: [' 192.0.2.10 '] }, 1)).toHaveLength(1);
    expect(await codeOf(read({ caseId: 'x' }))).toBe('SAKIMORI_ERR_ACCESS_CASE_NOT_FOUND');
    // Refused, such a query is recorded with the case and purpose it named, and without prefixes it never had.
    expect(await codeOf(read({ caseId: ` ${caseId} `, purpose: ' incident_response ', prefixes: ['198.51.100.7'] }))).toBe('SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE');
    expect(await codeOf(read({ prefixes: undefined }))).toBe('SAKIMORI_ERR_ACCESS_INVALID_QUERY');
    expect((await reads()).map((e) => [e.outcome, e.subjects, e.details.purpose ?? null, e.details.prefixes])).toEqual([
      ['success', [{ type: 'case', id: caseId }], null, 1],
      ['denied', [{ type: 'case', id: 'x' }], 'incident_response', 1],
      ['denied', [{ type: 'case', id: caseId }], 'incident_response', 1],
      ['denied', [{ type: 'case', id: caseId }], 'incident_response', 0],
    ]);
    expect((await flags.list()).map((f) => f.details.reason)).toEqual(['prefix_outside', 'unknown_case']);
  });

  it('records who read in the role the purpose needs, and the ranges a read was narrowed to as keyed hashes', async () => {
    const both = actor('usr_both', 'commission_member', 'nco_analyst');
    await read({ actor: both, filters: ['198.51.100.0/24', '2001:db8::7'] }, ['198.51.100.1']);
    await codeOf(read({ actor: actor('usr_none') }));
    const [granted, refused] = await reads();
    expect(granted!.actor).toEqual({ kind: 'user', id: 'usr_both', role: 'nco_analyst' });
    expect(granted!.personal).toEqual([log.personalRef('ip', '192.0.2.10'), log.personalRef('prefix', '198.51.100.0/24'), log.personalRef('ip', '2001:db8::7')]);
    expect(refused!.actor).toEqual({ kind: 'user', id: 'usr_none' });
    // The record the transparency report counts: one read, one refusal.
    const records = await ctx.db.selectFrom('data_access').select(['user_id', 'outcome', 'case_id', 'purpose', 'resource', 'rows']).orderBy('id').execute();
    expect(records.map((r) => [r.user_id, r.outcome, r.case_id, r.purpose, r.resource, Number(r.rows)])).toEqual([
      ['usr_both', 'success', caseId, 'incident_response', 'flows', 1],
      ['usr_none', 'denied', caseId, 'incident_response', 'flows', 0],
    ]);
  });

  it('passes on a failure to look the case up, without recording it as a refusal', async () => {
    const failing = new AccessGuard(oversightConfig().access, {
      scopes: { scopeOf: () => Promise.reject(new Error('storage unavailable')) },
      records: new AccessRecordStore(ctx.db),
      flags,
      audit: log,
      clock: ctx.clock,
    });
    const r = failing.read(
      { actor: analyst, resource: 'flows', purpose: 'incident_response', caseId, prefixes: ['192.0.2.10'], from: 0, to: 1 },
      () => fetchRows(1),
      () => undefined,
    );
    await expect(r).rejects.toThrow('storage unavailable');
    expect(fetched).toBe(0);
    expect(await reads()).toEqual([]);
  });

  it('refuses unknown purposes, roles that do not fit the purpose, unknown cases and unscoped queries', async () => {
    expect(await codeOf(read({ purpose: 'curiosity' }))).toBe('SAKIMORI_ERR_ACCESS_UNKNOWN_PURPOSE');
    expect(await codeOf(read({ purpose: 'oversight_inspection' }))).toBe('SAKIMORI_ERR_ACCESS_ROLE');
    expect(await codeOf(read({ actor: actor('usr_partner', 'partner') }))).toBe('SAKIMORI_ERR_ACCESS_ROLE');
    expect(await codeOf(read({ prefixes: [] }))).toBe('SAKIMORI_ERR_ACCESS_INVALID_QUERY');
    expect(await codeOf(read({ prefixes: ['192.0.2.300'] }))).toBe('SAKIMORI_ERR_ACCESS_INVALID_QUERY');
    expect(await codeOf(read({ filters: ['192.0.2.300'] }))).toBe('SAKIMORI_ERR_ACCESS_INVALID_QUERY');
    expect(await codeOf(read({ caseId: '01JUNKNOWNCASE0000000000000' }))).toBe('SAKIMORI_ERR_ACCESS_CASE_NOT_FOUND');
    expect(fetched).toBe(0);
    expect((await flags.list()).map((f) => [f.kind, f.details.reason])).toEqual([['no_case', 'unknown_case']]);
    // A refusal is recorded with the case it named and the purpose only when it is a known one.
    expect((await reads()).map((e) => [e.outcome, e.subjects, e.details.purpose])).toEqual([
      ['denied', [{ type: 'case', id: caseId }], null],
      ['denied', [{ type: 'case', id: caseId }], 'oversight_inspection'],
      ...Array.from({ length: 4 }, () => ['denied', [{ type: 'case', id: caseId }], 'incident_response']),
      ['denied', [{ type: 'case', id: '01JUNKNOWNCASE0000000000000' }], 'incident_response'],
    ]);
  });

  it('refuses a prefix query without a time window, or with an inverted or fractional one, and records the refusal with its case', async () => {
    const now = ctx.clock.now();
    // Both ends of the inverted window lie inside the entry's window: only the order check refuses it.
    const bad: Partial<AccessRequest>[] = [
      { from: undefined, to: undefined },
      { from: undefined },
      { to: undefined },
      { from: now, to: now - DAY },
      { from: now - DAY + 0.5 },
      { to: now + 0.5 },
      { from: Number.NaN },
    ];
    for (const window of bad) expect(await codeOf(read(window))).toBe('SAKIMORI_ERR_ACCESS_INVALID_QUERY');
    expect(fetched).toBe(0);
    expect((await reads()).map((e) => [e.outcome, e.details.code, e.subjects])).toEqual(bad.map(() => ['denied', 'SAKIMORI_ERR_ACCESS_INVALID_QUERY', [{ type: 'case', id: caseId }]]));
    // A window of one instant is a window.
    expect(await read({ from: now, to: now }, 1)).toHaveLength(1);
  });

  it('refuses badly named resources, anchored at both ends, and records them as "invalid"', async () => {
    for (const resource of ['Flows', 'flows!', '!flows', 'flo ws', '', `f${'x'.repeat(32)}`]) expect(await codeOf(read({ resource }))).toBe('SAKIMORI_ERR_ACCESS_INVALID_QUERY');
    expect(await read({ resource: `f${'x'.repeat(31)}` }, 1)).toHaveLength(1);
    expect(fetched).toBe(1);
    expect((await reads()).map((e) => e.details.resource)).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'invalid', `f${'x'.repeat(31)}`]);
  });

  it(`takes at most ${MAX_QUERY_PREFIXES} prefixes, ${MAX_QUERY_PREFIXES} filters and 64 organisations per query`, async () => {
    const hosts = Array.from({ length: 256 }, (_, i) => `192.0.2.${i}`);
    expect(await read({ prefixes: hosts }, 1)).toHaveLength(1);
    expect(await read({ filters: hosts }, 1)).toHaveLength(1);
    expect(await codeOf(read({ prefixes: [...hosts, '192.0.2.1'] }))).toBe('SAKIMORI_ERR_ACCESS_INVALID_QUERY');
    expect(await codeOf(read({ filters: [...hosts, '192.0.2.1'] }))).toBe('SAKIMORI_ERR_ACCESS_INVALID_QUERY');
    const orgs = Array.from({ length: 65 }, (_, i) => `org_${i}`);
    for (const o of orgs) await linkEvidence(ctx.db, ctx.clock, caseId, 'organization', o);
    expect(await read({ resource: 'contacts', prefixes: [], organizations: orgs.slice(0, 64), from: undefined, to: undefined }, 1)).toHaveLength(1);
    expect(await codeOf(read({ resource: 'contacts', prefixes: [], organizations: orgs, from: undefined, to: undefined }))).toBe('SAKIMORI_ERR_ACCESS_INVALID_QUERY');
    expect(fetched).toBe(3);
    expect((await reads()).map((e) => [e.outcome, e.details.prefixes, e.details.filters, e.details.organizations ?? null])).toEqual([
      ['success', 256, 0, null],
      ['success', 1, 256, null],
      ['denied', 257, 0, 0],
      ['denied', 1, 257, 0],
      ['success', 0, 0, null],
      ['denied', 0, 0, 65],
    ]);
  });

  it('reads organisations only (contacts) as of now, within the organisations the case cites', async () => {
    await linkEvidence(ctx.db, ctx.clock, caseId, 'organization', 'org_airline');
    const now = ctx.clock.now();
    expect(await read({ resource: 'contacts', prefixes: undefined, from: undefined, to: undefined, organizations: ['org_airline'] }, 2)).toHaveLength(2);
    const [entry] = await reads();
    expect(entry).toMatchObject({
      outcome: 'success',
      subjects: [
        { type: 'case', id: caseId },
        { type: 'organization', id: 'org_airline' },
      ],
      personal: [],
      details: { resource: 'contacts', rows: 2, prefixes: 0, from: new Date(now).toISOString(), to: new Date(now).toISOString() },
    });
    expect(await codeOf(read({ resource: 'contacts', prefixes: [], from: undefined, to: undefined, organizations: ['org_airline', 'org_bank'] }))).toBe('SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE');
    expect((await flags.list()).map((f) => [f.kind, f.details.reason])).toEqual([['out_of_scope', 'organization_outside']]);
    expect(fetched).toBe(1);
  });

  it('refuses and flags queries outside the case’s prefixes or window, or for a closed case', async () => {
    expect(await codeOf(read({ prefixes: ['198.51.100.7'] }))).toBe('SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE');
    expect(await codeOf(read({ prefixes: ['192.0.0.0/16'] }))).toBe('SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE');
    expect(await codeOf(read({ from: ctx.clock.now() - 40 * DAY }))).toBe('SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE');
    expect(await codeOf(read({ prefixes: ['2001:db8:100::1'], to: ctx.clock.now() + DAY }))).toBe('SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE');
    const closed = await insertCase(ctx.db, ctx.clock, 'closed');
    await declare(closed, '192.0.2.0/24', 0, null);
    expect(await codeOf(read({ caseId: closed }))).toBe('SAKIMORI_ERR_ACCESS_CASE_CLOSED');
    expect(fetched).toBe(0);
    const raised = await flags.list();
    expect(raised.map((f) => [f.kind, f.caseId, f.details.reason]).reverse()).toEqual([
      ['out_of_scope', caseId, 'prefix_outside'],
      ['out_of_scope', caseId, 'prefix_outside'],
      ['out_of_scope', caseId, 'window_outside'],
      ['out_of_scope', caseId, 'window_outside'],
      ['out_of_scope', closed, 'case_closed'],
    ]);
    const flagEntries = (await auditEntries(store)).filter((e) => e.action === 'monitoring.flag');
    expect(flagEntries[0]!.personal).toEqual([log.personalRef('ip', '198.51.100.7')]);
    expect(flagEntries[4]!.personal).toEqual([log.personalRef('ip', '192.0.2.10')]);
    expect(await auditText(store)).not.toContain('198.51.100.7');
  });

  it('keeps a query inside the entries that cover it: longer entries, other IPv6 words, and any one entry whose window fits', async () => {
    const other = await insertCase(ctx.db, ctx.clock);
    const now = ctx.clock.now();
    await declare(other, '10.1.0.0/24', 0, null);
    await declare(other, '2001:db8:100:1:1::/80', 0, null);
    // A /24 entry does not hold the /16 it starts.
    expect(await codeOf(read({ caseId: other, prefixes: ['10.1.0.0/16'] }))).toBe('SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE');
    // IPv6 addresses that differ from the entry only in the second or the third 32-bit word.
    expect(await codeOf(read({ caseId: other, prefixes: ['2001:db8:200:1:1::5'] }))).toBe('SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE');
    expect(await codeOf(read({ caseId: other, prefixes: ['2001:db8:100:1:2::5'] }))).toBe('SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE');
    expect(await read({ caseId: other, prefixes: ['2001:db8:100:1:1::5', '10.1.0.9'] }, 1)).toHaveLength(1);
    // Two entries hold the address; the one whose window fits is enough.
    await declare(other, '10.1.0.0/25', 0, 1000);
    expect(await read({ caseId: other, prefixes: ['10.1.0.9'], from: now - DAY, to: now }, 1)).toHaveLength(1);
    // Pending and rejected entries count for nothing, even narrow ones (the limits may have been raised since).
    await declare(other, '10.2.0.0/24', 0, null, 'pending');
    const rejected = await declare(other, '10.3.0.0/24', 0, null, 'pending');
    await scopes.decide(other, rejected.id, 'rejected', 'usr_commission1');
    for (const p of ['10.2.0.1', '10.3.0.1']) expect(await codeOf(read({ caseId: other, prefixes: [p] }))).toBe('SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE');
    expect((await flags.list()).map((f) => f.details.reason).reverse()).toEqual(['prefix_outside', 'prefix_outside', 'prefix_outside', 'not_approved', 'not_approved']);
  });

  it('tells the caller which of their own prefixes, windows or organisations lies outside the case', async () => {
    const messageOf = (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (e: unknown) => (e as Error).message,
      );
    const now = ctx.clock.now();
    const pending = await insertCase(ctx.db, ctx.clock);
    await declare(pending, '198.51.100.0/24', 0, null, 'pending');
    expect(await messageOf(read({ prefixes: ['198.51.100.7'] }))).toBe(`the query is outside the scope of case ${caseId}: prefix 198.51.100.7/32 is not in the case's scope`);
    expect(await messageOf(read({ caseId: pending, prefixes: ['198.51.100.7'] }))).toBe(
      `the query is outside the scope of case ${pending}: prefix 198.51.100.7/32 lies only in scope entries wider than the limit that the commission has not approved`,
    );
    const from = now - 40 * DAY;
    expect(await messageOf(read({ from }))).toBe(
      `the query is outside the scope of case ${caseId}: window ${new Date(from).toISOString()}–${new Date(now).toISOString()} for 192.0.2.10/32 is outside the case's window`,
    );
    expect(await messageOf(read({ resource: 'contacts', prefixes: undefined, from: undefined, to: undefined, organizations: ['org_bank'] }))).toBe(
      `the query is outside the scope of case ${caseId}: organization org_bank is not linked to the case`,
    );
  });

  it('counts a scope entry wider than the limit only once the commission approved it, IPv4 written in IPv6 included', async () => {
    const other = await insertCase(ctx.db, ctx.clock);
    const from = ctx.clock.now() - DAY;
    // Entries that predate the limit (not_needed) or await approval: none of them counts.
    for (const wide of ['0.0.0.0/0', '198.0.0.0/8', '::/0', '::ffff:0:0/96', '::/64', '2001::/16']) await declare(other, wide, 0, null);
    await declare(other, '198.51.0.0/15', 0, null, 'pending');
    for (const p of ['198.51.100.7', '::ffff:198.51.100.7', '2001:db8:5::1']) expect(await codeOf(read({ caseId: other, prefixes: [p], from }))).toBe('SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE');
    expect((await flags.list()).map((f) => f.details.reason)).toEqual(['not_approved', 'not_approved', 'not_approved']);
    // At the limit (/16 and /32 by default) an entry counts without approval.
    await declare(other, '198.51.0.0/16', 0, null);
    await declare(other, '2001:db8::/32', 0, null);
    expect(await read({ caseId: other, prefixes: ['198.51.100.7', '::ffff:198.51.100.8', '2001:db8:5::1'], from }, 1)).toHaveLength(1);
    // Approved by the commission, a wide entry counts.
    const wide = await declare(other, '203.0.0.0/8', 0, null, 'pending');
    expect(await codeOf(read({ caseId: other, prefixes: ['203.0.113.9'], from }))).toBe('SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE');
    await scopes.decide(other, wide.id, 'approved', 'usr_commission1');
    expect(await read({ caseId: other, prefixes: ['203.0.113.9'], from }, 1)).toHaveLength(1);
    // Rejected, it does not.
    const rejected = await declare(other, '100.0.0.0/8', 0, null, 'pending');
    await scopes.decide(other, rejected.id, 'rejected', 'usr_commission1');
    expect(await codeOf(read({ caseId: other, prefixes: ['100.64.0.1'], from }))).toBe('SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE');
  });

  it('derives the scope from the attacks a case cites: each target over the attack’s time and the margin', async () => {
    const cited = await insertCase(ctx.db, ctx.clock);
    const t0 = ctx.clock.now() - 10 * DAY;
    const hour = 3_600_000;
    await insertAttack(ctx.db, { id: 'atk-ended', target: '198.51.100.53', startedAt: t0, endedAt: t0 + hour });
    await insertAttack(ctx.db, { id: 'atk-carpet', target: '198.18.0.0/22', startedAt: t0, endedAt: null });
    await insertAttack(ctx.db, { id: 'atk-elsewhere', target: '203.0.113.80', startedAt: t0, endedAt: t0 + hour });
    await linkEvidence(ctx.db, ctx.clock, cited, 'attack', 'atk-ended');
    await linkEvidence(ctx.db, ctx.clock, cited, 'attack', 'atk-carpet');
    await linkEvidence(ctx.db, ctx.clock, cited, 'attack', 'atk-gone');
    await linkEvidence(ctx.db, ctx.clock, cited, 'indicator', 'atk-elsewhere');
    const at = (prefix: string, from: number, to: number) => read({ caseId: cited, prefixes: [prefix], from, to }, 1);
    // The default margin is an hour on either side.
    expect(await at('198.51.100.53', t0 - hour, t0 + 2 * hour)).toHaveLength(1);
    expect(await codeOf(at('198.51.100.53', t0 - hour - 1, t0 + hour))).toBe('SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE');
    expect(await codeOf(at('198.51.100.53', t0, t0 + 2 * hour + 1))).toBe('SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE');
    expect(await codeOf(at('198.51.100.54', t0, t0 + hour))).toBe('SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE');
    // An attack still running leaves the window open; a prefix target covers its addresses.
    expect(await at('198.18.1.7', t0, ctx.clock.now() + DAY)).toHaveLength(1);
    // Evidence of another kind, and an attack no longer stored, give nothing.
    expect(await codeOf(at('203.0.113.80', t0, t0 + hour))).toBe('SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE');
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

  it('flags the same person returned across several cases, counted by the rows returned, not by the query', async () => {
    const cases = [caseId, await insertCase(ctx.db, ctx.clock), await insertCase(ctx.db, ctx.clock)];
    await declare(cases[1]!, '192.0.0.0/16', 0, null);
    await scopes.decide(cases[2]!, (await declare(cases[2]!, '192.0.0.0/8', 0, null, 'pending')).id, 'approved', 'usr_commission1');
    // The same host through a /24, a /16 and a /8: three different queries, one person.
    await read({ caseId: cases[0], prefixes: ['192.0.2.0/24'] }, ['192.0.2.99']);
    await read({ caseId: cases[0], prefixes: ['192.0.2.0/24'] }, ['192.0.2.99', '192.0.2.5']);
    await read({ caseId: cases[1], prefixes: ['192.0.0.0/16'] }, ['192.0.2.99', '192.0.2.5']);
    // Asking for a person and getting nothing back is no look-up of them.
    await read({ caseId: cases[2], prefixes: ['192.0.2.5'] }, []);
    expect(await flags.list()).toEqual([]);
    await read({ caseId: cases[2], prefixes: ['192.0.0.0/8'] }, ['::ffff:192.0.2.99', '192.0.2.99']);
    const [flag] = await flags.list();
    expect(flag).toMatchObject({ kind: 'repeated_lookup', caseId: cases[2], details: { cases: 3, person: log.personalRef('ip', '192.0.2.99').mac } });
    const entry = (await auditEntries(store)).find((e) => e.action === 'monitoring.flag');
    expect(entry?.personal).toEqual([log.personalRef('ip', '192.0.2.99')]);
    expect((await reads()).map((e) => e.details.persons)).toEqual([1, 2, 2, 0, 1]);
  });
});
