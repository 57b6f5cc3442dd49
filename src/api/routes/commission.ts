/**
 * The commission's desk over HTTP: the queue of excessive-monitoring flags, inspections of data
 * handling, and notices, demands and recommendations with their follow-up. Commission members
 * act; auditors read. The commission service checks roles again and audits every change.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { DIRECTIVE_KINDS, DIRECTIVE_STATES, type DirectiveKind, type DirectiveState } from '../../oversight/commission/commission.js';
import type { CommissionService } from '../../oversight/commission/commission-service.js';
import { FLAG_KINDS, FLAG_STATES, type FlagKind, type FlagState } from '../../oversight/flags/flag.js';
import { OVERSIGHT_READERS, principalOf, R } from '../http/access.js';
import { personName, personNamesHook, type NameLookup } from '../http/person-names.js';
import { Id, IdParams, Millis, Nullable, Page, pageOf, PageQuery, Text } from '../http/schemas.js';

const lit = <T extends string>(xs: readonly T[]) => Type.Union(xs.map((x) => Type.Literal(x)));

const FlagSchema = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    state: Type.String(),
    userId: Type.String(),
    userName: personName(),
    caseId: Nullable(Type.String()),
    details: Type.Record(Type.String(), Type.Unknown()),
    accessId: Nullable(Type.String()),
    raisedAt: Millis,
    updatedAt: Millis,
    acknowledgedBy: Nullable(Type.String()),
    acknowledgedByName: personName(),
    acknowledgedAt: Nullable(Millis),
    closedBy: Nullable(Type.String()),
    closedByName: personName(),
    closedAt: Nullable(Millis),
  },
  { additionalProperties: false },
);
const FlagNoteSchema = Type.Object(
  { id: Type.String(), flagId: Type.String(), author: Type.String(), authorName: personName(), state: Type.String(), text: Type.String(), createdAt: Millis },
  { additionalProperties: false },
);
const InspectionSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    scope: Type.String(),
    state: Type.String(),
    findings: Nullable(Type.String()),
    openedBy: Type.String(),
    openedByName: personName(),
    openedAt: Millis,
    closedBy: Nullable(Type.String()),
    closedByName: personName(),
    closedAt: Nullable(Millis),
    updatedAt: Millis,
  },
  { additionalProperties: false },
);
const DirectiveSchema = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    inspectionId: Nullable(Type.String()),
    addressee: Type.String(),
    subject: Type.String(),
    body: Type.String(),
    state: Type.String(),
    dueAt: Nullable(Millis),
    issuedBy: Type.String(),
    issuedByName: personName(),
    issuedAt: Millis,
    updatedAt: Millis,
    closedAt: Nullable(Millis),
  },
  { additionalProperties: false },
);
const DirectiveEventSchema = Type.Object(
  { id: Type.String(), directiveId: Type.String(), state: Type.String(), note: Type.String(), actor: Type.String(), at: Millis },
  { additionalProperties: false },
);

/** Route plugin of `/commission`. */
export function commissionRoutes(deps: { commission: CommissionService; names: NameLookup }): FastifyPluginAsync {
  const c = deps.commission;
  return async (app) => {
    // People by name: whose look-ups were flagged, who opened, closed and issued.
    app.addHook('preSerialization', personNamesHook(deps.names));
    const read = { access: OVERSIGHT_READERS };
    const write = { access: [R.commission] };
    const tags = ['commission'];
    app.get<{ Querystring: { state?: FlagState; kind?: FlagKind; limit: number; cursor?: string } }>(
      '/commission/flags',
      {
        config: read,
        schema: {
          summary: 'Excessive-monitoring flags, newest first',
          tags,
          querystring: PageQuery({ state: Type.Optional(lit(FLAG_STATES)), kind: Type.Optional(lit(FLAG_KINDS)) }),
          response: { 200: Page(FlagSchema) },
        },
      },
      async (req) => {
        const q = req.query;
        const rows = await c.flags(principalOf(req).actor, {
          limit: q.limit + 1,
          ...(q.state === undefined ? {} : { state: q.state }),
          ...(q.kind === undefined ? {} : { kind: q.kind }),
          ...(q.cursor === undefined ? {} : { before: q.cursor }),
        });
        return pageOf(rows, q.limit, (f) => f.id);
      },
    );
    app.get<{ Params: { id: string } }>(
      '/commission/flags/:id',
      {
        config: read,
        schema: { summary: 'A flag with its notes', tags, params: IdParams, response: { 200: Type.Object({ flag: FlagSchema, notes: Type.Array(FlagNoteSchema) }, { additionalProperties: false }) } },
      },
      async (req) => c.flag(principalOf(req).actor, req.params.id),
    );
    app.post<{ Params: { id: string }; Body: { state: FlagState; note: string } }>(
      '/commission/flags/:id/move',
      {
        config: write,
        schema: {
          summary: 'Acknowledge, close (with the finding) or reopen a flag',
          tags,
          params: IdParams,
          body: Type.Object({ state: lit(FLAG_STATES), note: Text(4000) }, { additionalProperties: false }),
          response: { 200: FlagSchema },
        },
      },
      async (req) => c.moveFlag(principalOf(req).actor, req.params.id, req.body.state, req.body.note),
    );
    app.get<{ Querystring: { state?: 'open' | 'closed'; limit: number; cursor?: string } }>(
      '/commission/inspections',
      {
        config: read,
        schema: { summary: 'Inspections, newest first', tags, querystring: PageQuery({ state: Type.Optional(lit(['open', 'closed'] as const)) }), response: { 200: Page(InspectionSchema) } },
      },
      async (req) => {
        const q = req.query;
        const rows = await c.inspections(principalOf(req).actor, { limit: q.limit + 1, ...(q.state === undefined ? {} : { state: q.state }), ...(q.cursor === undefined ? {} : { before: q.cursor }) });
        return pageOf(rows, q.limit, (i) => i.id);
      },
    );
    app.post<{ Body: { title: string; scope: string } }>(
      '/commission/inspections',
      {
        config: write,
        schema: {
          summary: 'Open an inspection of data handling',
          tags,
          body: Type.Object({ title: Text(200), scope: Text(2000) }, { additionalProperties: false }),
          response: { 201: InspectionSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await c.openInspection(principalOf(req).actor, req.body)),
    );
    app.post<{ Params: { id: string }; Body: { findings: string; close?: boolean } }>(
      '/commission/inspections/:id/findings',
      {
        config: write,
        schema: {
          summary: 'Record findings; with close, conclude the inspection',
          tags,
          params: IdParams,
          body: Type.Object({ findings: Text(20000), close: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
          response: { 200: InspectionSchema },
        },
      },
      async (req) => c.recordFindings(principalOf(req).actor, req.params.id, req.body.findings, req.body.close ?? false),
    );
    app.get<{ Querystring: { state?: DirectiveState; kind?: DirectiveKind; limit: number; cursor?: string } }>(
      '/commission/directives',
      {
        config: read,
        schema: {
          summary: 'Notices, demands and recommendations, newest first',
          tags,
          querystring: PageQuery({ state: Type.Optional(lit(DIRECTIVE_STATES)), kind: Type.Optional(lit(DIRECTIVE_KINDS)) }),
          response: { 200: Page(DirectiveSchema) },
        },
      },
      async (req) => {
        const q = req.query;
        const rows = await c.directives(principalOf(req).actor, {
          limit: q.limit + 1,
          ...(q.state === undefined ? {} : { state: q.state }),
          ...(q.kind === undefined ? {} : { kind: q.kind }),
          ...(q.cursor === undefined ? {} : { before: q.cursor }),
        });
        return pageOf(rows, q.limit, (d) => d.id);
      },
    );
    app.get<{ Params: { id: string } }>(
      '/commission/directives/:id',
      {
        config: read,
        schema: {
          summary: 'A directive with its follow-up',
          tags,
          params: IdParams,
          response: { 200: Type.Object({ directive: DirectiveSchema, events: Type.Array(DirectiveEventSchema) }, { additionalProperties: false }) },
        },
      },
      async (req) => c.directive(principalOf(req).actor, req.params.id),
    );
    app.post<{ Body: { kind: DirectiveKind; addressee: string; subject: string; body: string; dueAt?: number | null; inspectionId?: string | null } }>(
      '/commission/directives',
      {
        config: write,
        schema: {
          summary: 'Issue a notice, demand or recommendation',
          tags,
          body: Type.Object(
            { kind: lit(DIRECTIVE_KINDS), addressee: Text(200), subject: Text(200), body: Text(20000), dueAt: Type.Optional(Nullable(Millis)), inspectionId: Type.Optional(Nullable(Id)) },
            { additionalProperties: false },
          ),
          response: { 201: DirectiveSchema },
        },
      },
      async (req, reply) => reply.status(201).send(await c.issueDirective(principalOf(req).actor, req.body)),
    );
    app.post<{ Params: { id: string }; Body: { state: DirectiveState; note: string } }>(
      '/commission/directives/:id/follow-up',
      {
        config: write,
        schema: {
          summary: 'Record a follow-up step of a directive',
          tags,
          params: IdParams,
          body: Type.Object({ state: lit(DIRECTIVE_STATES), note: Text(4000) }, { additionalProperties: false }),
          response: { 200: DirectiveSchema },
        },
      },
      async (req) => c.followUp(principalOf(req).actor, req.params.id, req.body.state, req.body.note),
    );
  };
}
