/**
 * The approval invariant as a property: random sequences of API calls by random people — requests,
 * amendments, votes (on the current or a stale digest, by session or token), gates, emergency
 * actions, reviews, withdrawals, role changes and their confirmation, token creation, attacks
 * ending, time passing, restarts — against one platform, each sequence checked step by step and at
 * its end by {@link InvariantModel}. fast-check generates the sequences and, when one breaks the
 * invariant, shrinks it to the shortest sequence that still does and prints it.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { Role } from '../../../core/roles.js';
import { ManualClock } from '../../../core/clock.js';
import type { ApiFixture, Answer } from '../api-fixture.js';
import { startApiFixture } from '../api-fixture.js';
import { endSeededAttack, seedAttack, seedObservedSources, type SeedAttack } from '../seed.js';
import { BASELINE, InvariantModel, PEOPLE, type Person } from './model.js';

/** A broken invariant, with the model's log of the sequence that broke it. */
export class InvariantViolation extends Error {}

/** What the runs did, so that a run that never reached an execution cannot pass unnoticed. */
export interface InvariantStats {
  sequences: number;
  calls: number;
  /** Executions checked, by path. */
  prior: number;
  emergency: number;
  /** Calls the platform refused (4xx/5xx), and accepted. */
  refused: number;
  accepted: number;
  /** Milliseconds spent per command kind. */
  readonly time: Map<string, { n: number; ms: number }>;
}

/** Everything a command needs: the platform and the sequence's credentials. */
export interface Real {
  readonly stats: InvariantStats;
  readonly f: ApiFixture;
  readonly ids: ReadonlyMap<Person, string>;
  readonly sessions: Map<Person, { cookie: string; csrf: string }>;
  readonly seq: number;
  readonly seeds: Map<string, SeedAttack>;
  readonly seenExecutions: Set<string>;
  /** The session of a commission member outside the sequence's people, for the oracle's reads. */
  reader(): { cookie: string; csrf: string };
}

const AIRLINE_SOURCES = ['100.64.40.1', '100.64.40.2', '100.64.40.3', '100.64.40.4'];
const BANK_SOURCES = ['100.64.41.1', '100.64.41.2'];
const OLD_SOURCES = ['100.64.42.1'];
/** Addresses a request may name: observed sources, strangers, a protected operator's, an allowlisted resolver. */
const ADDRESSES = [...AIRLINE_SOURCES, ...BANK_SOURCES, ...OLD_SOURCES, '100.65.0.9', '198.51.100.77', '8.8.8.8'];
const VICTIMS = ['192.0.2.11', '198.51.100.20', '192.0.2.10', '192.0.2.99'];

const pick = <T>(xs: readonly T[], i: number): T | undefined => (xs.length === 0 ? undefined : xs[i % xs.length]);
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
/** JSON with object keys sorted, to compare values whatever order their keys were written in. */
const sorted = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));

function violation(m: InvariantModel, what: string): never {
  throw new InvariantViolation(`${what}\n  sequence so far:\n    ${m.log.join('\n    ')}`);
}

/** A countermeasure action of the kinds the platform here can execute (no BGP: RTBH and FlowSpec are refused with 503). */
const actionArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ mechanism: fc.constant('blocklist'), prefixes: fc.uniqueArray(fc.constantFrom(...AIRLINE_SOURCES), { minLength: 1, maxLength: 2 }) }) },
  fc.record({ mechanism: fc.constant('blocklist'), prefixes: fc.uniqueArray(fc.constantFrom(...ADDRESSES), { minLength: 1, maxLength: 3 }) }),
  fc.record({
    mechanism: fc.constant('access_neutralisation'),
    officer: fc.constant('o'),
    target: fc.oneof(fc.record({ description: fc.constant('C2'), address: fc.constantFrom(...ADDRESSES) }), fc.record({ description: fc.constant('C2'), domain: fc.constant('c2.botnet.example') })),
    foreignLocation: fc.boolean(),
    measure: fc.constant('disable the service'),
  }),
  fc.record({ mechanism: fc.constant('dns_rpz'), domains: fc.constant(['c2.botnet.example']) }),
  fc.record({ mechanism: fc.constant('rtbh'), victim: fc.constantFrom(...VICTIMS) }),
  fc.record({ mechanism: fc.constant('abuse_notice'), attackId: fc.constant('@air'), sources: fc.uniqueArray(fc.constantFrom(...AIRLINE_SOURCES, '100.65.0.9'), { minLength: 1, maxLength: 2 }) }),
);

