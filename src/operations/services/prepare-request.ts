/**
 * What a new request, an amendment and an emergency action all go through: schema, canonical
 * action, the request policy (who may ask for this mechanism, now; on the emergency path, targets
 * derived from the active linked attacks), PAP on intelligence evidence, the case, the executor, the linked attacks, the
 * proportionality guards, the gates and the digest. Nothing is stored here; every refusal happens
 * before anything is.
 */
import { asId, type RequestId } from '../../core/ids.js';
import type { Actor, Role } from '../../core/roles.js';
import { newId } from '../../storage/id.js';
import type { AttackView } from '../attacks.js';
import { normaliseAction, type CountermeasureAction } from '../catalogue/action.js';
import { normaliseDomain } from '../catalogue/domains.js';
import { parseHost, parseTarget } from '../catalogue/prefixes.js';
import { CaseStore } from '../cases/case-store.js';
import type { Case } from '../cases/case.js';
import { ERR_OPERATIONS_INVALID_INPUT } from '../errors.js';
import type { LinkedAttackFacts } from '../policy/derive-targets.js';
import { authorize, held, rolesOf } from '../policy/request-policy.js';
import { requiredGates } from '../requests/approval.js';
import { checkPap } from '../requests/pap-check.js';
import { requestDigest } from '../requests/digest.js';
import { RequestStore } from '../requests/request-store.js';
import { checkRequestInput, linkedAttackIds, type ApprovalPath, type CountermeasureRequest, type Gate, type LinkedEvidence } from '../requests/request.js';
import { guardNetworks, guardVictims, linkedAttacks, policySettings, type ServiceContext } from './context.js';

/** A request ready to store, with the facts it was checked against. */
export interface PreparedRequest {
  readonly request: CountermeasureRequest;
  readonly case: Case;
  readonly attacks: readonly { readonly attack: AttackView; readonly active: boolean }[];
  /** The role the policy granted the actor for this request. */
  readonly role: Role;
}

function impliedEvidence(action: CountermeasureAction, evidence: readonly LinkedEvidence[]): LinkedEvidence[] {
  const out = [...evidence];
  if (action.mechanism === 'abuse_notice' && !out.some((e) => (e.kind === 'attack' || e.kind === 'attacker_list') && e.ref === action.attackId)) {
    out.push({ kind: 'attacker_list', ref: action.attackId });
  }
  return out;
}

async function checkAbuseSources(ctx: ServiceContext, action: CountermeasureAction): Promise<void> {
  if (action.mechanism !== 'abuse_notice') return;
  // A notice names only sources the evidence shows: never an address typed in by hand.
  const listed = new Set((await ctx.attacks.attackers(action.attackId)).map((a) => a.address));
  const stray = action.sources.find((s) => !listed.has(s));
  if (stray !== undefined) throw new ERR_OPERATIONS_INVALID_INPUT('/action/sources', `${stray} is not on the attacker list of attack ${action.attackId}`);
}

/** Canonical host text of an attacker address; undefined for one that does not parse. */
function canonicalHost(address: string): string | undefined {
  try {
    return parseHost(address, 'attacker').text;
  } catch {
    return undefined;
  }
}

function canonicalDomain(d: string): string | undefined {
  try {
    return normaliseDomain(d, 'intel');
  } catch {
    return undefined;
  }
}

/** What the emergency policy derives targets from: each linked attack, its sources and linked domains. */
async function attackFacts(ctx: ServiceContext, attacks: readonly { attack: AttackView; active: boolean }[]): Promise<LinkedAttackFacts[]> {
  const out: LinkedAttackFacts[] = [];
  for (const { attack, active } of attacks) {
    // Ended attacks derive nothing: their lists are not read.
    const sources = new Set<string>();
    const domains = new Set<string>();
    if (active) {
      for (const a of await ctx.attacks.attackers(attack.id)) {
        const h = canonicalHost(a.address);
        if (h !== undefined) sources.add(h);
      }
      for (const d of await ctx.attacks.linkedDomains(attack.id)) {
        const n = canonicalDomain(d);
        if (n !== undefined) domains.add(n);
      }
    }
    out.push({ id: attack.id, active, target: parseTarget(attack.target, 'attack target').prefix, sources, domains });
  }
  return out;
}

