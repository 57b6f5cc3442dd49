/**
 * Countermeasure requests, votes, gates, emergency actions and executions over HTTP. Every call
 * goes to the operations services, which check the caller's role again, refuse self-approval and
 * votes on a changed action (the digest), and audit each step and each refusal.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { MECHANISMS, type Mechanism } from '../../operations/catalogue/mechanism.js';
import type { ExecutionState } from '../../operations/execution/execution.js';
import type { Operations } from '../../operations/operations.js';
import { ReviewInputSchema } from '../../operations/services/emergency-service.js';
import { GateInputSchema, VoteInputSchema } from '../../operations/services/approval-service.js';
import { OutcomeInputSchema } from '../../operations/services/execution-service.js';
import type { RequestSummary } from '../../operations/services/request-view.js';
import { RequestInputSchema, type RequestState } from '../../operations/requests/request.js';
import { CASE_WORKERS, OPERATIONS_READERS, principalOf, R } from '../http/access.js';
import { Id, IdParams, offsetOf, Page, pageArray, pageOf, PageQuery, Text } from '../http/schemas.js';
import { personNamesHook, type NameLookup } from '../http/person-names.js';
import { CatalogueEntrySchema, ExecutionSchema, ExecutionTargetSchema, RequestSummarySchema, RequestViewSchema, TargetSummarySchema } from '../views/operations-schemas.js';

const REQUEST_STATES: readonly RequestState[] = ['pending_approval', 'approved', 'rejected', 'cancelled', 'active', 'completed', 'expired', 'withdrawn', 'failed'];
const EXECUTION_STATES: readonly ExecutionState[] = ['pending', 'active', 'completed', 'expired', 'withdrawn', 'failed'];
const lit = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const Reason = Type.Object({ reason: Text(2000) }, { additionalProperties: false });
const OptionalReason = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
const ExecutionListItem = Type.Object({ ...ExecutionSchema.properties, targets: Type.Array(TargetSummarySchema) }, { additionalProperties: false });

/** Route plugin of `/catalogue`, `/requests`, `/emergency` and `/executions`. */
export function requestsRoutes(deps: { operations: Operations; names: NameLookup }): FastifyPluginAsync {
  const ops = deps.operations;
  return async (app) => {
    // People are shown by name: requesters of requests in lists and views, and voters.
    app.addHook('preSerialization', personNamesHook(deps.names));
    const read = { access: OPERATIONS_READERS };
    const work = { access: CASE_WORKERS };
    const tags = ['countermeasures'];
    app.get('/catalogue', { config: read, schema: { summary: 'The countermeasure catalogue and what can run here', tags, response: { 200: Type.Array(CatalogueEntrySchema) } } }, async () =>
      ops.requests.catalogue(),
    );
    app.get<{ Querystring: { state?: RequestState; caseId?: string; mechanism?: Mechanism; path?: 'prior' | 'emergency'; limit: number; cursor?: string } }>(
      '/requests',
      {
        config: read,
        schema: {
          summary: 'Requests without their target lists, newest first',
          tags,
          querystring: PageQuery({
            state: Type.Optional(lit(REQUEST_STATES)),
            caseId: Type.Optional(Id),
            mechanism: Type.Optional(lit(MECHANISMS)),
            path: Type.Optional(lit(['prior', 'emergency'] as const)),
          }),
          response: { 200: Page(RequestSummarySchema) },
        },
      },
      async (req) => {
        const q = req.query;
        const rows = await ops.requests.list(principalOf(req).actor, {
          limit: q.limit + 1,
          ...(q.state === undefined ? {} : { states: [q.state] }),
          ...(q.caseId === undefined ? {} : { caseId: q.caseId }),
          ...(q.mechanism === undefined ? {} : { mechanism: q.mechanism }),
          ...(q.path === undefined ? {} : { path: q.path }),
          ...(q.cursor === undefined ? {} : { before: q.cursor }),
        });
        return pageOf(rows, q.limit, (r) => r.id);
      },
    );
    app.post(
      '/requests',
      { config: work, schema: { summary: 'Request a countermeasure for the commission’s prior approval', tags, body: RequestInputSchema, response: { 201: RequestViewSchema } } },
      async (req, reply) => reply.status(201).send(await ops.requests.create(principalOf(req).actor, req.body)),
    );
    app.get<{ Params: { id: string } }>(
      '/requests/:id',
      {
        config: read,
        schema: { summary: 'A request with votes, gates, the digest document and its execution (the read of targets is audited)', tags, params: IdParams, response: { 200: RequestViewSchema } },
      },
      async (req) => ops.requests.get(principalOf(req).actor, req.params.id),
    );
    app.put<{ Params: { id: string } }>(
      '/requests/:id',
      { config: work, schema: { summary: 'Amend a pending request (the requester; voids votes cast so far)', tags, params: IdParams, body: RequestInputSchema, response: { 200: RequestViewSchema } } },
      async (req) => ops.requests.amend(principalOf(req).actor, req.params.id, req.body),
    );
    app.post<{ Params: { id: string }; Body: { reason: string } }>(
      '/requests/:id/cancel',
      { config: work, schema: { summary: 'Cancel a pending request (the requester)', tags, params: IdParams, body: Reason, response: { 200: RequestViewSchema } } },
      async (req) => ops.requests.cancel(principalOf(req).actor, req.params.id, req.body.reason),
    );
    app.post<{ Params: { id: string } }>(
      '/requests/:id/votes',
      {
        config: { access: [R.commission] },
        schema: { summary: 'Vote on the exact action (send its digest); never on your own request', tags, params: IdParams, body: VoteInputSchema, response: { 200: RequestViewSchema } },
      },
      async (req) => ops.approvals.vote(principalOf(req).actor, req.params.id, req.body),
    );
    app.post<{ Params: { id: string } }>(
      '/requests/:id/gates',
      { config: work, schema: { summary: 'Record a gate reference (the requester or an NCO analyst)', tags, params: IdParams, body: GateInputSchema, response: { 200: RequestViewSchema } } },
      async (req) => ops.approvals.recordGate(principalOf(req).actor, req.params.id, req.body),
    );
    app.post<{ Params: { id: string }; Body: { reason?: string } }>(
      '/requests/:id/withdraw',
      {
        config: read,
        schema: { summary: 'Take an action out of force (the requester; a commission member with reasons)', tags, params: IdParams, body: OptionalReason, response: { 200: RequestViewSchema } },
      },
      async (req) => ops.executions.withdraw(principalOf(req).actor, req.params.id, req.body.reason ?? ''),
    );
    app.post<{ Params: { id: string } }>(
      '/requests/:id/retry',
      { config: work, schema: { summary: 'Try a failed execution again (the requester)', tags, params: IdParams, response: { 200: RequestViewSchema } } },
      async (req) => ops.executions.retry(principalOf(req).actor, req.params.id),
    );
    app.post<{ Params: { id: string } }>(
      '/requests/:id/outcome',
      {
        config: { access: [R.officer, R.defence] },
        schema: { summary: 'Report the outcome of access and neutralisation (the requesting officer)', tags, params: IdParams, body: OutcomeInputSchema, response: { 200: RequestViewSchema } },
      },
      async (req) => ops.executions.reportOutcome(principalOf(req).actor, req.params.id, req.body),
    );
    app.get<{ Params: { id: string }; Querystring: { limit: number; cursor?: string } }>(
      '/requests/:id/targets',
      { config: read, schema: { summary: 'Every rule of the execution with its state per peer', tags, params: IdParams, querystring: PageQuery({}), response: { 200: Page(ExecutionTargetSchema) } } },
      async (req) => {
        // Paged by position (base 36): the targets of an execution are fixed once it starts and come
        // in (rule, peer) order. A cursor cut from the rule key would repeat (keys run to hundreds of
        // characters, and one rule has a row per peer).
        const all = await ops.executions.targets(principalOf(req).actor, req.params.id);
        const start = offsetOf(req.query.cursor);
        const end = start + req.query.limit;
        return { items: all.slice(start, end), next: end < all.length ? end.toString(36) : null };
      },
    );

    const etags = ['emergency'];
    app.post(
      '/emergency',
      {
        config: { access: [R.officer, R.defence] },
        schema: { summary: 'Take an emergency action during an active attack (executed at once, reviewed afterwards)', tags: etags, body: RequestInputSchema, response: { 201: RequestViewSchema } },
      },
      async (req, reply) => reply.status(201).send(await ops.emergency.create(principalOf(req).actor, req.body)),
    );
    app.get<{ Querystring: { review?: 'pending' | 'upheld' | 'withdrawal_ordered'; limit: number; cursor?: string } }>(
      '/emergency',
      {
        config: read,
        schema: {
          summary: 'Emergency actions with their review deadlines, newest first',
          tags: etags,
          querystring: PageQuery({ review: Type.Optional(lit(['pending', 'upheld', 'withdrawal_ordered'] as const)) }),
          response: { 200: Page(RequestSummarySchema) },
        },
      },
      async (req) => {
        const q = req.query;
        const actor = principalOf(req).actor;
        const wanted = (r: RequestSummary): boolean => q.review === undefined || r.review?.state === q.review;
        // The review state is filtered here, so read the emergency path page by page from the cursor
        // until a page and one more row match (or the rows run out).
        const found: RequestSummary[] = [];
        let before = q.cursor;
        for (;;) {
          const rows = await ops.requests.list(actor, { path: 'emergency', limit: q.limit + 1, ...(before === undefined ? {} : { before }) });
          found.push(...rows.filter(wanted));
          const last = rows.at(-1);
          if (found.length > q.limit || rows.length <= q.limit || last === undefined) break;
          before = last.id;
        }
        return pageOf(found, q.limit, (r) => r.id);
      },
    );
    app.post<{ Params: { id: string } }>(
      '/emergency/:id/review',
      {
        config: { access: [R.commission] },
        schema: { summary: 'The commission’s review: upheld, or withdraw (with reasons)', tags: etags, params: IdParams, body: ReviewInputSchema, response: { 200: RequestViewSchema } },
      },
      async (req) => ops.emergency.review(principalOf(req).actor, req.params.id, req.body),
    );

    app.get<{ Querystring: { state?: ExecutionState; limit: number; cursor?: string } }>(
      '/executions',
      {
        config: read,
        schema: {
          summary: 'Executions, newest first, with target counts per peer and state',
          tags: ['executions'],
          querystring: PageQuery({ state: Type.Optional(lit(EXECUTION_STATES)) }),
          response: { 200: Page(ExecutionListItem) },
        },
      },
      async (req) => {
        const store = ops.engine.store;
        const all = (await store.inStates(req.query.state === undefined ? EXECUTION_STATES : [req.query.state])).sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1));
        const p = pageArray(all, req.query.limit, req.query.cursor, (e) => e.id);
        return { items: await Promise.all(p.items.map(async (e) => ({ ...e, targets: await store.targetSummary(e.id) }))), next: p.next };
      },
    );
  };
}
