/**
 * Turns untrusted request input into a complete, checked request — shared by the prior-approval
 * path, the emergency path and amendments: schema, canonical action, the requester's role for the
 * mechanism, the case, the executor, the linked attacks, the proportionality guards, the gates
 * and the digest. Nothing is stored here; every refusal happens before anything is.
 */
import { asId, type RequestId } from '../../core/ids.js';
import type { Actor } from '../../core/roles.js';
import { newId } from '../../storage/id.js';
import type { AttackView } from '../attacks.js';
import { normaliseAction, type CountermeasureAction } from '../catalogue/action.js';
import { CATALOGUE } from '../catalogue/mechanism.js';
import { CaseStore } from '../cases/case-store.js';
import type { Case } from '../cases/case.js';
import { ERR_OPERATIONS_CASE_CLOSED, ERR_OPERATIONS_FORBIDDEN, ERR_OPERATIONS_INVALID_INPUT } from '../errors.js';
import { requiredGates } from '../requests/approval.js';
import { actionDigest } from '../requests/digest.js';
import { RequestStore } from '../requests/request-store.js';
import { checkRequestInput, linkedAttackIds, type ApprovalPath, type CountermeasureRequest, type Gate, type LinkedEvidence } from '../requests/request.js';
import { actingRole, guardNetworks, guardVictims, linkedAttacks, type ServiceContext } from './context.js';

/** A request ready to store, with the facts it was checked against. */
export interface PreparedRequest {
  readonly request: CountermeasureRequest;
  readonly case: Case;
  readonly attacks: readonly { readonly attack: AttackView; readonly active: boolean }[];
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

/**
 * Checks and assembles a request. `existing` is the request being amended (its id, requester and
 * recorded gates carry over).
 */
export async function prepareRequest(ctx: ServiceContext, actor: Actor, input: unknown, path: ApprovalPath, existing?: CountermeasureRequest): Promise<PreparedRequest> {
  const checked = checkRequestInput(input);
  const action = normaliseAction(checked.rawAction);
  const entry = CATALOGUE[action.mechanism];
  const role = existing?.requesterRole ?? actingRole(actor, entry.requesters);
  if (role === undefined) throw new ERR_OPERATIONS_FORBIDDEN(`requesting ${action.mechanism}`, entry.requesters.join(', '));
  if (existing !== undefined && checked.caseId !== existing.caseId) throw new ERR_OPERATIONS_INVALID_INPUT('/caseId', 'an amendment cannot move the request to another case');
  const c = await new CaseStore(ctx.db, ctx.clock).require(checked.caseId);
  if (c.state === 'closed') throw new ERR_OPERATIONS_CASE_CLOSED(c.id);
  ctx.engine.rules(action);
  const evidence = impliedEvidence(action, checked.evidence);
  const attacks = await linkedAttacks(ctx, linkedAttackIds(evidence));
  await checkAbuseSources(ctx, action);
  const durationSeconds = checked.durationSeconds;
  ctx.guards.check({
    action,
    durationSeconds,
    path,
    networks: await guardNetworks(ctx),
    victims: guardVictims(attacks),
    rulesInForce: await new RequestStore(ctx.db).rulesInForce(action.mechanism, existing?.id),
  });
  const now = ctx.clock.now();
  const abroad = checked.abroad || (action.mechanism === 'access_neutralisation' && action.foreignLocation);
  const gates: Gate[] = requiredGates({ mechanism: action.mechanism, abroad, requesterRole: role, caseSerious: c.serious }, { ...ctx.config.approval, ...ctx.config.gates }).map((kind) => {
    const supplied = checked.gateReferences[kind];
    if (supplied !== undefined) return { kind, reference: supplied, recordedBy: actor.userId, recordedAt: now };
    return existing?.gates.find((g) => g.kind === kind) ?? { kind, reference: null, recordedBy: null, recordedAt: null };
  });
  const id = existing?.id ?? asId<RequestId>(newId(now));
  const digest = actionDigest({ requestId: id, caseId: c.id, path, action, durationSeconds }, ctx.sha256);
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
    requestedBy: existing?.requestedBy ?? actor.userId,
    requesterRole: role,
    state: 'pending_approval',
    digest,
    revision: (existing?.revision ?? 0) + 1,
    gates,
    rejectionReasons: [],
    review: null,
    outcome: null,
    endReason: null,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    decidedAt: null,
  };
  return { request, case: c, attacks };
}