const citeArb: fc.Arbitrary<readonly string[]> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(['air']) },
  { weight: 2, arbitrary: fc.subarray(['air', 'bank', 'old'], { minLength: 0, maxLength: 3 }) },
);
const personArb = fc.constantFrom(...PEOPLE);
/** Mostly the people whose calls go through, so that sequences reach executions; anyone now and then. */
const requesterArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<Person>('off1', 'off2') },
  { weight: 1, arbitrary: fc.constantFrom<Person>('ana1', 'def1') },
  { weight: 1, arbitrary: personArb },
);
const voterArb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom<Person>('mem1', 'mem2', 'mem3') }, { weight: 2, arbitrary: personArb });
const adminArb = fc.oneof({ weight: 4, arbitrary: fc.constant<Person>('adm1') }, { weight: 1, arbitrary: personArb });
const credArb = fc.constantFrom('session' as const, 'session' as const, 'token' as const);

function attackId(real: Real, key: string): string {
  return `inv-${real.seq}-${key}`;
}

function requestBody(real: Real, m: InvariantModel, caseIdx: number, action: Record<string, unknown>, cite: readonly string[], over: Record<string, unknown> = {}): Record<string, unknown> {
  const resolved = action['attackId'] === '@air' ? { ...action, attackId: attackId(real, 'air') } : action;
  const oneShot = resolved['mechanism'] === 'abuse_notice';
  return {
    caseId: pick(m.cases, caseIdx),
    action: resolved,
    ...(oneShot ? {} : { durationSeconds: 1800 }),
    justification: 'botnet flood',
    harm: { life: 'none', body: 'none', property: 'low' },
    urgency: 'urgent',
    evidence: cite.map((k) => ({ kind: 'attack', ref: attackId(real, k) })),
    ...over,
  };
}

/** Sends a call as `who` with their session or, when they have one, their newest token. */
async function call(real: Real, m: InvariantModel, who: Person, cred: 'session' | 'token', method: string, url: string, body?: unknown): Promise<Answer> {
  const token = cred === 'token' ? m.tokens.filter((t) => t.owner === who).at(-1)?.token : undefined;
  const a = token !== undefined ? await real.f.call(undefined, method, url, body, { authorization: `Bearer ${token}` }) : await real.f.call(real.sessions.get(who)!, method, url, body);
  if (process.env.SAKIMORI_INVARIANT_DEBUG === '1')
    process.stderr.write(`${who} ${method} ${url} → ${a.status} ${a.status >= 400 ? ((a.body as { code?: string; message?: string } | undefined)?.message ?? '') : ''}\n`);
  if (a.status >= 400) real.stats.refused++;
  else real.stats.accepted++;
  return a;
}

