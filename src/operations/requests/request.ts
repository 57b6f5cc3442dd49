/**
 * Countermeasure requests: what an officer asks the commission to approve (or, on the emergency
 * path, executes at once and reports): the action, its duration, the justification, the harm
 * assessment, the urgency and the evidence it rests on.
 *
 * Pure: no I/O, no `node:` imports.
 */
import Type, { type Static } from 'typebox';
import type { CaseId, RequestId, UserId } from '../../core/ids.js';
import type { Role } from '../../core/roles.js';
import type { CountermeasureAction } from '../catalogue/action.js';
import type { Mechanism } from '../catalogue/mechanism.js';
import { EVIDENCE_KINDS, type EvidenceKind } from '../cases/case.js';
import { checkInput, checkText, optionalText } from '../validate.js';

/**
 * Where a request stands. Prior approval: `pending_approval` → `approved` → `active` →
 * `expired` | `withdrawn` (standing) or `completed` (one-shot); or `rejected` / `cancelled`.
 * Emergency: created `active`. `failed` when nothing could be put in force.
 */
export type RequestState = 'pending_approval' | 'approved' | 'rejected' | 'cancelled' | 'active' | 'completed' | 'expired' | 'withdrawn' | 'failed';

/** How the request is decided: in advance by the commission, or afterwards (emergency). */
export type ApprovalPath = 'prior' | 'emergency';

/** Likelihood and severity of harm to third parties, per protected interest. */
export type HarmLevel = 'none' | 'low' | 'medium' | 'high';

/** The harm assessment every request carries (life, body, property). */
export interface HarmAssessment {
  readonly life: HarmLevel;
  readonly body: HarmLevel;
  readonly property: HarmLevel;
  readonly notes: string | null;
}

/** How urgent the requester says the action is. */
export type Urgency = 'routine' | 'urgent' | 'immediate';

/** Extra authorisations the law requires in some cases. */
export type GateKind = 'foreign_ministry_consultation' | 'prime_minister_order' | 'national_security_council_review';

/** Every gate kind. */
export const GATE_KINDS: readonly GateKind[] = ['foreign_ministry_consultation', 'prime_minister_order', 'national_security_council_review'];

/** One required gate and, once recorded, its reference. */
export interface Gate {
  readonly kind: GateKind;
  /** Reference of the consultation, order or review (file number), or null while open. */
  readonly reference: string | null;
  readonly recordedBy: UserId | null;
  readonly recordedAt: number | null;
}

/** Evidence a request rests on, by kind and reference (attack ids for the emergency path). */
export interface LinkedEvidence {
  readonly kind: EvidenceKind;
  readonly ref: string;
}

/** The commission's after-the-fact review of an emergency action. */
export interface EmergencyReview {
  readonly dueAt: number;
  readonly state: 'pending' | 'upheld' | 'withdrawal_ordered';
  readonly reviewedBy: UserId | null;
  readonly reviewedAt: number | null;
  readonly reason: string | null;
  /** Set when the deadline passed without a review and the platform escalated. */
  readonly escalatedAt: number | null;
}

/** What a designated officer reports after access and neutralisation. */
export interface OutcomeReport {
  readonly reportedBy: UserId;
  readonly reportedAt: number;
  readonly outcome: 'neutralised' | 'partially_neutralised' | 'not_executed' | 'failed';
  readonly report: string;
}

