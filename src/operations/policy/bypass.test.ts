/**
 * The ways around prior approval an outside probe found, tried again through the services on both
 * engines. Each test is named after the rule it proves; each failed against the code before the
 * rule was enforced.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BgpSpeaker } from '../../bgp/speaker.js';
import { demoSpeaker } from '../../cli/demo-router.js';
import { validateConfig } from '../../config/load.js';
import { Lifecycle } from '../../core/component.js';
import { isSakimoriError } from '../../core/errors.js';
import { createMetricsRegistry } from '../../core/metrics.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { BOTS, requestInput } from '../testing/inputs.js';
import { actor, createOperationsFixture, PEOPLE, type OperationsFixture } from '../testing/operations-fixture.js';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return isSakimoriError(e) ? e.code : `not coded: ${String(e)}`;
  }
}

const NOT_DERIVED = 'SAKIMORI_ERR_OPERATIONS_EMERGENCY_NOT_DERIVED';

describeStorage('operations: the ways around prior approval', (ctx) => {
  let f: OperationsFixture;
  let caseId: string;
  let life: Lifecycle;
  let speaker: BgpSpeaker;
  const emergency = (action: Record<string, unknown>, over: Record<string, unknown> = {}) => requestInput(caseId, action, { durationSeconds: 1800, urgency: 'immediate', ...over });

  beforeEach(async () => {
    await ctx.reset();
    // A real BGP session over loopback to an in-process router, for RTBH and FlowSpec.
    life = new Lifecycle(ctx.deps.logger);
    speaker = await demoSpeaker(validateConfig({ bgp: { enabled: true, localAs: 64512 } }).bgp, { ...ctx.deps, metrics: createMetricsRegistry() }, life);
    await life.start();
    // RPZ on the emergency path, so that the derivation rule (not the configuration) is what refuses.
    f = await createOperationsFixture(ctx, { speaker, config: { emergency: { mechanisms: ['rtbh', 'flowspec', 'dns_rpz', 'blocklist', 'access_neutralisation'] } } });
    f.attacks.add({ id: 'A1', target: '192.0.2.7', organizationId: f.orgs['Aozora Airlines'] }, [...BOTS]);
    f.attacks.linkDomains('A1', ['c2.botnet.example']);
    // Another operator under another attack, by other bots.
    f.attacks.add({ id: 'A2', target: '198.51.100.9', organizationId: f.orgs['Minato Bank'] }, ['100.64.9.1', '100.64.9.2']);
    caseId = (await f.ops.cases.open(PEOPLE.officer, { title: 'flood', evidence: [{ kind: 'attack', ref: 'A1' }] })).case.id;
  });
  afterEach(async () => {
    await f.close();
    await life.stop();
  });

  async function nothingStored(): Promise<void> {
    expect(await ctx.db.selectFrom('countermeasure_requests').select('id').where('path', '=', 'emergency').execute()).toEqual([]);
    expect(await ctx.db.selectFrom('executions').selectAll().execute()).toEqual([]);
  }

  describe('item 1: an emergency action acts only on what its active attack shows', () => {
    it('an emergency FlowSpec discards only traffic to the victim of the cited attack', async () => {
      const otherOperator = { mechanism: 'flowspec', match: { kind: 'traffic', destination: '198.51.100.0/24', protocol: 6 }, treatment: { kind: 'discard' } };
      expect(await codeOf(f.ops.emergency.create(PEOPLE.officer, emergency(otherOperator)))).toBe(NOT_DERIVED);
      const wider = { mechanism: 'flowspec', match: { kind: 'traffic', destination: '192.0.2.0/24', protocol: 6 }, treatment: { kind: 'discard' } };
      expect(await codeOf(f.ops.emergency.create(PEOPLE.officer, emergency(wider)))).toBe(NOT_DERIVED);
      await nothingStored();
      const victim = { mechanism: 'flowspec', match: { kind: 'traffic', destination: '192.0.2.7', protocol: 6 }, treatment: { kind: 'discard' } };
      expect((await f.ops.emergency.create(PEOPLE.officer, emergency(victim))).request.state).toBe('active');
    });

    it("an emergency FlowSpec on sources names only the cited attack's observed sources, against its own victim", async () => {
      const strangers = { mechanism: 'flowspec', match: { kind: 'sources', sources: ['100.65.1.1'], destination: '192.0.2.7' }, treatment: { kind: 'discard' } };
      expect(await codeOf(f.ops.emergency.create(PEOPLE.officer, emergency(strangers)))).toBe(NOT_DERIVED);
      // The bank's attackers, cited too, may not be used against the airline's victim.
      const crossed = { mechanism: 'flowspec', match: { kind: 'sources', sources: ['100.64.9.1'], destination: '192.0.2.7' }, treatment: { kind: 'discard' } };
      const both = {
        evidence: [
          { kind: 'attack', ref: 'A1' },
          { kind: 'attack', ref: 'A2' },
        ],
      };
      expect(await codeOf(f.ops.emergency.create(PEOPLE.officer, emergency(crossed, both)))).toBe(NOT_DERIVED);
      const prefix = { mechanism: 'flowspec', match: { kind: 'sources', sources: ['100.64.0.0/24'], destination: '192.0.2.7' }, treatment: { kind: 'discard' } };
      expect(await codeOf(f.ops.emergency.create(PEOPLE.officer, emergency(prefix)))).toBe(NOT_DERIVED);
      await nothingStored();
      const own = { mechanism: 'flowspec', match: { kind: 'sources', sources: [...BOTS], destination: '192.0.2.7' }, treatment: { kind: 'discard' } };
      expect((await f.ops.emergency.create(PEOPLE.officer, emergency(own))).request.state).toBe('active');
    });

    it('an emergency block list holds only observed sources of the cited active attack', async () => {
      expect(await codeOf(f.ops.emergency.create(PEOPLE.officer, emergency({ mechanism: 'blocklist', prefixes: ['100.65.7.0/24'] })))).toBe(NOT_DERIVED);
      expect(await codeOf(f.ops.emergency.create(PEOPLE.officer, emergency({ mechanism: 'blocklist', prefixes: ['100.64.0.1', '100.65.7.1'] })))).toBe(NOT_DERIVED);
      // Citing a second, active attack does not make its sources fair game for more than they are.
      expect(await codeOf(f.ops.emergency.create(PEOPLE.officer, emergency({ mechanism: 'blocklist', prefixes: ['100.64.9.3'] }, { evidence: [{ kind: 'attack', ref: 'A2' }] })))).toBe(NOT_DERIVED);
      await nothingStored();
      const ok = await f.ops.emergency.create(PEOPLE.officer, emergency({ mechanism: 'blocklist', prefixes: ['100.64.0.1'] }));
      expect(ok.request.state).toBe('active');
      expect(readFileSync(join(f.dataDir, 'blocklist', 'blocklist.txt'), 'utf8')).toContain('100.64.0.1');
    });

    it('an ended attack derives nothing, even when an active one is cited beside it', async () => {
      f.attacks.end('A2', ctx.clock.now());
      const input = emergency(
        { mechanism: 'blocklist', prefixes: ['100.64.9.1'] },
        {
          evidence: [
            { kind: 'attack', ref: 'A1' },
            { kind: 'attack', ref: 'A2' },
          ],
        },
      );
      expect(await codeOf(f.ops.emergency.create(PEOPLE.officer, input))).toBe(NOT_DERIVED);
      const rtbh = emergency(
        { mechanism: 'rtbh', victim: '198.51.100.9' },
        {
          evidence: [
            { kind: 'attack', ref: 'A1' },
            { kind: 'attack', ref: 'A2' },
          ],
        },
      );
      expect(await codeOf(f.ops.emergency.create(PEOPLE.officer, rtbh))).toBe(NOT_DERIVED);
      await nothingStored();
    });

    it('an emergency RPZ sinkholes only domains that intelligence links to the cited attack', async () => {
      const rpz = (domains: string[]) => emergency({ mechanism: 'dns_rpz', domains });
      expect(await codeOf(f.ops.emergency.create(PEOPLE.officer, rpz(['www.example.org'])))).toBe(NOT_DERIVED);
      expect(await codeOf(f.ops.emergency.create(PEOPLE.officer, rpz(['c2.botnet.example', 'www.example.org'])))).toBe(NOT_DERIVED);
      // A public suffix is refused on every path: `co.jp` would put `*.co.jp` in the zone.
      expect(await codeOf(f.ops.emergency.create(PEOPLE.officer, rpz(['co.jp'])))).toBe(NOT_DERIVED);
      expect(await codeOf(f.ops.requests.create(PEOPLE.officer, requestInput(caseId, { mechanism: 'dns_rpz', domains: ['co.jp'] })))).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_PUBLIC_SUFFIX');
      await nothingStored();
      const ok = await f.ops.emergency.create(PEOPLE.officer, rpz(['C2.Botnet.Example.']));
      expect(ok.request.state).toBe('active');
    });

    it('an emergency access-and-neutralisation authorisation names only an observed source of the cited attack', async () => {
      const an = (target: Record<string, unknown>) =>
        emergency({ mechanism: 'access_neutralisation', officer: 'officer-sato', target: { description: 'C2 server', ...target }, foreignLocation: false, measure: 'disable the C2 service' });
      expect(await codeOf(f.ops.emergency.create(PEOPLE.officer, an({ address: '100.65.0.1' })))).toBe(NOT_DERIVED);
      expect(await codeOf(f.ops.emergency.create(PEOPLE.officer, an({})))).toBe(NOT_DERIVED);
      expect(await codeOf(f.ops.emergency.create(PEOPLE.officer, an({ domain: 'www.example.org' })))).toBe(NOT_DERIVED);
      await nothingStored();
      expect((await f.ops.emergency.create(PEOPLE.officer, an({ address: '100.64.0.2' }))).request.state).toBe('active');
    });

    it('an emergency RTBH blackholes only the victim of the cited active attack', async () => {
      expect(await codeOf(f.ops.emergency.create(PEOPLE.officer, emergency({ mechanism: 'rtbh', victim: '192.0.2.8' })))).toBe(NOT_DERIVED);
      await nothingStored();
      expect((await f.ops.emergency.create(PEOPLE.officer, emergency({ mechanism: 'rtbh', victim: '192.0.2.7' }))).request.state).toBe('active');
    });
  });

  describe('item 2: an amendment is checked exactly like a new request', () => {
    const notice = () => requestInput(caseId, { mechanism: 'abuse_notice', attackId: 'A1', sources: ['100.64.0.1'] }, { durationSeconds: undefined });

    it('an amendment cannot escalate the mechanism past the requester’s rights', async () => {
      const r = await f.ops.requests.create(PEOPLE.analyst, notice());
      const an = requestInput(caseId, { mechanism: 'access_neutralisation', officer: 'analyst-kato', target: { description: 'bot', address: '100.64.0.1' }, foreignLocation: false, measure: 'x' });
      expect(await codeOf(f.ops.requests.amend(PEOPLE.analyst, r.request.id, an))).toBe('SAKIMORI_ERR_OPERATIONS_FORBIDDEN');
      const flowspec = requestInput(caseId, { mechanism: 'flowspec', match: { kind: 'sources', sources: ['100.64.0.1'], destination: '192.0.2.7' }, treatment: { kind: 'discard' } });
      expect(await codeOf(f.ops.requests.amend(PEOPLE.analyst, r.request.id, flowspec))).toBe('SAKIMORI_ERR_OPERATIONS_FORBIDDEN');
      const after = await f.ops.requests.get(PEOPLE.memberA, r.request.id);
      expect(after.request).toMatchObject({ mechanism: 'abuse_notice', revision: 1, digest: r.request.digest, requesterRole: 'nco_analyst' });
      expect(f.audit.of('request.amend').map((e) => [e.outcome, e.details?.['code']])).toEqual([
        ['denied', 'SAKIMORI_ERR_OPERATIONS_FORBIDDEN'],
        ['denied', 'SAKIMORI_ERR_OPERATIONS_FORBIDDEN'],
      ]);
    });

    it('an amendment needs the requester’s rights as they are now, not as they were', async () => {
      const r = await f.ops.requests.create(PEOPLE.officer, requestInput(caseId, { mechanism: 'blocklist', prefixes: [...BOTS] }));
      // The same person, moved to the analysts' desk.
      const moved = actor('officer-sato', 'nco_analyst');
      expect(await codeOf(f.ops.requests.amend(moved, r.request.id, requestInput(caseId, { mechanism: 'blocklist', prefixes: ['100.64.0.1'] })))).toBe('SAKIMORI_ERR_OPERATIONS_FORBIDDEN');
      expect(await codeOf(f.ops.requests.amend(PEOPLE.officer2, r.request.id, requestInput(caseId, { mechanism: 'blocklist', prefixes: ['100.64.0.1'] })))).toBe(
        'SAKIMORI_ERR_OPERATIONS_NOT_REQUESTER',
      );
    });

    it('every amendment voids the votes cast so far, even when the action stays the same, and is audited', async () => {
      const input = requestInput(caseId, { mechanism: 'blocklist', prefixes: [...BOTS] });
      const r = await f.ops.requests.create(PEOPLE.officer, input);
      await f.ops.approvals.vote(PEOPLE.memberA, r.request.id, { decision: 'approve', digest: r.request.digest });
      // Only the harm assessment changes: the member approved another assessment.
      const amended = await f.ops.requests.amend(PEOPLE.officer, r.request.id, { ...input, harm: { life: 'none', body: 'none', property: 'none' } });
      expect(amended.request.revision).toBe(2);
      expect(amended.request.digest).not.toBe(r.request.digest);
      expect(amended.approvals).toBe(0);
      expect(await codeOf(f.ops.approvals.vote(PEOPLE.memberB, r.request.id, { decision: 'approve', digest: r.request.digest }))).toBe('SAKIMORI_ERR_APPROVAL_DIGEST_MISMATCH');
      await f.ops.approvals.vote(PEOPLE.memberB, r.request.id, { decision: 'approve', digest: amended.request.digest });
      expect((await f.ops.requests.get(PEOPLE.memberA, r.request.id)).request.state).toBe('pending_approval');
      expect(f.audit.of('request.amend')).toMatchObject([
        { actor: { id: 'officer-sato' }, details: { previousDigest: r.request.digest, digest: amended.request.digest, revision: 2, previousMechanism: 'blocklist' } },
      ]);
    });
  });

  describe('item 6: flagging a case serious gates the requests still awaiting approval', () => {
    it('a request made before the case was flagged serious waits for the national security council', async () => {
      const r = await f.ops.requests.create(PEOPLE.officer, requestInput(caseId, { mechanism: 'blocklist', prefixes: [...BOTS] }));
      expect(r.openGates).toEqual([]);
      await f.ops.cases.flagSerious(PEOPLE.analyst, caseId, true);
      for (const m of [PEOPLE.memberA, PEOPLE.memberB]) await f.ops.approvals.vote(m, r.request.id, { decision: 'approve', digest: r.request.digest });
      const held = await f.ops.requests.get(PEOPLE.memberA, r.request.id);
      expect([held.request.state, held.openGates, held.approvals]).toEqual(['pending_approval', ['national_security_council_review'], 2]);
      expect(await ctx.db.selectFrom('executions').selectAll().execute()).toEqual([]);
      expect(f.audit.of('case.transition').at(-1)).toMatchObject({ details: { serious: true, gateAdded: 1 }, subjects: [{ type: 'case' }, { type: 'request', id: r.request.id }] });
      // Unflagging does not take the gate away again.
      await f.ops.cases.flagSerious(PEOPLE.analyst, caseId, false);
      expect((await f.ops.requests.get(PEOPLE.memberA, r.request.id)).openGates).toEqual(['national_security_council_review']);
      const done = await f.ops.approvals.recordGate(PEOPLE.analyst, r.request.id, { gate: 'national_security_council_review', reference: 'NSC-2026-11' });
      expect(done.request.state).toBe('active');
    });

    it('only an analyst flags a case serious', async () => {
      expect(await codeOf(f.ops.cases.flagSerious(PEOPLE.officer, caseId, false))).toBe('SAKIMORI_ERR_OPERATIONS_FORBIDDEN');
      expect(f.audit.of('case.transition').at(-1)).toMatchObject({ outcome: 'denied' });
    });
  });

  describe('item 12: every read of target addresses is audited', () => {
    it('reading the targets of an execution is a recorded look at personal data', async () => {
      const r = await f.ops.requests.create(PEOPLE.officer, requestInput(caseId, { mechanism: 'blocklist', prefixes: [...BOTS] }));
      for (const m of [PEOPLE.memberA, PEOPLE.memberB]) await f.ops.approvals.vote(m, r.request.id, { decision: 'approve', digest: r.request.digest });
      const before = f.audit.of('data.read').length;
      const targets = await f.ops.executions.targets(PEOPLE.memberC, r.request.id);
      expect(targets.length).toBe(3);
      expect(f.audit.of('data.read').slice(before)).toEqual([
        {
          actor: { kind: 'user', id: 'member-chiba', role: 'commission_member' },
          action: 'data.read',
          subjects: [
            { type: 'case', id: caseId },
            { type: 'request', id: r.request.id },
          ],
          purpose: { case: caseId, purpose: 'execution targets' },
          personal: BOTS.map((value) => ({ kind: 'ip', value })),
          details: { personalTruncated: false },
        },
      ]);
    });
  });

  describe('item 19: reasons the commission gives are visible text', () => {
    it('a rejection or a withdrawal order with only invisible characters has no reasons', async () => {
      const r = await f.ops.requests.create(PEOPLE.officer, requestInput(caseId, { mechanism: 'blocklist', prefixes: [...BOTS] }));
      for (const reason of ['\u200b', '\u200b\u200c\u2060', ' \u00a0 ', '\u200f']) {
        expect(await codeOf(f.ops.approvals.vote(PEOPLE.memberA, r.request.id, { decision: 'reject', digest: r.request.digest, reason })), JSON.stringify(reason)).toBe(
          'SAKIMORI_ERR_APPROVAL_REASON_REQUIRED',
        );
      }
      // Text that reads differently from what it is (bidirectional overrides) is refused outright.
      expect(await codeOf(f.ops.approvals.vote(PEOPLE.memberA, r.request.id, { decision: 'reject', digest: r.request.digest, reason: 'approve \u202edevorppa' }))).toBe(
        'SAKIMORI_ERR_OPERATIONS_INVALID_INPUT',
      );
      expect(await codeOf(f.ops.requests.create(PEOPLE.officer, requestInput(caseId, { mechanism: 'blocklist', prefixes: [...BOTS] }, { justification: '\u200b\u200b' })))).toBe(
        'SAKIMORI_ERR_OPERATIONS_INVALID_INPUT',
      );
      expect((await f.ops.requests.get(PEOPLE.memberA, r.request.id)).request.state).toBe('pending_approval');
    });
  });

  describe('item 8: a change and its audit entry commit together', () => {
    it('opens no case, files no request, counts no vote and executes nothing whose entry cannot be recorded', async () => {
      const r = await f.ops.requests.create(PEOPLE.officer, requestInput(caseId, { mechanism: 'blocklist', prefixes: [...BOTS] }));
      await f.ops.approvals.vote(PEOPLE.memberA, r.request.id, { decision: 'approve', digest: r.request.digest });
      const before = { cases: await ctx.db.selectFrom('cases').select('id').execute(), requests: await ctx.db.selectFrom('countermeasure_requests').select('id').execute() };
      // The audit outbox refuses writes from now on (a full disk, a broken database).
      f.audit.record = () => Promise.reject(new Error('the audit outbox refuses writes'));
      await expect(f.ops.cases.open(PEOPLE.analyst, { title: 'unrecorded' })).rejects.toThrow(/refuses writes/);
      await expect(f.ops.requests.create(PEOPLE.officer, requestInput(caseId, { mechanism: 'blocklist', prefixes: ['100.64.0.1'] }))).rejects.toThrow(/refuses writes/);
      await expect(f.ops.approvals.vote(PEOPLE.memberB, r.request.id, { decision: 'approve', digest: r.request.digest })).rejects.toThrow(/refuses writes/);
      await expect(f.ops.emergency.create(PEOPLE.officer, emergency({ mechanism: 'blocklist', prefixes: ['100.64.0.1'] }))).rejects.toThrow(/refuses writes/);
      await expect(f.ops.cases.flagSerious(PEOPLE.analyst, caseId, true)).rejects.toThrow(/refuses writes/);
      expect(await ctx.db.selectFrom('cases').select('id').execute()).toEqual(before.cases);
      expect(await ctx.db.selectFrom('countermeasure_requests').select('id').execute()).toEqual(before.requests);
      expect((await ctx.db.selectFrom('request_votes').select('voter').execute()).map((v) => v.voter)).toEqual(['member-abe']);
      expect(await ctx.db.selectFrom('executions').selectAll().execute()).toEqual([]);
      expect((await ctx.db.selectFrom('cases').select('serious').where('id', '=', caseId).executeTakeFirstOrThrow()).serious).toBeFalsy();
    });
  });
});