/** After every step: each execution not seen before must satisfy the invariant now. */
async function checkExecutions(m: InvariantModel, real: Real): Promise<void> {
  const db = real.f.platform.storage.db;
  const rows = await db
    .selectFrom('executions')
    .innerJoin('countermeasure_requests', 'countermeasure_requests.id', 'executions.request_id')
    .select(['executions.id as eid', 'countermeasure_requests.id as rid', 'countermeasure_requests.path', 'countermeasure_requests.digest', 'countermeasure_requests.case_id'])
    .where('countermeasure_requests.case_id', 'in', m.cases.length === 0 ? ['-'] : m.cases)
    .execute();
  for (const e of rows) {
    if (real.seenExecutions.has(e.eid)) continue;
    real.seenExecutions.add(e.eid);
    const r = m.requests.find((x) => x.id === e.rid);
    if (r === undefined) violation(m, `execution ${e.eid} of request ${e.rid}, which no accepted call created`);
    if (e.path === 'prior') real.stats.prior++;
    else real.stats.emergency++;
    if (e.path === 'prior') {
      const approvers = new Set(
        m.votes.filter((v) => v.request === r.id && v.decision === 'approve' && v.digest === e.digest && v.member && v.voter !== r.requester && v.voter !== r.lastAmender).map((v) => v.voter),
      );
      if (approvers.size < 2) violation(m, `request ${r.id} executed on digest ${e.digest.slice(0, 12)} with ${approvers.size} legitimate approval(s) on that digest`);
      // The digest is the SHA-256 of the document the members read, and that document is this request's.
      // Read by a member outside the sequence's people, whose role no command changes.
      const view = (await real.f.call(real.reader(), 'GET', `/api/v1/requests/${r.id}`)).body as { request: { digest: string; action: unknown }; digestDocument: string };
      if (sha256(view.digestDocument) !== view.request.digest || sorted((JSON.parse(view.digestDocument) as { action: unknown }).action) !== sorted(view.request.action)) {
        violation(m, `request ${r.id} executed on a digest that is not the SHA-256 of its action`);
      }
    } else {
      const em = m.emergencies.get(r.id);
      if (em === undefined || !em.officer || em.underived !== null)
        violation(m, `emergency action ${r.id} executed: ${em === undefined ? 'not taken by an accepted call' : !em.officer ? `${em.actor} is no designated officer` : em.underived}`);
    }
  }
}

type Cmd = fc.AsyncCommand<InvariantModel, Real>;

/** A command from a name, a step and its parameters. */
function command(name: string, step: (m: InvariantModel, real: Real) => Promise<void>): Cmd {
  return {
    check: () => true,
    async run(m, real) {
      m.log.push(name);
      const t0 = performance.now();
      await step(m, real);
      await checkExecutions(m, real);
      const kind = /^\d+ min pass$/.test(name) ? 'time' : name.split(' ')[0]!;
      const t = real.stats.time.get(kind) ?? { n: 0, ms: 0 };
      t.n++;
      t.ms += performance.now() - t0;
      real.stats.time.set(kind, t);
    },
    toString: () => name,
  };
}

/** How often each command comes up, relative to the others (in the order of {@link commandKinds}). */
// create, amend, vote, quorum, gate, emergency, review, withdraw, flag, roles, promote, confirm, token, attack ends, time, restart
const WEIGHTS = [30, 10, 30, 15, 5, 15, 10, 10, 5, 10, 5, 10, 10, 5, 10, 1];

/** Every command, its parameters drawn at random, weighted so that sequences reach executions. */
export function commandArbitraries(): fc.Arbitrary<Cmd>[] {
  const kinds = commandKinds();
  return [fc.oneof(...kinds.map((arbitrary, i) => ({ weight: WEIGHTS[i] ?? 1, arbitrary })))];
}

