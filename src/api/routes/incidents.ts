/**
 * Incident reports over HTTP (`cooperation/incidents`): an operator reporter opens incidents for its
 * own organisation under a reporting regime, drafts, submits and amends each stage's report; the
 * sector's regulator acknowledges, requests information, orders a correction and closes; NCO
 * analysts read everything and cite evidence. The role rules, the clocks and the audit entries are
 * the service's: these routes only carry requests to it (validated there, with coded errors) and
 * declare who may call them at all.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import type { Kysely } from 'kysely';
import { ERR_INCIDENT_NOT_FOUND } from '../../cooperation/incidents/errors.js';
import { type AttackFacts, commonFormHtml, commonFormJson, incidentHtml, incidentJson, sectorIncidentsCsv } from '../../cooperation/incidents/exports/index.js';
import { type IncidentService, type IncidentSummary, type IncidentTables, type IncidentView, MAX_PAGE_ROWS, nationalPicture } from '../../cooperation/incidents/index.js';
import type { AuditEventInput } from '../../core/audit-event.js';
import type { Actor } from '../../core/roles.js';
import type { OrganizationStore } from '../../registry/organization-store.js';
import type { Clock } from '../../core/clock.js';
import { INCIDENT_STATES, type IncidentState } from '../../cooperation/incidents/index.js';
import { SECTORS, type Sector } from '../../core/sectors.js';
import { principalOf, R } from '../http/access.js';
import { Id, IdParams, PageQuery, pageOf, parseTimeIdCursor, timeIdCursor } from '../http/schemas.js';

const READERS = [R.analyst, R.operator, R.regulator];
const REPORTERS = [R.operator];
const REGULATORS = [R.regulator];
const CITERS = [R.operator, R.analyst];

// Shapes only: the incident service checks values (regime, stages, items, instants) and names the field it refuses.
const Any = Type.Unknown();
const Instants = Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.Integer(), Type.Null()]), { description: 'anchor name → epoch ms (awareness, classification, payment…)' });
const Flags = Type.Record(Type.String({ maxLength: 64 }), Type.Boolean(), { description: 'the regime’s conditions (malicious, severe-incident…)' });
const Link = Type.Object({ kind: Type.String({ maxLength: 16 }), ref: Type.String({ maxLength: 200 }) }, { additionalProperties: false });
const Links = Type.Object({ links: Type.Array(Link, { maxItems: 100 }) }, { additionalProperties: false });
const Zone = Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()]));
const CreateBody = Type.Object(
  {
    organizationId: Type.Optional(Id),
    regime: Type.String({ maxLength: 32 }),
    title: Type.String({ maxLength: 500 }),
    category: Type.String({ maxLength: 64 }),
    anchors: Instants,
    conditions: Type.Optional(Flags),
    timeZone: Zone,
    links: Type.Optional(Type.Array(Link, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
const UpdateBody = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: 500 })),
    category: Type.Optional(Type.String({ maxLength: 64 })),
    anchors: Type.Optional(Instants),
    conditions: Type.Optional(Flags),
    timeZone: Zone,
  },
  { additionalProperties: false },
);
const Text = Type.Union([Type.String({ maxLength: 20_000 }), Type.Null()]);
const Content = Type.Object({ summary: Type.Optional(Text), items: Type.Optional(Type.Union([Type.Record(Type.String({ maxLength: 64 }), Text), Type.Null()])) }, { additionalProperties: false });
const ContentBody = Type.Object({ content: Type.Optional(Content) }, { additionalProperties: false });
const DraftBody = Type.Object({ content: Content }, { additionalProperties: false });
const InformationBody = Type.Object(
  { stage: Type.String({ maxLength: 64 }), text: Type.String({ maxLength: 5000 }), dueAt: Type.Optional(Type.Union([Type.Integer(), Type.Null()])) },
  { additionalProperties: false },
);
const OrderBody = Type.Object({ stage: Type.String({ maxLength: 64 }), text: Type.String({ maxLength: 5000 }), deadline: Type.Integer() }, { additionalProperties: false });
const StageParams = Type.Object({ id: Id, stage: Id }, { additionalProperties: false });
const SectorQuery = Type.Optional(Type.Union(SECTORS.map((s) => Type.Literal(s))));
const PageOf = Type.Object({ items: Type.Array(Any), next: Type.Union([Type.String(), Type.Null()]) });

/** Route plugin of `/incidents`. */
/** Dependencies of the incident routes. */
export interface IncidentRouteDeps {
  readonly incidents: IncidentService;
  readonly db: Kysely<IncidentTables>;
  readonly clock: Clock;
  readonly orgs: Pick<OrganizationStore, 'get' | 'list'>;
  readonly audit: { append(e: AuditEventInput): Promise<unknown> };
  /** Detected attacks, for the DDoS form. */
  readonly attacks?: { get(id: string): Promise<AttackFacts> };
}

