/**
 * Cases over HTTP: list, open, read, assign or flag serious, move between states, link evidence,
 * write notes, and declare the scope (prefixes and time windows) the case may look at personal
 * data in. The services check roles again and audit every change.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import type { CaseState } from '../../operations/cases/case.js';
import { EVIDENCE_KINDS } from '../../operations/cases/case.js';
import type { Operations } from '../../operations/operations.js';
import { personNamesHook, type NameLookup } from '../http/person-names.js';
import type { CaseScopeService } from '../../oversight/access/case-scope-service.js';
import { CASE_WORKERS, OPERATIONS_READERS, principalOf, R } from '../http/access.js';
import { Empty, Id, IdParams, Millis, Nullable, Page, pageOf, PageQuery, Text } from '../http/schemas.js';
import { CaseDetailSchema, CaseSchema, EvidenceSchema, NoteSchema, ScopeRowSchema } from '../views/operations-schemas.js';

const CaseStateSchema = Type.Union([Type.Literal('open'), Type.Literal('contained'), Type.Literal('closed')]);
const EvidenceBody = Type.Object(
  { kind: Type.Union(EVIDENCE_KINDS.map((k) => Type.Literal(k))), ref: Text(200), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
const CaseBody = Type.Object(
  {
    title: Text(200),
    description: Type.Optional(Type.String({ maxLength: 10000 })),
    serious: Type.Optional(Type.Boolean()),
    assignee: Type.Optional(Text(128)),
    evidence: Type.Optional(Type.Array(EvidenceBody, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
const CasePatch = Type.Object({ assignee: Type.Optional(Nullable(Text(128))), serious: Type.Optional(Type.Boolean()) }, { additionalProperties: false, minProperties: 1 });
const ScopeBody = Type.Object({ prefix: Type.String({ minLength: 2, maxLength: 64 }), from: Millis, to: Nullable(Millis) }, { additionalProperties: false });
const ScopeParams = Type.Object({ id: Id, scopeId: Id }, { additionalProperties: false });
const ScopeDecisionBody = Type.Object({ decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]) }, { additionalProperties: false });

/** Route plugin of `/cases`. */
export function casesRoutes(deps: { operations: Operations; scopes: CaseScopeService; names: NameLookup }): FastifyPluginAsync {
  const ops = deps.operations;
  return async (app) => {
    // People are shown by name: creators, assignees, note authors, who added evidence and scope.
    app.addHook('preSerialization', personNamesHook(deps.names));
    const read = { access: OPERATIONS_READERS };
    const write = { access: CASE_WORKERS };
    const tags = ['cases'];
    app.get<{ Querystring: { state?: CaseState; assignee?: string; limit: number; cursor?: string } }>(
      '/cases',
      {
        config: read,
        schema: { summary: 'Cases, newest first', tags, querystring: PageQuery({ state: Type.Optional(CaseStateSchema), assignee: Type.Optional(Text(128)) }), response: { 200: Page(CaseSchema) } },
      },
      async (req) => {
        const q = req.query;
        const rows = await ops.cases.list(principalOf(req).actor, {
          limit: q.limit + 1,
          ...(q.state === undefined ? {} : { state: q.state }),
          ...(q.assignee === undefined ? {} : { assignee: q.assignee }),
          ...(q.cursor === undefined ? {} : { before: q.cursor }),
        });
        return pageOf(rows, q.limit, (c) => c.id);
      },
    );
    app.post('/cases', { config: write, schema: { summary: 'Open a case', tags, body: CaseBody, response: { 201: CaseDetailSchema } } }, async (req, reply) =>
      reply.status(201).send(await ops.cases.open(principalOf(req).actor, req.body)),
    );
    app.get<{ Params: { id: string } }>(
      '/cases/:id',
      { config: read, schema: { summary: 'A case with its evidence, notes and requests', tags, params: IdParams, response: { 200: CaseDetailSchema } } },
      async (req) => ops.cases.get(principalOf(req).actor, req.params.id),
    );
    app.patch<{ Params: { id: string }; Body: { assignee?: string | null; serious?: boolean } }>(
      '/cases/:id',
      { config: write, schema: { summary: 'Assign the case or flag it serious', tags, params: IdParams, body: CasePatch, response: { 200: CaseSchema } } },
      async (req) => {
        const actor = principalOf(req).actor;
        let c = undefined;
        if (req.body.assignee !== undefined) c = await ops.cases.assign(actor, req.params.id, req.body.assignee);
        if (req.body.serious !== undefined) c = await ops.cases.flagSerious(actor, req.params.id, req.body.serious);
        return c;
      },
    );
    app.post<{ Params: { id: string }; Body: { to: CaseState } }>(
      '/cases/:id/transition',
      {
        config: write,
        schema: { summary: 'Move the case to another state', tags, params: IdParams, body: Type.Object({ to: CaseStateSchema }, { additionalProperties: false }), response: { 200: CaseSchema } },
      },
      async (req) => ops.cases.transition(principalOf(req).actor, req.params.id, req.body.to),
    );
    app.post<{ Params: { id: string } }>(
      '/cases/:id/evidence',
      { config: write, schema: { summary: 'Link evidence', tags, params: IdParams, body: EvidenceBody, response: { 201: EvidenceSchema } } },
      async (req, reply) => reply.status(201).send(await ops.cases.addEvidence(principalOf(req).actor, req.params.id, req.body)),
    );
    app.post<{ Params: { id: string }; Body: { text: string } }>(
      '/cases/:id/notes',
      {
        config: write,
        schema: { summary: 'Add a note (case workers; audited)', tags, params: IdParams, body: Type.Object({ text: Text(10000) }, { additionalProperties: false }), response: { 201: NoteSchema } },
      },
      async (req, reply) => reply.status(201).send(await ops.cases.addNote(principalOf(req).actor, req.params.id, req.body.text)),
    );
    app.get<{ Params: { id: string } }>(
      '/cases/:id/scope',
      { config: read, schema: { summary: 'Prefixes and windows the case may read personal data in', tags, params: IdParams, response: { 200: Page(ScopeRowSchema) } } },
      async (req) => {
        const actor = principalOf(req).actor;
        await ops.cases.get(actor, req.params.id);
        return { items: await deps.scopes.list(actor, req.params.id), next: null };
      },
    );
    app.post<{ Params: { id: string }; Body: { prefix: string; from: number; to: number | null } }>(
      '/cases/:id/scope',
      {
        config: write,
        schema: {
          summary: "Add a prefix and time window to the case scope (the case's creator or assignee; audited). An entry wider than the limit is pending until a commission member approves it",
          tags,
          params: IdParams,
          body: ScopeBody,
          response: { 201: ScopeRowSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await deps.scopes.add(principalOf(req).actor, req.params.id, req.body)),
    );
    app.delete<{ Params: { id: string; scopeId: string } }>(
      '/cases/:id/scope/:scopeId',
      { config: write, schema: { summary: "Remove a declared scope entry (the case's creator or assignee; audited)", tags, params: ScopeParams, response: { 204: Empty } } },
      async (req, reply) => {
        await deps.scopes.remove(principalOf(req).actor, req.params.id, req.params.scopeId);
        return reply.status(204).send();
      },
    );
    app.post<{ Params: { id: string; scopeId: string }; Body: { decision: 'approve' | 'reject' } }>(
      '/cases/:id/scope/:scopeId/decision',
      {
        config: { access: [R.commission] },
        schema: {
          summary: 'Approve or reject a pending scope entry (a commission member other than its declarer; audited)',
          tags,
          params: ScopeParams,
          body: ScopeDecisionBody,
          response: { 200: ScopeRowSchema },
        },
      },
      async (req) => deps.scopes.decide(principalOf(req).actor, req.params.id, req.params.scopeId, req.body.decision),
    );
  };
}