function commandKinds(): fc.Arbitrary<Cmd>[] {
  return [
    fc
      .oneof(
        { weight: 4, arbitrary: fc.record({ who: requesterArb, cred: credArb, action: actionArb, cite: citeArb, caseIdx: fc.nat(), gate: fc.boolean() }) },
        // An analyst's notice: the one mechanism an analyst may request, and a start for escalation attempts.
        {
          weight: 1,
          arbitrary: fc.record({
            who: fc.constant<Person>('ana1'),
            cred: credArb,
            action: actionArb.filter((a) => a['mechanism'] === 'abuse_notice'),
            cite: citeArb,
            caseIdx: fc.nat(),
            gate: fc.constant(false),
          }),
        },
      )
      .map((p) =>
        command(`create by ${p.who} (${p.cred}) ${JSON.stringify(p.action)} citing ${p.cite.join('+') || 'nothing'}`, async (m, real) => {
          const a = await call(real, m, p.who, p.cred, 'POST', '/api/v1/requests', requestBody(real, m, p.caseIdx, p.action, p.cite, p.gate ? { gates: { prime_minister_order: 'PMO-1' } } : {}));
          if (a.status === 201) m.requests.push({ id: (a.body as { request: { id: string } }).request.id, requester: p.who, path: 'prior', lastAmender: p.who });
        }),
      ),
    fc
      .record({
        asRequester: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
        other: requesterArb,
        cred: credArb,
        idx: fc.nat(),
        action: actionArb,
        cite: citeArb,
      })
      .map((p) =>
        command(`amend #${p.idx} by ${p.asRequester ? 'its requester' : p.other} to ${JSON.stringify(p.action)}`, async (m, real) => {
          const r = pick(m.requests, p.idx);
          if (r === undefined) return;
          const who = p.asRequester ? r.requester : p.other;
          const caseId = (await real.f.platform.storage.db.selectFrom('countermeasure_requests').select('case_id').where('id', '=', r.id).executeTakeFirstOrThrow()).case_id;
          const a = await call(real, m, who, p.cred, 'PUT', `/api/v1/requests/${r.id}`, requestBody(real, m, m.cases.indexOf(caseId), p.action, p.cite));
          if (a.status !== 200) return;
          const mech = p.action['mechanism'] as string;
          const allowed: Role[] = mech === 'abuse_notice' ? ['nco_analyst', 'designated_officer', 'defence_operator'] : ['designated_officer', 'defence_operator'];
          if (who !== r.requester || !allowed.some((x) => m.has(who, x))) violation(m, `${who} amended ${r.id} (requested by ${r.requester}) to ${mech}`);
          r.lastAmender = who;
        }),
      ),
    fc
      .record({
        voter: fc.oneof({ weight: 6, arbitrary: voterArb }, { weight: 1, arbitrary: fc.constant<'requester'>('requester') }),
        cred: credArb,
        idx: fc.nat(),
        reject: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
        stale: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      })
      .map((p) =>
        command(`vote #${p.idx} ${p.reject ? 'reject' : 'approve'} by ${p.voter === 'requester' ? 'its requester' : p.voter} (${p.cred}${p.stale ? ', stale digest' : ''})`, async (m, real) => {
          const r = pick(m.requests, p.idx);
          if (r === undefined) return;
          const who = p.voter === 'requester' ? r.requester : p.voter;
          const row = await real.f.platform.storage.db.selectFrom('countermeasure_requests').select('digest').where('id', '=', r.id).executeTakeFirstOrThrow();
          // A stale digest: one an earlier vote on this request named, or a made-up one.
          const digest = p.stale ? (m.votes.find((v) => v.request === r.id && v.digest !== row.digest)?.digest ?? sha256(r.id)) : row.digest;
          const decision = p.reject ? 'reject' : 'approve';
          const a = await call(real, m, who, p.cred, 'POST', `/api/v1/requests/${r.id}/votes`, { decision, digest, ...(p.reject ? { reason: 'not proportionate' } : {}) });
          if (a.status !== 200) return;
          const member = m.isMember(who);
          if (!member || who === r.requester) violation(m, `vote by ${who} on ${r.id} accepted (member by the rules: ${member}, requester: ${r.requester})`);
          m.votes.push({ request: r.id, voter: who, decision, digest, member });
        }),
      ),
    fc.record({ idx: fc.nat(), members: fc.shuffledSubarray(['mem1', 'mem2', 'mem3', 'mal'] as Person[], { minLength: 2, maxLength: 2 }) }).map((p) =>
      command(`quorum on #${p.idx} by ${p.members.join('+')}`, async (m, real) => {
        const r = pick(m.requests, p.idx);
        if (r === undefined) return;
        for (const who of p.members) {
          const row = await real.f.platform.storage.db.selectFrom('countermeasure_requests').select('digest').where('id', '=', r.id).executeTakeFirstOrThrow();
          const a = await call(real, m, who, 'session', 'POST', `/api/v1/requests/${r.id}/votes`, { decision: 'approve', digest: row.digest });
          if (a.status !== 200) continue;
          const member = m.isMember(who);
          if (!member || who === r.requester) violation(m, `vote by ${who} on ${r.id} accepted (member by the rules: ${member}, requester: ${r.requester})`);
          m.votes.push({ request: r.id, voter: who, decision: 'approve', digest: row.digest, member });
        }
      }),
    ),
    fc.record({ who: personArb, idx: fc.nat() }).map((p) =>
      command(`gate #${p.idx} by ${p.who}`, async (m, real) => {
        const r = pick(m.requests, p.idx);
        if (r !== undefined) await call(real, m, p.who, 'session', 'POST', `/api/v1/requests/${r.id}/gates`, { gate: 'prime_minister_order', reference: 'PMO-2' });
      }),
    ),
    fc.record({ who: requesterArb, cred: credArb, action: actionArb, cite: citeArb, caseIdx: fc.nat(), gate: fc.boolean() }).map((p) =>
      command(`emergency by ${p.who} (${p.cred}) ${JSON.stringify(p.action)} citing ${p.cite.join('+') || 'nothing'}`, async (m, real) => {
        const body = requestBody(real, m, p.caseIdx, p.action, p.cite, { urgency: 'immediate', ...(p.gate ? { gates: { prime_minister_order: 'PMO-trust-me' } } : {}) });
        const a = await call(real, m, p.who, p.cred, 'POST', '/api/v1/emergency', body);
        if (a.status !== 201) return;
        const id = (a.body as { request: { id: string } }).request.id;
        const officer = m.has(p.who, 'designated_officer');
        const underived = m.underived(
          body['action'] as { mechanism: string },
          p.cite.map((k) => attackId(real, k)),
        );
        m.requests.push({ id, requester: p.who, path: 'emergency', lastAmender: p.who });
        m.emergencies.set(id, { request: id, actor: p.who, officer, underived });
        if (!officer || underived !== null) violation(m, `emergency action by ${p.who} accepted: ${!officer ? 'not a designated officer by the rules' : underived}`);
      }),
    ),
    fc.record({ who: voterArb, idx: fc.nat(), withdraw: fc.boolean() }).map((p) =>
      command(`review #${p.idx} by ${p.who} (${p.withdraw ? 'withdraw' : 'upheld'})`, async (m, real) => {
        const r = pick(
          m.requests.filter((x) => x.path === 'emergency'),
          p.idx,
        );
        if (r === undefined) return;
        const a = await call(real, m, p.who, 'session', 'POST', `/api/v1/emergency/${r.id}/review`, p.withdraw ? { outcome: 'withdraw', reason: 'not necessary' } : { outcome: 'upheld' });
        if (a.status === 200 && (!m.isMember(p.who) || p.who === r.requester)) violation(m, `review of ${r.id} by ${p.who} accepted`);
      }),
    ),
    fc.record({ who: personArb, idx: fc.nat() }).map((p) =>
      command(`withdraw #${p.idx} by ${p.who}`, async (m, real) => {
        const r = pick(m.requests, p.idx);
        if (r !== undefined) await call(real, m, p.who, 'session', 'POST', `/api/v1/requests/${r.id}/withdraw`, { reason: 'over' });
      }),
    ),
    fc.record({ who: personArb, caseIdx: fc.nat() }).map((p) =>
      command(`flag case ${p.caseIdx} serious by ${p.who}`, async (m, real) => {
        await call(real, m, p.who, 'session', 'PATCH', `/api/v1/cases/${pick(m.cases, p.caseIdx)}`, { serious: true });
      }),
    ),
    fc
      .record({
        who: adminArb,
        user: personArb,
        roles: fc.subarray(['designated_officer', 'defence_operator', 'nco_analyst', 'commission_member', 'admin', 'auditor'] as Role[], { minLength: 1, maxLength: 2 }),
      })
      .map((p) =>
        command(`roles of ${p.user} set to ${p.roles.join('+')} by ${p.who}`, async (m, real) => {
          const a = await call(real, m, p.who, 'session', 'PATCH', `/api/v1/users/${real.ids.get(p.user)}`, { roles: p.roles });
          if (a.status !== 200) return;
          if (!m.has(p.who, 'admin')) violation(m, `${p.who}, no admin, changed the roles of ${p.user}`);
          if (m.incompatible(p.roles)) violation(m, `roles ${p.roles.join('+')} accepted for ${p.user}`);
          const grants = (await real.f.call(real.reader(), 'GET', '/api/v1/commission/role-grants?state=pending&limit=1000')).body as { items: { id: string; userId: string }[] };
          const known = new Set(m.grants.map((g) => g.id));
          m.applyRoleChange(
            p.user,
            p.who,
            p.roles,
            grants.items.filter((g) => g.userId === real.ids.get(p.user) && !known.has(g.id)).map((g) => g.id),
          );
        }),
      ),
    fc.record({ idx: fc.nat(), confirmer: voterArb }).map((p) =>
      command(`requester of #${p.idx} moved to the commission (admin), confirmed by ${p.confirmer}`, async (m, real) => {
        const r = pick(m.requests, p.idx);
        if (r === undefined) return;
        const a = await call(real, m, 'adm1', 'session', 'PATCH', `/api/v1/users/${real.ids.get(r.requester)}`, { roles: ['commission_member'] });
        if (a.status !== 200) return;
        const grants = (await real.f.call(real.reader(), 'GET', '/api/v1/commission/role-grants?state=pending&limit=1000')).body as { items: { id: string; userId: string }[] };
        const known = new Set(m.grants.map((g) => g.id));
        m.applyRoleChange(
          r.requester,
          'adm1',
          ['commission_member'],
          grants.items.filter((g) => g.userId === real.ids.get(r.requester) && !known.has(g.id)).map((g) => g.id),
        );
        const g = m.grants.find((x) => x.user === r.requester);
        if (g === undefined) return;
        const c = await call(real, m, p.confirmer, 'session', 'POST', `/api/v1/commission/role-grants/${g.id}/confirm`);
        if (c.status !== 200) return;
        if (!m.mayConfirm(p.confirmer, g)) violation(m, `${p.confirmer} confirmed the commission grant of ${g.user}`);
        m.confirm(g);
      }),
    ),
    fc.record({ who: voterArb, idx: fc.nat() }).map((p) =>
      command(`confirm grant #${p.idx} by ${p.who}`, async (m, real) => {
        const g = pick(m.grants, p.idx);
        if (g === undefined) return;
        const a = await call(real, m, p.who, 'session', 'POST', `/api/v1/commission/role-grants/${g.id}/confirm`);
        if (a.status !== 200) return;
        if (!m.mayConfirm(p.who, g)) violation(m, `${p.who} confirmed the commission grant of ${g.user} (granted by ${g.grantedBy})`);
        m.confirm(g);
        if (m.incompatible(m.roles.get(g.user)!)) violation(m, `${g.user} now holds ${[...m.roles.get(g.user)!].join('+')}`);
      }),
    ),
    fc.record({ who: personArb, forUser: fc.option(personArb, { nil: undefined }) }).map((p) =>
      command(`token by ${p.who}${p.forUser === undefined ? '' : ` for ${p.forUser}`}`, async (m, real) => {
        const a = await call(real, m, p.who, 'session', 'POST', '/api/v1/tokens', { name: 'inv', ...(p.forUser === undefined ? {} : { userId: real.ids.get(p.forUser) }) });
        if (a.status !== 201) return;
        const t = a.body as { token: string; record: { userId: string } };
        if (t.record.userId !== real.ids.get(p.who)) violation(m, `${p.who} created a token that acts as ${p.forUser}`);
        m.tokens.push({ owner: p.who, token: t.token });
      }),
    ),
    fc.constantFrom('air', 'bank').map((k) =>
      command(`attack ${k} ends`, async (m, real) => {
        const a = m.attacks.get(attackId(real, k))!;
        if (!a.active) return;
        await endSeededAttack(real.f.platform.attacks, real.seeds.get(a.id)!, real.f.clock.now());
        a.active = false;
      }),
    ),
    fc.integer({ min: 1, max: 45 }).map((minutes) =>
      command(`${minutes} min pass`, async (_m, real) => {
        (real.f.clock as ManualClock).advance(minutes * 60_000);
        await real.f.platform.operations.check();
      }),
    ),
    fc.constant(
      command('restart', async (_m, real) => {
        await real.f.restart();
      }),
    ),
  ];
}

