/**
 * The rules of countermeasure requests as data: who may take each transition, in what relation to
 * the request, from which states, for which mechanisms and targets, and which gates apply. The
 * policy (`request-policy.ts`) reads its role lists and states from here, `docs/approval-rules.md`
 * is rendered from here, and `approval-rules.test.ts` drives every row through the services for
 * every role — so the table a reviewer reads is the table the code enforces.
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { Role } from '../../core/roles.js';
import type { RequestState } from '../requests/request.js';

/** Every transition of a request the policy decides. */
export const TRANSITIONS = ['create', 'amend', 'record_gate', 'vote', 'execute', 'emergency', 'review', 'withdraw', 'cancel', 'retry', 'report_outcome', 'flag_serious'] as const;
/** One transition. */
export type Transition = (typeof TRANSITIONS)[number];

/**
 * How the actor must relate to the request: anyone holding a listed role; only its requester;
 * anyone but its requester; its requester or a holder of a listed role.
 */
export type Relation = 'any' | 'requester' | 'not_requester' | 'requester_or_role';

/** One row of the rules table. */
export interface TransitionRule {
  readonly transition: Transition;
  /** What the transition does, for the table. */
  readonly what: string;
  /** Roles that may take it; `catalogue` means the requesters the catalogue lists for the mechanism. */
  readonly roles: readonly Role[] | 'catalogue' | 'platform';
  readonly relation: Relation;
  /** States the request must be in (empty: the transition creates the request, or see `stateNote`). */
  readonly states: readonly RequestState[];
  /** What the transition starts from when it is not a request state. */
  readonly stateNote?: string;
  readonly mechanisms: string;
  readonly targets: string;
  readonly gates: string;
  /** Codes of the refusals this row produces (besides input validation). */
  readonly refusals: readonly string[];
}

const GUARDS =
  'proportionality guards: never allowlisted, special-purpose or protected-operator addresses (except RTBH of the attacked host), prefixes no wider than allowed, rule counts and durations within limits; RTBH only of a linked attack’s victim; abuse notices only to its listed sources';

