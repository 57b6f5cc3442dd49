/**
 * The rules table (`rules.ts`, docs/approval-rules.md) driven through the services: every
 * transition a person takes, tried by a holder of every role and by the request's own requester,
 * each on a fresh request in the transition's starting state. What the table says is allowed must
 * go through; everything else must be refused with one of the codes the table lists for the row.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { ROLES, type Actor, type Role } from '../../core/roles.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { CATALOGUE, type Mechanism } from '../catalogue/mechanism.js';
import { BOTS, requestInput } from '../testing/inputs.js';
import { actor, createOperationsFixture, PEOPLE, type OperationsFixture } from '../testing/operations-fixture.js';
import { RULES, TRANSITIONS, type Transition, type TransitionRule } from './rules.js';

/** Who tries: a holder of one role who did not make the request, or its requester. */
interface Trier {
  readonly label: string;
  readonly actor: Actor;
  readonly requester: boolean;
}

/** What the table says of `trier` taking the row's transition on a request of `mechanism`. */
function allowedByTable(row: TransitionRule, trier: Trier, mechanism: Mechanism): boolean {
  const roles = row.roles === 'catalogue' ? CATALOGUE[mechanism].requesters : row.roles === 'platform' ? [] : row.roles;
  const holds = roles.some((r) => trier.actor.roles.includes(r));
  switch (row.relation) {
    case 'any':
      return holds;
    case 'requester':
      return trier.requester && (roles.length === 0 || holds);
    case 'not_requester':
      return holds && !trier.requester;
    case 'requester_or_role':
      return trier.requester || holds;
  }
}

/** True when `code` is one the row lists (a `…_*` entry stands for a family of codes). */
function listed(row: TransitionRule, code: string): boolean {
  return row.refusals.some((r) => (r.endsWith('*') ? code.startsWith(r.slice(0, -1)) : r === code));
}

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'allowed';
  } catch (e) {
    if (!isSakimoriError(e)) throw e;
    return e.code;
  }
}

/** The person transitions under test (`execute` is the platform's, proven by the invariant test). */
const PERSON_TRANSITIONS = TRANSITIONS.filter((t) => t !== 'execute');