/** Resets people, tokens and grants, seeds the sequence's attacks and cases; returns a fresh model. */
async function prepareSequence(real: Real): Promise<InvariantModel> {
  const m = new InvariantModel();
  const accounts = real.f.platform.api.accounts;
  // Back to the baseline: roles, pending grants and tokens of the previous sequence.
  for (const p of PEOPLE) {
    const u = await accounts.store.requireUser(real.ids.get(p)!);
    if ([...u.roles].sort().join() !== [...BASELINE[p]].sort().join()) await accounts.updateUser('cli', u.id, { roles: [...BASELINE[p]] });
  }
  for (const g of (await accounts.listRoleGrants({ state: 'pending', limit: 1000 })).items)
    await accounts.declineRoleGrant({ userId: real.ids.get('mem1')!, roles: ['commission_member'] } as never, g.id).catch(() => undefined);
  for (const t of (await accounts.listTokens('cli', { limit: 1000 })).items) if (t.revokedAt === null) await accounts.revokeToken('cli', t.id);
  const db = real.f.platform.storage.db;
  const nets = await db.selectFrom('protected_networks').select(['id', 'prefix', 'organization_id']).execute();
  const net = (prefix: string) => nets.find((n) => n.prefix === prefix)!;
  const now = real.f.clock.now();
  const attacks: [string, SeedAttack, readonly string[]][] = [
    [
      'air',
      {
        id: attackId(real, 'air'),
        organizationId: net('192.0.2.0/24').organization_id,
        networkId: net('192.0.2.0/24').id,
        networkPrefix: '192.0.2.0/24',
        target: '192.0.2.11',
        startedAt: now - 60_000,
      },
      AIRLINE_SOURCES,
    ],
    [
      'bank',
      {
        id: attackId(real, 'bank'),
        organizationId: net('198.51.100.0/24').organization_id,
        networkId: net('198.51.100.0/24').id,
        networkPrefix: '198.51.100.0/24',
        target: '198.51.100.20',
        startedAt: now - 60_000,
      },
      BANK_SOURCES,
    ],
    [
      'old',
      {
        id: attackId(real, 'old'),
        organizationId: net('192.0.2.0/24').organization_id,
        networkId: net('192.0.2.0/24').id,
        networkPrefix: '192.0.2.0/24',
        target: '192.0.2.10',
        startedAt: now - 7_200_000,
        endedAt: now - 3_600_000,
        sources: OLD_SOURCES,
      },
      OLD_SOURCES,
    ],
  ];
  for (const [, a, sources] of attacks) {
    await seedAttack(real.f.platform.attacks, a);
    if (a.endedAt === undefined) await seedObservedSources(db, a.id, sources, a.startedAt);
    real.seeds.set(a.id, { ...a, sources });
    m.attacks.set(a.id, { id: a.id, victim: a.target, sources: new Set(sources), active: a.endedAt === undefined });
  }
  const ana = { userId: real.ids.get('ana1')!, roles: ['nco_analyst'] } as never;
  for (let i = 0; i < 2; i++) {
    const c = await real.f.platform.operations.cases.open(ana, { title: `invariant ${real.seq}/${i}`, evidence: attacks.map(([, a]) => ({ kind: 'attack', ref: a.id })) });
    m.cases.push(c.case.id);
  }
  return m;
}

