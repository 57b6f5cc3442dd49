/**
 * Response schemas of the operations objects (cases, requests, votes, executions) as the services
 * return them. The action of a request is described by the input schemas of the catalogue and is
 * documented here as an object.
 */
import Type from 'typebox';
import { personName } from '../http/person-names.js';
import { SCOPE_APPROVALS } from '../../oversight/access/scope.js';
import { Millis, Nullable } from '../http/schemas.js';

export const CaseSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    description: Nullable(Type.String()),
    state: Type.Union([Type.Literal('open'), Type.Literal('contained'), Type.Literal('closed')]),
    serious: Type.Boolean(),
    assignee: Nullable(Type.String()),
    assigneeName: personName(),
    createdBy: Type.String(),
    createdByName: personName(),
    createdAt: Millis,
    updatedAt: Millis,
    closedAt: Nullable(Millis),
  },
  { additionalProperties: false },
);

export const EvidenceSchema = Type.Object(
  { id: Type.String(), caseId: Type.String(), kind: Type.String(), ref: Type.String(), note: Nullable(Type.String()), addedBy: Type.String(), addedByName: personName(), addedAt: Millis },
  { additionalProperties: false },
);

export const NoteSchema = Type.Object(
  { id: Type.String(), caseId: Type.String(), author: Type.String(), authorName: personName(), text: Type.String(), createdAt: Millis },
  { additionalProperties: false },
);

export const CaseDetailSchema = Type.Object(
  {
    case: CaseSchema,
    evidence: Type.Array(EvidenceSchema),
    notes: Type.Array(NoteSchema),
    requests: Type.Array(Type.Object({ id: Type.String(), mechanism: Type.String(), path: Type.String(), state: Type.String(), createdAt: Millis }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export const ScopeRowSchema = Type.Object(
  {
    id: Type.String(),
    caseId: Type.String(),
    origin: Type.Union([Type.Literal('declared'), Type.Literal('evidence')], { description: 'declared by a case worker, or the target and time of an attack the case cites' }),
    prefix: Type.String(),
    from: Millis,
    to: Nullable(Millis),
    approval: Type.Union(
      SCOPE_APPROVALS.map((a) => Type.Literal(a)),
      { description: 'pending: wider than the limit, counts once a commission member approves it' },
    ),
    addedBy: Type.String(),
    addedByName: personName(),
    addedAt: Millis,
    decidedBy: Nullable(Type.String()),
    decidedAt: Nullable(Millis),
    attackId: Nullable(Type.String()),
  },
  { additionalProperties: false },
);

const GateSchema = Type.Object({ kind: Type.String(), reference: Nullable(Type.String()), recordedBy: Nullable(Type.String()), recordedAt: Nullable(Millis) }, { additionalProperties: false });
const ReviewSchema = Type.Object(
  { dueAt: Millis, state: Type.String(), reviewedBy: Nullable(Type.String()), reviewedAt: Nullable(Millis), reason: Nullable(Type.String()), escalatedAt: Nullable(Millis) },
  { additionalProperties: false },
);
const OutcomeSchema = Type.Object({ reportedBy: Type.String(), reportedAt: Millis, outcome: Type.String(), report: Type.String() }, { additionalProperties: false });

const requestFields = {
  id: Type.String(),
  caseId: Type.String(),
  path: Type.Union([Type.Literal('prior'), Type.Literal('emergency')]),
  mechanism: Type.String(),
  durationSeconds: Nullable(Type.Integer()),
  justification: Type.String(),
  harm: Type.Object({ life: Type.String(), body: Type.String(), property: Type.String(), notes: Nullable(Type.String()) }, { additionalProperties: false }),
  urgency: Type.String(),
  evidence: Type.Array(Type.Object({ kind: Type.String(), ref: Type.String() }, { additionalProperties: false })),
  abroad: Type.Boolean(),
  requestedBy: Type.String(),
  requestedByName: personName(),
  requesterRole: Type.String(),
  state: Type.String(),
  digest: Type.String({ description: 'hex SHA-256 of the canonical action document: what votes are bound to' }),
  revision: Type.Integer(),
  gates: Type.Array(GateSchema),
  rejectionReasons: Type.Array(Type.String()),
  review: Nullable(ReviewSchema),
  outcome: Nullable(OutcomeSchema),
  endReason: Nullable(Type.String()),
  createdAt: Millis,
  updatedAt: Millis,
  decidedAt: Nullable(Millis),
};

/** A request with its canonical action. */
export const RequestSchema = Type.Object(
  { ...requestFields, action: Type.Unknown({ description: 'the canonical action (mechanism-specific; see the request input)' }) },
  { additionalProperties: false },
);

/** A request in lists: without its action (target addresses), with the number of targets. */
export const RequestSummarySchema = Type.Object({ ...requestFields, targetCount: Type.Integer() }, { additionalProperties: false });

export const ExecutionSchema = Type.Object(
  {
    id: Type.String(),
    requestId: Type.String(),
    mechanism: Type.String(),
    state: Type.String(),
    startedAt: Millis,
    expiresAt: Nullable(Millis),
    endedAt: Nullable(Millis),
    endReason: Nullable(Type.String()),
    lastError: Nullable(Type.String()),
    updatedAt: Millis,
  },
  { additionalProperties: false },
);

export const TargetSummarySchema = Type.Object({ peer: Type.String(), state: Type.String(), n: Type.Integer() }, { additionalProperties: false });

export const RequestViewSchema = Type.Object(
  {
    request: RequestSchema,
    votes: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          requestId: Type.String(),
          voter: Type.String(),
          voterName: personName(),
          decision: Type.String(),
          digest: Type.String(),
          reason: Nullable(Type.String()),
          createdAt: Millis,
          current: Type.Boolean(),
        },
        { additionalProperties: false },
      ),
    ),
    approvals: Type.Integer(),
    rejections: Type.Integer(),
    quorum: Type.Integer(),
    openGates: Type.Array(Type.String()),
    digestDocument: Type.String({ description: 'the canonical text whose SHA-256 is the digest' }),
    execution: Nullable(ExecutionSchema),
    targets: Type.Array(TargetSummarySchema),
  },
  { additionalProperties: false },
);

export const ExecutionTargetSchema = Type.Object(
  { executionId: Type.String(), ruleKey: Type.String(), peer: Type.String(), state: Type.String(), attempts: Type.Integer(), error: Nullable(Type.String()), updatedAt: Millis },
  { additionalProperties: false },
);

export const CatalogueEntrySchema = Type.Object(
  { mechanism: Type.String(), mode: Type.String(), requesters: Type.Array(Type.String()), summary: Type.String(), effect: Type.String(), available: Type.Boolean(), emergency: Type.Boolean() },
  { additionalProperties: false },
);