describeStorage('operations: the approval rules table, row by row', (ctx) => {
  let f: OperationsFixture;
  let caseId: string;
  const blocklist = (over: Record<string, unknown> = {}) => requestInput(caseId, { mechanism: 'blocklist', prefixes: [...BOTS] }, over);
  const an = () => requestInput(caseId, { mechanism: 'access_neutralisation', officer: 'o', target: { description: 'C2', address: BOTS[0] }, foreignLocation: false, measure: 'disable' });

  beforeEach(async () => {
    await ctx.reset();
    f = await createOperationsFixture(ctx);
    f.attacks.add({ id: 'A1', target: '192.0.2.7', organizationId: f.orgs['Aozora Airlines'] }, [...BOTS]);
    caseId = (await f.ops.cases.open(PEOPLE.analyst, { title: 'flood', evidence: [{ kind: 'attack', ref: 'A1' }] })).case.id;
  });
  afterEach(() => f.close());

  /** An approved request in force. */
  async function active(by: Actor, input = blocklist()): Promise<string> {
    const r = await f.ops.requests.create(by, input);
    for (const m of [PEOPLE.memberA, PEOPLE.memberB]) await f.ops.approvals.vote(m, r.request.id, { decision: 'approve', digest: r.request.digest });
    return r.request.id;
  }

  /** A request whose execution failed (the block-list directory is unwritable while it runs). */
  async function failed(by: Actor): Promise<string> {
    const dir = join(f.dataDir, 'blocklist');
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(dir, 'not a directory');
    const id = await active(by);
    rmSync(dir);
    mkdirSync(dir);
    return id;
  }

  /** Sets up the transition's starting state with `requester` as the requester, and returns the attempt. */
  async function attempt(t: Transition, requester: Actor, trier: Actor): Promise<{ mechanism: Mechanism; run: () => Promise<unknown> }> {
    switch (t) {
      case 'create':
        return { mechanism: 'blocklist', run: () => f.ops.requests.create(trier, blocklist()) };
      case 'amend': {
        const r = await f.ops.requests.create(requester, blocklist());
        return { mechanism: 'blocklist', run: () => f.ops.requests.amend(trier, r.request.id, blocklist({ durationSeconds: 1800 })) };
      }
      case 'record_gate': {
        const r = await f.ops.requests.create(requester, blocklist());
        return { mechanism: 'blocklist', run: () => f.ops.approvals.recordGate(trier, r.request.id, { gate: 'prime_minister_order', reference: 'PMO-2026-1' }) };
      }
      case 'vote': {
        const r = await f.ops.requests.create(requester, blocklist());
        return { mechanism: 'blocklist', run: () => f.ops.approvals.vote(trier, r.request.id, { decision: 'approve', digest: r.request.digest }) };
      }
      case 'emergency':
        return { mechanism: 'blocklist', run: () => f.ops.emergency.create(trier, blocklist({ durationSeconds: 1800 })) };
      case 'review': {
        const e = await f.ops.emergency.create(requester, blocklist({ durationSeconds: 1800 }));
        return { mechanism: 'blocklist', run: () => f.ops.emergency.review(trier, e.request.id, { outcome: 'withdraw', reason: 'not proportionate' }) };
      }
      case 'withdraw': {
        const id = await active(requester);
        return { mechanism: 'blocklist', run: () => f.ops.executions.withdraw(trier, id, 'sources have gone quiet') };
      }
      case 'cancel': {
        const r = await f.ops.requests.create(requester, blocklist());
        return { mechanism: 'blocklist', run: () => f.ops.requests.cancel(trier, r.request.id, 'no longer needed') };
      }
      case 'retry': {
        const id = await failed(requester);
        return { mechanism: 'blocklist', run: () => f.ops.executions.retry(trier, id) };
      }
      case 'report_outcome': {
        const id = await active(requester, an());
        return { mechanism: 'access_neutralisation', run: () => f.ops.executions.reportOutcome(trier, id, { outcome: 'neutralised', report: 'service disabled' }) };
      }
      case 'flag_serious':
        return { mechanism: 'blocklist', run: () => f.ops.cases.flagSerious(trier, caseId, true) };
      case 'execute':
        throw new Error('execute is the platform’s');
    }
  }

  it.each(PERSON_TRANSITIONS)('%s: allowed to exactly whom the table names, refused to everyone else with a listed code', async (t) => {
    const row = RULES[t];
    // The request is made by an officer, or by a defence operator where a gate must apply, or by a
    // requester who also sits on the commission where the rule is "never the requester".
    const requester = t === 'record_gate' ? PEOPLE.defence : row.relation === 'not_requester' ? PEOPLE.officerMember : PEOPLE.officer;
    const triers: Trier[] = [
      ...ROLES.map((r: Role) => ({ label: r, actor: actor(`u-${r}`, r), requester: false })),
      { label: `the requester (${requester.roles.join(', ')})`, actor: requester, requester: true },
    ];
    const seen: string[] = [];
    for (const trier of triers) {
      const a = await attempt(t, requester, trier.actor);
      const got = await outcome(a.run());
      const want = allowedByTable(row, trier, a.mechanism);
      seen.push(`${trier.label}: ${got}`);
      if (want) expect(got, `${t} by ${trier.label}`).toBe('allowed');
      else expect(got !== 'allowed' && listed(row, got), `${t} by ${trier.label} should be refused with a code the table lists, got ${got}`).toBe(true);
    }
    // At least one person may take every transition, and at least one may not.
    expect(
      seen.some((s) => s.endsWith(': allowed')),
      seen.join('\n'),
    ).toBe(true);
    expect(
      seen.some((s) => !s.endsWith(': allowed')),
      seen.join('\n'),
    ).toBe(true);
  });
});