/**
 * Checks and assembles a request. `existing` is the request being amended (its id, requester,
 * revision and recorded gates carry over; the requester's rights are checked afresh).
 */
export async function prepareRequest(ctx: ServiceContext, actor: Actor, input: unknown, path: ApprovalPath, existing?: CountermeasureRequest): Promise<PreparedRequest> {
  const checked = checkRequestInput(input);
  const action = normaliseAction(checked.rawAction);
  if (existing !== undefined && checked.caseId !== existing.caseId) throw new ERR_OPERATIONS_INVALID_INPUT('/caseId', 'an amendment cannot move the request to another case');
  const c = await new CaseStore(ctx.db, ctx.clock).require(checked.caseId);
  const settings = policySettings(ctx);
  let role: Role | null = null;
  if (path === 'prior') {
    role =
      existing === undefined
        ? authorize({ transition: 'create', actor, mechanism: action.mechanism, caseId: c.id, caseState: c.state }, settings).role
        : authorize({ transition: 'amend', actor, request: existing, mechanism: action.mechanism, caseId: c.id, caseState: c.state }, settings).role;
  }
  const evidence = impliedEvidence(action, checked.evidence);
  await checkPap(action.mechanism, evidence, ctx.intel);
  const attacks = await linkedAttacks(ctx, linkedAttackIds(evidence));
  await checkAbuseSources(ctx, action);
  const abroad = checked.abroad || (action.mechanism === 'access_neutralisation' && action.foreignLocation);
  const now = ctx.clock.now();
  const gateFacts = (r: Role) => requiredGates({ mechanism: action.mechanism, abroad, requesterRole: r, caseSerious: c.serious }, { ...ctx.config.approval, ...ctx.config.gates });
  if (path === 'emergency') {
    // The emergency policy needs the role first to know the gates, so it is asked twice: once for
    // the role (any officer role), then with the gates that role brings.
    const officer = held(actor, rolesOf('emergency'));
    role = authorize(
      { transition: 'emergency', actor, action, caseId: c.id, caseState: c.state, attacks: await attackFacts(ctx, attacks), requiredGates: officer === undefined ? [] : gateFacts(officer) },
      settings,
    ).role;
  }
  const granted = role!;
  // Whether this installation can execute it at all, once the policy said who may ask for it.
  ctx.engine.rules(action);
  const durationSeconds = checked.durationSeconds;
  ctx.guards.check({
    action,
    durationSeconds,
    path,
    networks: await guardNetworks(ctx),
    victims: guardVictims(attacks),
    rulesInForce: await new RequestStore(ctx.db).rulesInForce(action.mechanism, existing?.id),
  });
  const gates: Gate[] = gateFacts(granted).map((kind) => {
    const supplied = checked.gateReferences[kind];
    if (supplied !== undefined) return { kind, reference: supplied, recordedBy: actor.userId, recordedAt: now };
    return existing?.gates.find((g) => g.kind === kind) ?? { kind, reference: null, recordedBy: null, recordedAt: null };
  });
  const id = existing?.id ?? asId<RequestId>(newId(now));
  const revision = (existing?.revision ?? 0) + 1;
  const requestedBy = existing?.requestedBy ?? actor.userId;
  const digest = requestDigest(
    { requestId: id, caseId: c.id, path, action, durationSeconds, revision, justification: checked.justification, harm: checked.harm, urgency: checked.urgency, evidence, abroad, requestedBy },
    ctx.sha256,
  );
  const request: CountermeasureRequest = {
    id,
    caseId: c.id,
    path,
    mechanism: action.mechanism,
    action,
    durationSeconds,
    justification: checked.justification,
    harm: checked.harm,
    urgency: checked.urgency,
    evidence,
    abroad,
    requestedBy,
    requesterRole: granted,
    state: 'pending_approval',
    digest,
    revision,
    gates,
    rejectionReasons: [],
    review: null,
    outcome: null,
    endReason: null,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    decidedAt: null,
  };
  return { request, case: c, attacks, role: granted };
}
