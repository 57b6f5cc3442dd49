/**
 * Cases, the extra gates, access-and-neutralisation records and notices through the services on
 * both engines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { BOTS, requestInput } from '../testing/inputs.js';
import { createOperationsFixture, PEOPLE, type OperationsFixture } from '../testing/operations-fixture.js';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return isSakimoriError(e) ? e.code : `not coded: ${String(e)}`;
  }
}

describeStorage('operations: cases, gates and notices', (ctx) => {
  let f: OperationsFixture;
  let caseId: string;
  beforeEach(async () => {
    await ctx.reset();
    f = await createOperationsFixture(ctx, { config: { notices: { owners: [{ prefix: '100.64.0.0/11', name: 'Hoshi Broadband', abuseEmail: 'abuse@hoshi.example', asn: 64601 }] } } });
    f.attacks.add({ id: 'A1', target: '192.0.2.7', organizationId: f.orgs['Aozora Airlines'] }, [...BOTS]);
    caseId = (await f.ops.cases.open(PEOPLE.analyst, { title: 'flood', evidence: [{ kind: 'attack', ref: 'A1' }] })).case.id;
  });
  afterEach(() => f.close());

  it('moves cases through their states, keeps notes and evidence, and will not close a case with actions in force', async () => {
    expect(await codeOf(f.ops.cases.open(PEOPLE.auditor, { title: 'x' }))).toBe('SAKIMORI_ERR_OPERATIONS_FORBIDDEN');
    expect(await codeOf(f.ops.cases.get(PEOPLE.auditor, caseId))).toBe('SAKIMORI_ERR_OPERATIONS_FORBIDDEN');
    await f.ops.cases.addEvidence(PEOPLE.officer, caseId, { kind: 'indicator', ref: '45.32.13.180', note: 'ESET LiberalFace C2' });
    expect(await codeOf(f.ops.cases.addEvidence(PEOPLE.officer, caseId, { kind: 'attack', ref: 'A1' }))).toBe('SAKIMORI_ERR_OPERATIONS_DUPLICATE_EVIDENCE');
    // Case writes are for the case workers; every note is audited (its text stays in the case).
    expect(await codeOf(f.ops.cases.addNote(PEOPLE.memberA, caseId, 'Approve it, we trust you.'))).toBe('SAKIMORI_ERR_OPERATIONS_FORBIDDEN');
    await f.ops.cases.addNote(PEOPLE.analyst, caseId, 'Commission asked for the attacker list.');
    expect(f.audit.of('case.note_add')).toEqual([
      { actor: { kind: 'user', id: 'analyst-kato', role: 'nco_analyst' }, action: 'case.note_add', subjects: [{ type: 'case', id: caseId }], details: { characters: 39 } },
    ]);
    await f.ops.cases.assign(PEOPLE.analyst, caseId, 'officer-sato');
    const r = await f.ops.requests.create(PEOPLE.officer, requestInput(caseId, { mechanism: 'blocklist', prefixes: [...BOTS] }));
    for (const m of [PEOPLE.memberA, PEOPLE.memberB]) await f.ops.approvals.vote(m, r.request.id, { decision: 'approve', digest: r.request.digest });
    await f.ops.cases.transition(PEOPLE.analyst, caseId, 'contained');
    expect(await codeOf(f.ops.cases.transition(PEOPLE.analyst, caseId, 'closed'))).toBe('SAKIMORI_ERR_OPERATIONS_CASE_HAS_ACTIVE_ACTIONS');
    expect(await codeOf(f.ops.cases.transition(PEOPLE.analyst, caseId, 'contained'))).toBe('SAKIMORI_ERR_OPERATIONS_CASE_TRANSITION');
    await f.ops.executions.withdraw(PEOPLE.memberC, r.request.id, 'Sources have gone quiet.');
    const closed = await f.ops.cases.transition(PEOPLE.analyst, caseId, 'closed');
    expect(closed).toMatchObject({ state: 'closed', assignee: 'officer-sato', closedAt: ctx.clock.now() });
    const d = await f.ops.cases.get(PEOPLE.memberA, caseId);
    expect(d.evidence.map((e) => `${e.kind}:${e.ref}`)).toEqual(['attack:A1', 'indicator:45.32.13.180']);
    expect(d.notes.map((n) => n.text)).toEqual(['Commission asked for the attacker list.']);
    // The address indicator went into the audit entry as a personal reference only.
    expect(f.audit.of('case.evidence_add').at(-1)).toMatchObject({ personal: [{ kind: 'ip', value: '45.32.13.180' }], details: { kind: 'indicator' } });
    expect(f.audit.of('case.transition').map((e) => [e.outcome ?? 'success', e.details])).toContainEqual(['denied', { code: 'SAKIMORI_ERR_OPERATIONS_CASE_HAS_ACTIVE_ACTIONS' }]);
    expect((await f.subjects()).filter((s) => s.startsWith('operations.case'))).toEqual(['operations.case.opened', 'operations.case.transitioned', 'operations.case.transitioned']);
  });

  it("holds a defence unit's request until the Prime Minister's order is recorded, then executes", async () => {
    const r = await f.ops.requests.create(PEOPLE.defence, requestInput(caseId, { mechanism: 'blocklist', prefixes: [...BOTS] }));
    expect(r.openGates).toEqual(['prime_minister_order']);
    for (const m of [PEOPLE.memberA, PEOPLE.memberB]) await f.ops.approvals.vote(m, r.request.id, { decision: 'approve', digest: r.request.digest });
    expect((await f.ops.requests.get(PEOPLE.memberA, r.request.id)).request.state).toBe('pending_approval');
    expect(await codeOf(f.ops.approvals.recordGate(PEOPLE.memberA, r.request.id, { gate: 'prime_minister_order', reference: 'PMO-1' }))).toBe('SAKIMORI_ERR_OPERATIONS_FORBIDDEN');
    expect(await codeOf(f.ops.approvals.recordGate(PEOPLE.analyst, r.request.id, { gate: 'foreign_ministry_consultation', reference: 'MOFA-1' }))).toBe('SAKIMORI_ERR_APPROVAL_GATE_NOT_APPLICABLE');
    const done = await f.ops.approvals.recordGate(PEOPLE.analyst, r.request.id, { gate: 'prime_minister_order', reference: 'PMO-2026-0042' });
    expect(done.request.state).toBe('active');
    expect(done.openGates).toEqual([]);
    expect(done.targets).toEqual([{ peer: 'file', state: 'active', n: 3 }]);
  });

  it('records an access-and-neutralisation authorisation abroad, its outcome report, and its expiry', async () => {
    await f.ops.cases.flagSerious(PEOPLE.analyst, caseId, true);
    const input = requestInput(
      caseId,
      {
        mechanism: 'access_neutralisation',
        officer: 'NPA-CY-0042',
        target: { description: 'C2 server relaying NOOPDOOR commands', address: '45.32.13.180' },
        foreignLocation: true,
        measure: 'Have the C2 process stopped',
      },
      { durationSeconds: 86400, evidence: [{ kind: 'indicator', ref: '45.32.13.180' }] },
    );
    expect(await codeOf(f.ops.requests.create(PEOPLE.analyst, input))).toBe('SAKIMORI_ERR_OPERATIONS_FORBIDDEN');
    const r = await f.ops.requests.create(PEOPLE.officer, input);
    expect(r.request.abroad).toBe(true);
    expect(r.openGates).toEqual(['foreign_ministry_consultation', 'national_security_council_review']);
    await f.ops.approvals.recordGate(PEOPLE.officer, r.request.id, { gate: 'foreign_ministry_consultation', reference: 'MOFA-2026-17' });
    for (const m of [PEOPLE.memberA, PEOPLE.memberB]) await f.ops.approvals.vote(m, r.request.id, { decision: 'approve', digest: r.request.digest });
    const ok = await f.ops.approvals.recordGate(PEOPLE.analyst, r.request.id, { gate: 'national_security_council_review', reference: 'NSC-2026-3' });
    expect(ok.request.state).toBe('active');
    expect(ok.targets).toEqual([{ peer: 'record', state: 'active', n: 1 }]);
    expect(await codeOf(f.ops.executions.reportOutcome(PEOPLE.officer2, r.request.id, { outcome: 'neutralised', report: 'x' }))).toBe('SAKIMORI_ERR_OPERATIONS_NOT_REQUESTER');
    const reported = await f.ops.executions.reportOutcome(PEOPLE.officer, r.request.id, { outcome: 'neutralised', report: 'Hosting provider abroad stopped the server after consultation.' });
    expect(reported.request.outcome).toMatchObject({ reportedBy: 'officer-sato', outcome: 'neutralised' });
    expect(await codeOf(f.ops.executions.reportOutcome(PEOPLE.officer, r.request.id, { outcome: 'failed', report: 'again' }))).toBe('SAKIMORI_ERR_OPERATIONS_REQUEST_STATE');
    ctx.clock.advance(86_400_000);
    await f.ops.check();
    expect((await f.ops.requests.get(PEOPLE.memberA, r.request.id)).request.state).toBe('expired');
  });

  it('sends an abuse notice for listed attack sources only, once approved', async () => {
    const notice = (sources: string[]) => requestInput(caseId, { mechanism: 'abuse_notice', attackId: 'A1', sources }, { durationSeconds: undefined, evidence: [] });
    expect(await codeOf(f.ops.requests.create(PEOPLE.analyst, notice(['100.64.0.1', '100.64.200.1'])))).toBe('SAKIMORI_ERR_OPERATIONS_INVALID_INPUT');
    expect(await codeOf(f.ops.requests.create(PEOPLE.analyst, { ...notice(['100.64.0.1']), durationSeconds: 60 }))).toBe('SAKIMORI_ERR_OPERATIONS_INVALID_INPUT');
    const r = await f.ops.requests.create(PEOPLE.analyst, notice(['100.64.0.1', '100.64.3.77']));
    expect(r.request.evidence).toEqual([{ kind: 'attacker_list', ref: 'A1' }]);
    for (const m of [PEOPLE.memberA, PEOPLE.memberB]) await f.ops.approvals.vote(m, r.request.id, { decision: 'approve', digest: r.request.digest });
    const done = await f.ops.requests.get(PEOPLE.analyst, r.request.id);
    expect(done.request.state).toBe('completed');
    expect(done.execution).toMatchObject({ state: 'completed', expiresAt: null });
    expect(readdirSync(join(f.dataDir, 'outbox', r.request.id))).toEqual(['001-abuse_hoshi.example.eml']);
    expect(readFileSync(join(f.dataDir, 'outbox', r.request.id, '001-abuse_hoshi.example.eml'), 'utf8')).toContain('report-type=feedback-report');
    expect(f.audit.of('notice.send')).toMatchObject([{ details: { mechanism: 'abuse_notice', delivered: 1, failed: 0 } }]);
  });

  it("notifies an ISP of its infected customers, only of hosts in the ISP's networks", async () => {
    const kumo = f.orgs['Kumo Mobile'];
    const input = (address: string) =>
      requestInput(
        caseId,
        { mechanism: 'isp_notice', organizationId: kumo, hosts: [{ address, evidence: 'outbound UDP flood', detectedAt: ctx.clock.now() }] },
        { durationSeconds: undefined, evidence: [] },
      );
    expect(await codeOf(f.ops.requests.create(PEOPLE.analyst, input('192.0.2.50')))).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_NOT_PROTECTED');
    const r = await f.ops.requests.create(PEOPLE.analyst, input('198.18.3.4'));
    for (const m of [PEOPLE.memberB, PEOPLE.memberC]) await f.ops.approvals.vote(m, r.request.id, { decision: 'approve', digest: r.request.digest });
    expect(readFileSync(join(f.dataDir, 'outbox', r.request.id, '001-abuse_kumo.example.eml'), 'utf8')).toContain('198.18.3.4,outbound UDP flood,');
  });

  it('shows the catalogue with what can run here', () => {
    const c = f.ops.requests.catalogue();
    expect(c.map((e) => [e.mechanism, e.mode, e.available, e.emergency])).toEqual([
      ['rtbh', 'standing', false, true],
      ['flowspec', 'standing', false, true],
      // Not on the emergency path by default: no source of intelligence links domains to attacks yet.
      ['dns_rpz', 'standing', true, false],
      ['blocklist', 'standing', true, true],
      ['abuse_notice', 'one_shot', true, false],
      ['isp_notice', 'one_shot', true, false],
      ['access_neutralisation', 'standing', true, true],
    ]);
  });
});