/** The rules, one row per transition. */
export const RULES: Readonly<Record<Transition, TransitionRule>> = Object.freeze({
  create: {
    transition: 'create',
    what: 'request a countermeasure for the commission’s prior approval',
    roles: 'catalogue',
    relation: 'any',
    states: [],
    mechanisms: 'any with an executor here; notices also for nco_analyst',
    targets: GUARDS,
    gates: 'computed: foreign-ministry consultation (target abroad), Prime Minister’s order (defence operator), national security council (serious case); references may be supplied',
    refusals: ['SAKIMORI_ERR_OPERATIONS_FORBIDDEN', 'SAKIMORI_ERR_OPERATIONS_CASE_CLOSED', 'SAKIMORI_ERR_OPERATIONS_GUARD_*'],
  },
  amend: {
    transition: 'amend',
    what: 'replace a pending request (a new revision: every vote cast so far is void)',
    roles: 'catalogue',
    relation: 'requester',
    states: ['pending_approval'],
    mechanisms: 'the new mechanism, which the requester must be allowed to request now',
    targets: `checked exactly as a new request: ${GUARDS}`,
    gates: 'computed again from the new request; references recorded earlier carry over',
    refusals: ['SAKIMORI_ERR_OPERATIONS_NOT_REQUESTER', 'SAKIMORI_ERR_OPERATIONS_FORBIDDEN', 'SAKIMORI_ERR_OPERATIONS_REQUEST_STATE', 'SAKIMORI_ERR_OPERATIONS_GUARD_*'],
  },
  record_gate: {
    transition: 'record_gate',
    what: 'record the reference of a gate (consultation, order, review) the request needs',
    roles: ['nco_analyst'],
    relation: 'requester_or_role',
    states: ['pending_approval'],
    mechanisms: 'any',
    targets: '—',
    gates: 'only a gate that applies; the reference is a recorded fact the commission reads before it decides',
    refusals: ['SAKIMORI_ERR_OPERATIONS_FORBIDDEN', 'SAKIMORI_ERR_APPROVAL_NOT_PENDING', 'SAKIMORI_ERR_APPROVAL_GATE_NOT_APPLICABLE'],
  },
  vote: {
    transition: 'vote',
    what: 'approve or reject the exact action (its digest, which covers the revision)',
    roles: ['commission_member'],
    relation: 'not_requester',
    states: ['pending_approval'],
    mechanisms: 'any',
    targets: '—',
    gates: '—',
    refusals: [
      'SAKIMORI_ERR_OPERATIONS_FORBIDDEN',
      'SAKIMORI_ERR_APPROVAL_SELF_VOTE',
      'SAKIMORI_ERR_APPROVAL_NOT_PENDING',
      'SAKIMORI_ERR_APPROVAL_DIGEST_MISMATCH',
      'SAKIMORI_ERR_APPROVAL_DUPLICATE_VOTE',
      'SAKIMORI_ERR_APPROVAL_REASON_REQUIRED',
    ],
  },
  execute: {
    transition: 'execute',
    what: 'put an approved request in force (the platform, in the transaction of the deciding vote or gate)',
    roles: 'platform',
    relation: 'any',
    states: ['pending_approval'],
    mechanisms: 'any with an executor here',
    targets: `the guards again, at that moment: ${GUARDS}`,
    gates: 'every gate recorded',
    refusals: ['quorum of distinct commission members (none of them the requester, who is the only one who may amend) on the current digest', 'request becomes failed when a guard no longer passes'],
  },
  emergency: {
    transition: 'emergency',
    what: 'act at once during an active attack, time-boxed, reviewed by the commission afterwards (a defence operator always needs the Prime Minister’s order, a gate, so never acts on this path)',
    roles: ['designated_officer'],
    relation: 'any',
    states: [],
    mechanisms: 'those in operations.emergency.mechanisms that the officer may request',
    targets: 'derived from the linked attacks active now (see the derivation table) and the guards',
    gates: 'none may apply: a gate is another authority’s decision the platform cannot verify, so it goes through prior approval; a typed reference unlocks nothing',
    refusals: [
      'SAKIMORI_ERR_OPERATIONS_FORBIDDEN',
      'SAKIMORI_ERR_OPERATIONS_MECHANISM_NOT_ALLOWED',
      'SAKIMORI_ERR_OPERATIONS_EMERGENCY_NO_ACTIVE_ATTACK',
      'SAKIMORI_ERR_OPERATIONS_EMERGENCY_NOT_DERIVED',
      'SAKIMORI_ERR_OPERATIONS_EMERGENCY_GATE',
      'SAKIMORI_ERR_OPERATIONS_GUARD_*',
    ],
  },
  review: {
    transition: 'review',
    what: 'uphold an emergency action, or order its withdrawal (with reasons)',
    roles: ['commission_member'],
    relation: 'not_requester',
    states: ['active', 'completed', 'expired', 'withdrawn', 'failed'],
    mechanisms: 'any',
    targets: '—',
    gates: '—',
    refusals: ['SAKIMORI_ERR_OPERATIONS_FORBIDDEN', 'SAKIMORI_ERR_APPROVAL_SELF_VOTE', 'SAKIMORI_ERR_OPERATIONS_EMERGENCY_REVIEWED', 'SAKIMORI_ERR_APPROVAL_REASON_REQUIRED'],
  },
  withdraw: {
    transition: 'withdraw',
    what: 'take an action out of force now (the requester; a commission member orders it, with reasons)',
    roles: ['commission_member'],
    relation: 'requester_or_role',
    states: ['active'],
    mechanisms: 'any',
    targets: '—',
    gates: '—',
    refusals: ['SAKIMORI_ERR_OPERATIONS_FORBIDDEN', 'SAKIMORI_ERR_APPROVAL_REASON_REQUIRED', 'SAKIMORI_ERR_OPERATIONS_REQUEST_STATE'],
  },
  cancel: {
    transition: 'cancel',
    what: 'cancel a request awaiting approval',
    roles: [],
    relation: 'requester',
    states: ['pending_approval'],
    mechanisms: 'any',
    targets: '—',
    gates: '—',
    refusals: ['SAKIMORI_ERR_OPERATIONS_NOT_REQUESTER', 'SAKIMORI_ERR_OPERATIONS_REQUEST_STATE'],
  },
  retry: {
    transition: 'retry',
    what: 'try a failed execution again, never past its deadline or time box',
    roles: [],
    relation: 'requester',
    states: ['failed'],
    mechanisms: 'any',
    targets: 'the guards again',
    gates: '—',
    refusals: ['SAKIMORI_ERR_OPERATIONS_NOT_REQUESTER', 'SAKIMORI_ERR_OPERATIONS_REQUEST_STATE', 'SAKIMORI_ERR_OPERATIONS_EMERGENCY_EXPIRED'],
  },
  report_outcome: {
    transition: 'report_outcome',
    what: 'report the outcome of access and neutralisation done outside the platform',
    roles: [],
    relation: 'requester',
    states: ['active', 'expired', 'withdrawn'],
    mechanisms: 'access_neutralisation',
    targets: '—',
    gates: '—',
    refusals: ['SAKIMORI_ERR_OPERATIONS_NOT_REQUESTER', 'SAKIMORI_ERR_OPERATIONS_REQUEST_STATE'],
  },
  flag_serious: {
    transition: 'flag_serious',
    what: 'flag a case serious: the national security council’s review is added to every request of the case still awaiting approval',
    roles: ['nco_analyst'],
    relation: 'any',
    states: [],
    stateNote: 'an open case',
    mechanisms: 'any',
    targets: '—',
    gates: 'national security council review added to the case’s requests awaiting approval',
    refusals: ['SAKIMORI_ERR_OPERATIONS_FORBIDDEN', 'SAKIMORI_ERR_OPERATIONS_CASE_CLOSED'],
  },
});