/** A countermeasure request. */
export interface CountermeasureRequest {
  readonly id: RequestId;
  readonly caseId: CaseId;
  readonly path: ApprovalPath;
  readonly mechanism: Mechanism;
  readonly action: CountermeasureAction;
  /** Null for one-shot mechanisms (notices). */
  readonly durationSeconds: number | null;
  readonly justification: string;
  readonly harm: HarmAssessment;
  readonly urgency: Urgency;
  readonly evidence: readonly LinkedEvidence[];
  /** The target is located abroad (drives the foreign-ministry gate). */
  readonly abroad: boolean;
  readonly requestedBy: UserId;
  /** The role the requester acted in. */
  readonly requesterRole: Role;
  readonly state: RequestState;
  /** Hex SHA-256 of the canonical action: what votes are bound to. */
  readonly digest: string;
  /** Bumped on every amendment. */
  readonly revision: number;
  readonly gates: readonly Gate[];
  /** Reasons given by the members who rejected it. */
  readonly rejectionReasons: readonly string[];
  readonly review: EmergencyReview | null;
  readonly outcome: OutcomeReport | null;
  /** Why the request ended (withdrawal reason, failure). */
  readonly endReason: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly decidedAt: number | null;
}

const Level = Type.Union([Type.Literal('none'), Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')]);

/** Untrusted request input (the action is checked separately by `normaliseAction`). */
export const RequestInputSchema = Type.Object(
  {
    caseId: Type.String({ minLength: 1, maxLength: 64 }),
    action: Type.Unknown(),
    durationSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
    justification: Type.String({ minLength: 1, maxLength: 4000 }),
    harm: Type.Object({ life: Level, body: Level, property: Level, notes: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
    urgency: Type.Union([Type.Literal('routine'), Type.Literal('urgent'), Type.Literal('immediate')]),
    evidence: Type.Optional(
      Type.Array(Type.Object({ kind: Type.Union(EVIDENCE_KINDS.map((k) => Type.Literal(k))), ref: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }), { maxItems: 100 }),
    ),
    abroad: Type.Optional(Type.Boolean({ description: 'the target is located abroad' })),
    gates: Type.Optional(
      Type.Object(
        {
          foreign_ministry_consultation: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          prime_minister_order: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          national_security_council_review: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        },
        { additionalProperties: false, description: 'references of gates already obtained (required up front on the emergency path)' },
      ),
    ),
  },
  { additionalProperties: false },
);

/** Request input as a client sends it. */
export type RequestInput = Static<typeof RequestInputSchema>;

/** Request input checked and normalised, action aside. */
export interface CheckedRequestInput {
  readonly caseId: CaseId;
  readonly durationSeconds: number | null;
  readonly justification: string;
  readonly harm: HarmAssessment;
  readonly urgency: Urgency;
  readonly evidence: readonly LinkedEvidence[];
  readonly abroad: boolean;
  readonly gateReferences: Partial<Record<GateKind, string>>;
}

/** Checks request input (not the action); throws `SAKIMORI_ERR_OPERATIONS_INVALID_INPUT`. */
export function checkRequestInput(input: unknown): CheckedRequestInput & { readonly rawAction: unknown } {
  const r = checkInput(RequestInputSchema, input);
  const evidence = new Map<string, LinkedEvidence>();
  (r.evidence ?? []).forEach((e, i) => evidence.set(`${e.kind} ${e.ref}`, { kind: e.kind, ref: checkText(e.ref, `/evidence/${i}/ref`, 200) }));
  const gateReferences: Partial<Record<GateKind, string>> = {};
  for (const k of GATE_KINDS) {
    const v = r.gates?.[k];
    if (v !== undefined) gateReferences[k] = checkText(v, `/gates/${k}`, 200);
  }
  const notes = optionalText(r.harm.notes, '/harm/notes', 2000, { multiline: true });
  return {
    caseId: r.caseId as CaseId,
    rawAction: r.action,
    durationSeconds: r.durationSeconds ?? null,
    justification: checkText(r.justification, '/justification', 4000, { multiline: true }),
    harm: { life: r.harm.life, body: r.harm.body, property: r.harm.property, notes },
    urgency: r.urgency,
    evidence: [...evidence.values()],
    abroad: r.abroad ?? false,
    gateReferences,
  };
}

/** Ids of the attacks a request links to. */
export function linkedAttackIds(evidence: readonly LinkedEvidence[]): string[] {
  return evidence.filter((e) => e.kind === 'attack' || e.kind === 'attacker_list').map((e) => e.ref);
}