/** At the end of a sequence: every emergency action was reviewed, or escalated once its review was overdue. */
async function finalCheck(m: InvariantModel, real: Real): Promise<void> {
  // Past every review deadline (an hour here) and every action's end.
  (real.f.clock as ManualClock).advance(2 * 3_600_000);
  await real.f.platform.operations.check();
  await checkExecutions(m, real);
  for (const id of m.emergencies.keys()) {
    const r = await real.f.platform.storage.db.selectFrom('countermeasure_requests').select(['review_state', 'escalated_at']).where('id', '=', id).executeTakeFirstOrThrow();
    if (r.review_state === 'pending' && r.escalated_at === null) violation(m, `emergency action ${id} was neither reviewed nor escalated after its deadline`);
  }
}

/** Options of a run. */
export interface InvariantOptions {
  readonly numRuns: number;
  readonly maxCommands: number;
  readonly seed?: number | undefined;
  readonly dialect?: 'sqlite' | 'postgres';
}

/** Runs the property; throws fast-check's report (with the shrunk failing sequence) on a violation. */
export async function runInvariant(options: InvariantOptions): Promise<InvariantStats> {
  // In memory (no API socket, no receive thread): a restart then costs what the platform's own start costs.
  // Sessions that outlive a sequence's clock; a review deadline an hour after the emergency action.
  const f = await startApiFixture({
    manualClock: true,
    listen: false,
    overrides: {
      collector: { receiveThread: false, netflow: { listen: ['127.0.0.1:0'] }, sflow: { listen: ['127.0.0.1:0'] } },
      api: { session: { idleMinutes: 1440, absoluteHours: 168 } },
      operations: { emergency: { reviewDeadlineSeconds: 3600 } },
    },
    ...(options.dialect === undefined ? {} : { dialect: options.dialect }),
  });
  try {
    const ids = new Map<Person, string>();
    const sessions = new Map<Person, { cookie: string; csrf: string }>();
    const password = (p: Person) => `${p}-test-password-invariant`;
    for (const p of PEOPLE) ids.set(p, (await f.platform.api.accounts.createUser('cli', { username: `inv-${p}`, password: password(p), roles: [...BASELINE[p]] })).id);
    await f.platform.api.accounts.createUser('cli', { username: 'inv-reader', password: 'reader-test-password-invariant', roles: ['commission_member'] });
    let reader = { cookie: '', csrf: '' };
    let signedInAt = -Infinity;
    /** Sessions stay valid through a sequence: signed in again well before they would expire, and used at the start of every sequence. */
    const keepSessions = async (): Promise<void> => {
      if (f.clock.now() - signedInAt > 100 * 3_600_000) {
        for (const p of PEOPLE) {
          const s = await f.signIn(`inv-${p}`, password(p));
          if (s.answer.status !== 200) throw new Error(`sign-in of ${p} failed: ${s.answer.text}`);
          sessions.set(p, { cookie: s.cookie, csrf: s.csrf });
        }
        const r = await f.signIn('inv-reader', 'reader-test-password-invariant');
        reader = { cookie: r.cookie, csrf: r.csrf };
        signedInAt = f.clock.now();
      }
      for (const p of PEOPLE) await f.call(sessions.get(p), 'GET', '/api/v1/auth/session');
      await f.call(reader, 'GET', '/api/v1/auth/session');
    };
    const stats: InvariantStats = { sequences: 0, calls: 0, prior: 0, emergency: 0, refused: 0, accepted: 0, time: new Map() };
    await fc.assert(
      fc.asyncProperty(fc.commands(commandArbitraries(), { maxCommands: options.maxCommands, size: 'max' }), async (cmds) => {
        const real: Real = { stats, f, ids, sessions, seq: stats.sequences++, seeds: new Map(), seenExecutions: new Set(), reader: () => reader };
        const t0 = performance.now();
        await keepSessions();
        const model = await prepareSequence(real);
        const t = stats.time.get('(prepare)') ?? { n: 0, ms: 0 };
        t.n++;
        t.ms += performance.now() - t0;
        stats.time.set('(prepare)', t);
        await fc.asyncModelRun(() => ({ model, real }), cmds);
        stats.calls += model.log.length;
        await finalCheck(model, real);
      }),
      { numRuns: options.numRuns, ...(options.seed === undefined ? {} : { seed: options.seed }), endOnFailure: false },
    );
    return stats;
  } finally {
    await f.stop();
  }
}