/** How the emergency path derives the targets it may act on, per mechanism. */
export const EMERGENCY_DERIVATION: readonly { readonly mechanism: string; readonly side: string; readonly rule: string }[] = [
  { mechanism: 'rtbh', side: 'victim', rule: 'the victim host of a linked active attack (a host inside its prefix for a carpet attack)' },
  { mechanism: 'flowspec, traffic match', side: 'victim', rule: 'the destination lies inside the target of a linked active attack' },
  {
    mechanism: 'flowspec, sources match',
    side: 'source',
    rule: 'every source is an observed source (attacker list) of a linked active attack whose target contains the destination, when one is given',
  },
  { mechanism: 'blocklist', side: 'source', rule: 'every entry is an observed source of a linked active attack' },
  { mechanism: 'dns_rpz', side: 'intel', rule: 'every domain is linked by threat intelligence to a linked active attack' },
  { mechanism: 'abuse_notice, isp_notice', side: 'source', rule: 'every address is an observed source of a linked active attack' },
  {
    mechanism: 'access_neutralisation',
    side: 'source / intel',
    rule: 'the address is an observed source, the domain linked intelligence, of a linked active attack; a target given only by description is refused',
  },
];

function roleText(r: TransitionRule): string {
  if (r.roles === 'catalogue') return 'the mechanism’s requesters (catalogue)';
  if (r.roles === 'platform') return 'the platform';
  return r.roles.length === 0 ? '—' : r.roles.join(', ');
}

const RELATION_TEXT: Readonly<Record<Relation, string>> = {
  any: 'anyone with the role',
  requester: 'the requester only',
  not_requester: 'never the requester',
  requester_or_role: 'the requester, or a holder of the role',
};

const cell = (s: string): string => s.replace(/\|/g, '\\|');

/** The rules as the Markdown of `docs/approval-rules.md`. */
export function renderRules(): string {
  const out = [
    '# Countermeasure approval rules',
    '',
    'Generated from `src/operations/policy/rules.ts` by `npm run docs`; do not edit. The policy module',
    '(`src/operations/policy/request-policy.ts`) enforces exactly this table, and',
    '`src/operations/policy/approval-rules.test.ts` drives every row through the services for every role.',
    '',
    '**The invariant** (`src/api/approval-invariant.test.ts` drives random sequences of API calls against it; `npm run invariant` runs more):',
    'no countermeasure executes unless (a) a quorum of distinct commission members, none of them the requester or',
    'the person who last amended it, approved exactly the digest that executes, or (b) it is an emergency action whose',
    'every target is derived from an active attack it cites, by an actor allowed to act in emergencies, and it is',
    'reviewed afterwards.',
    '',
    '| transition | what | who | relation | from state | mechanisms | targets | gates | refused with |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const t of TRANSITIONS) {
    const r = RULES[t];
    const states = r.states.length === 0 ? (r.stateNote ?? '(new)') : r.states.join(', ');
    const relation = r.roles === 'platform' ? '—' : RELATION_TEXT[r.relation];
    out.push(
      `| \`${t}\` | ${cell(r.what)} | ${cell(roleText(r))} | ${relation} | ${states} | ${cell(r.mechanisms)} | ${cell(r.targets)} | ${cell(r.gates)} | ${r.refusals.map((c) => (c.startsWith('SAKIMORI_') ? `\`${c}\`` : cell(c))).join(', ')} |`,
    );
  }
  out.push(
    '',
    '## Targets on the emergency path',
    '',
    'Every target must be derived from a linked attack that is active when the action is taken; anything else is refused with `SAKIMORI_ERR_OPERATIONS_EMERGENCY_NOT_DERIVED`.',
    '',
    '| mechanism | side | every target must be |',
    '|---|---|---|',
  );
  for (const d of EMERGENCY_DERIVATION) out.push(`| ${d.mechanism} | ${d.side} | ${cell(d.rule)} |`);
  out.push('');
  return out.join('\n');
}