/** The exports' HTML policy: no script, no outside load (as the page's own meta says). */
const EXPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

export function incidentRoutes(deps: IncidentRouteDeps): FastifyPluginAsync {
  const s = deps.incidents;
  /** Every export is audit-logged: the reports may hold what the organisation told its regulator in confidence. */
  const exported = (actor: Actor, type: string, id: string, format: string) =>
    deps.audit.append({
      actor: { kind: 'user', id: actor.userId, ...(actor.roles[0] === undefined ? {} : { role: actor.roles[0] }) },
      action: 'data.export',
      subjects: [{ type, id }],
      details: { format },
    });
  /** The detected attacks an incident cites (those gone from the store are left out). */
  const attacksOf = async (view: IncidentView): Promise<AttackFacts[]> => {
    const out: AttackFacts[] = [];
    for (const l of view.links) {
      if (l.kind !== 'attack') continue;
      const a = await deps.attacks?.get(l.ref).catch(() => undefined);
      if (a !== undefined) out.push(a);
    }
    return out;
  };
  return async (app) => {
    const actorOf = (req: Parameters<typeof principalOf>[0]) => principalOf(req).actor;
    app.get<{ Querystring: { state?: IncidentState; sector?: Sector; organizationId?: string; limit: number; cursor?: string } }>(
      '/incidents',
      {
        config: { access: READERS },
        schema: {
          summary: 'Incidents in your scope, newest first, with the state of every deadline',
          tags: ['cooperation'],
          querystring: PageQuery({ state: Type.Optional(Type.Union(INCIDENT_STATES.map((x) => Type.Literal(x)))), sector: SectorQuery, organizationId: Type.Optional(Id) }),
          response: { 200: PageOf },
        },
      },
      async (req) => {
        const q = req.query;
        const rows = await s.list(actorOf(req), {
          limit: q.limit + 1,
          ...(q.state === undefined ? {} : { state: q.state }),
          ...(q.sector === undefined ? {} : { sector: q.sector }),
          ...(q.organizationId === undefined ? {} : { organizationId: q.organizationId }),
          ...(q.cursor === undefined ? {} : { after: q.cursor }),
        });
        return pageOf(rows, q.limit, (x: IncidentSummary) => x.id);
      },
    );
    app.get<{ Querystring: { sector?: Sector; limit: number; cursor?: string } }>(
      '/incidents/overdue',
      {
        config: { access: [R.analyst, R.regulator] },
        schema: {
          summary: 'The regulator’s desk: incidents of your sector with a report or a correction order overdue, earliest due first',
          tags: ['cooperation'],
          querystring: PageQuery({ sector: SectorQuery }),
          response: { 200: PageOf },
        },
      },
      async (req) => {
        const q = req.query;
        const rows = await s.overdue(actorOf(req), {
          limit: q.limit + 1,
          ...(q.sector === undefined ? {} : { sector: q.sector }),
          ...(q.cursor === undefined ? {} : { after: ((c) => ({ dueAt: c.at, id: c.id }))(parseTimeIdCursor(q.cursor)) }),
        });
        return pageOf(rows, q.limit, (x: IncidentSummary) => timeIdCursor(x.nextDue?.at ?? 0, x.id));
      },
    );
    app.get<{ Querystring: { weeks: number } }>(
      '/incidents/picture',
      {
        config: { access: [R.analyst] },
        schema: {
          summary: 'The national picture: incidents of the last weeks by sector, category and week (Monday, Japan time), open, overdue and non-compliant',
          tags: ['cooperation'],
          querystring: Type.Object({ weeks: Type.Integer({ minimum: 1, maximum: 104, default: 12 }) }, { additionalProperties: false }),
          response: { 200: Any },
        },
      },
      async (req) => nationalPicture(deps.db, deps.clock.now(), req.query.weeks),
    );
    app.get<{ Querystring: { sector?: Sector } }>(
      '/incidents/export.csv',
      {
        config: { access: [R.analyst, R.regulator] },
        schema: {
          summary: 'The incidents of a sector (a regulator: its own) as CSV, one row per incident with its next deadline',
          tags: ['cooperation'],
          produces: 'text/csv',
          querystring: Type.Object({ sector: SectorQuery }, { additionalProperties: false }),
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const rows: IncidentSummary[] = [];
        let after: string | undefined;
        for (;;) {
          const part = await s.list(actor, { limit: MAX_PAGE_ROWS, ...(req.query.sector === undefined ? {} : { sector: req.query.sector }), ...(after === undefined ? {} : { after }) });
          rows.push(...part);
          if (part.length < MAX_PAGE_ROWS) break;
          after = part.at(-1)!.id;
        }
        const names = new Map((await deps.orgs.list()).map((o) => [o.id as string, o.name]));
        await exported(actor, 'incidents', `sector:${req.query.sector ?? actor.sector ?? 'all'}`, 'csv');
        void reply.header('content-disposition', 'attachment; filename="incidents.csv"');
        return reply
          .type('text/csv; charset=utf-8')
          .serializer((x: unknown) => x as string)
          .send(sectorIncidentsCsv(rows, names, { bom: true }));
      },
    );
    app.get<{ Params: { id: string }; Querystring: { format: 'json' | 'html' | 'ddos' | 'ransomware'; stage?: string; version?: number } }>(
      '/incidents/:id/export',
      {
        config: { access: READERS },
        schema: {
          summary: 'An incident’s report as our versioned JSON, as the printable form (the ACD Act’s 7 items), or as the common DDoS or ransomware form',
          tags: ['cooperation'],
          produces: 'application/json, text/html',
          params: IdParams,
          querystring: Type.Object(
            {
              format: Type.Union([Type.Literal('json'), Type.Literal('html'), Type.Literal('ddos'), Type.Literal('ransomware')], { default: 'json' }),
              stage: Type.Optional(Id),
              version: Type.Optional(Type.Integer({ minimum: 1 })),
              html: Type.Optional(Type.Boolean({ description: 'for ddos and ransomware: the printable form instead of JSON' })),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const q = req.query as typeof req.query & { html?: boolean };
        const view = await s.get(actor, req.params.id);
        const { versions } = await s.reports(actor, req.params.id);
        const organizationName = (await deps.orgs.get(view.organizationId))?.name ?? null;
        const now = deps.clock.now();
        await exported(actor, 'incident', view.id, q.format);
        const html = (text: string) =>
          reply
            .header('content-security-policy', EXPORT_CSP)
            .type('text/html; charset=utf-8')
            .serializer((x: unknown) => x as string)
            .send(text);
        const json = (doc: unknown) =>
          reply
            .type('application/json; charset=utf-8')
            .serializer((x: unknown) => JSON.stringify(x))
            .send(doc);
        switch (q.format) {
          case 'json':
            return json(incidentJson(view, versions, { exportedAt: now, organizationName }));
          case 'html': {
            const text = incidentHtml(view, versions, {
              organizationName,
              generatedAt: now,
              ...(q.stage === undefined ? {} : { stage: q.stage }),
              ...(q.version === undefined ? {} : { version: q.version }),
            });
            if (text === null) throw new ERR_INCIDENT_NOT_FOUND(`${view.id} ${q.stage ?? ''} ${q.version ?? ''}`.trim());
            return html(text);
          }
          case 'ddos':
          case 'ransomware': {
            const attacks = q.format === 'ddos' ? await attacksOf(view) : [];
            const opts = { exportedAt: now, organizationName, attacks };
            return q.html === true ? html(commonFormHtml(q.format, view, versions, opts)) : json(commonFormJson(q.format, view, versions, opts));
          }
        }
      },
    );
    app.post<{ Body: Record<string, unknown> }>(
      '/incidents',
      { config: { access: REPORTERS }, schema: { summary: 'Open an incident of your organisation under a reporting regime', tags: ['cooperation'], body: CreateBody, response: { 201: Any } } },
      async (req, reply) => {
        const actor = actorOf(req);
        // A reporter names its own organisation by default; naming another is the service's to refuse.
        const body = req.body.organizationId === undefined && actor.organizationId !== undefined ? { ...req.body, organizationId: actor.organizationId } : req.body;
        return reply.status(201).send(await s.create(actor, body));
      },
    );
    app.get<{ Params: { id: string } }>(
      '/incidents/:id',
      { config: { access: READERS }, schema: { summary: 'One incident: facts, links, every stage with its deadline, requests', tags: ['cooperation'], params: IdParams, response: { 200: Any } } },
      async (req) => s.get(actorOf(req), req.params.id),
    );
    app.patch<{ Params: { id: string }; Body: Record<string, unknown> }>(
      '/incidents/:id',
      { config: { access: REPORTERS }, schema: { summary: 'Change an incident’s title, facts or conditions', tags: ['cooperation'], params: IdParams, body: UpdateBody, response: { 200: Any } } },
      async (req) => s.update(actorOf(req), req.params.id, req.body),
    );
    app.post<{ Params: { id: string }; Body: { links: unknown } }>(
      '/incidents/:id/links',
      {
        config: { access: CITERS },
        schema: {
          summary: 'Cite attacks, sightings, cases or intel objects',
          tags: ['cooperation'],
          params: IdParams,
          body: Links,
          response: { 200: Any },
        },
      },
      async (req) => ({ added: await s.link(actorOf(req), req.params.id, req.body.links) }),
    );
    app.post<{ Params: { id: string }; Body: { links: unknown } }>(
      '/incidents/:id/links/remove',
      {
        config: { access: CITERS },
        schema: { summary: 'Remove citations', tags: ['cooperation'], params: IdParams, body: Links, response: { 200: Any } },
      },
      async (req) => ({ removed: await s.unlink(actorOf(req), req.params.id, req.body.links) }),
    );
    app.get<{ Params: { id: string }; Querystring: { stage?: string } }>(
      '/incidents/:id/reports',
      {
        config: { access: READERS },
        schema: {
          summary: 'Submitted versions of the reports (and, for the organisation’s reporters, the drafts)',
          tags: ['cooperation'],
          params: IdParams,
          querystring: Type.Object({ stage: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,64}$' })) }, { additionalProperties: false }),
          response: { 200: Any },
        },
      },
      async (req) => s.reports(actorOf(req), req.params.id, req.query.stage),
    );
    app.put<{ Params: { id: string; stage: string }; Body: { content: unknown } }>(
      '/incidents/:id/reports/:stage/draft',
      {
        config: { access: REPORTERS },
        schema: { summary: 'Save the draft of a stage’s report', tags: ['cooperation'], params: StageParams, body: DraftBody, response: { 200: Any } },
      },
      async (req) => s.saveDraft(actorOf(req), req.params.id, req.params.stage, req.body.content),
    );
    app.post<{ Params: { id: string; stage: string }; Body: { content?: unknown } }>(
      '/incidents/:id/reports/:stage',
      {
        config: { access: REPORTERS },
        schema: {
          summary: 'Submit a stage’s report (its content, or the saved draft); late by how much is recorded',
          tags: ['cooperation'],
          params: StageParams,
          body: ContentBody,
          response: { 201: Any },
        },
      },
      async (req, reply) => reply.status(201).send(await s.submit(actorOf(req), req.params.id, req.params.stage, req.body.content)),
    );
    app.post<{ Params: { id: string; stage: string }; Body: { content?: unknown } }>(
      '/incidents/:id/reports/:stage/amendments',
      {
        config: { access: REPORTERS },
        schema: {
          summary: 'Amend a submitted report (a new version; refused once acknowledged)',
          tags: ['cooperation'],
          params: StageParams,
          body: ContentBody,
          response: { 201: Any },
        },
      },
      async (req, reply) => reply.status(201).send(await s.amend(actorOf(req), req.params.id, req.params.stage, req.body.content)),
    );
    app.post<{ Params: { id: string; stage: string } }>(
      '/incidents/:id/reports/:stage/acknowledgement',
      { config: { access: REGULATORS }, schema: { summary: 'Acknowledge the latest version of a stage’s report', tags: ['cooperation'], params: StageParams, response: { 200: Any } } },
      async (req) => s.acknowledge(actorOf(req), req.params.id, req.params.stage),
    );
    app.post<{ Params: { id: string }; Body: Record<string, unknown> }>(
      '/incidents/:id/information-requests',
      {
        config: { access: REGULATORS },
        schema: { summary: 'Request more information on a stage: {stage, text, dueAt?}', tags: ['cooperation'], params: IdParams, body: InformationBody, response: { 201: Any } },
      },
      async (req, reply) => reply.status(201).send(await s.requestInformation(actorOf(req), req.params.id, req.body)),
    );
    app.post<{ Params: { id: string }; Body: Record<string, unknown> }>(
      '/incidents/:id/correction-orders',
      {
        config: { access: REGULATORS },
        schema: { summary: 'Order a correction: {stage, text, deadline}; not complying by then is flagged', tags: ['cooperation'], params: IdParams, body: OrderBody, response: { 201: Any } },
      },
      async (req, reply) => reply.status(201).send(await s.orderCorrection(actorOf(req), req.params.id, req.body)),
    );
    app.post<{ Params: { id: string } }>(
      '/incidents/:id/close',
      { config: { access: REGULATORS }, schema: { summary: 'Close an incident (no correction order unanswered)', tags: ['cooperation'], params: IdParams, response: { 200: Any } } },
      async (req) => s.close(actorOf(req), req.params.id),
    );
    app.get<{ Params: { id: string } }>(
      '/incidents/:id/timeline',
      { config: { access: READERS }, schema: { summary: 'Everything that happened to an incident, in order', tags: ['cooperation'], params: IdParams, response: { 200: Any } } },
      async (req) => ({ items: await s.timeline(actorOf(req), req.params.id) }),
    );
  };
}
