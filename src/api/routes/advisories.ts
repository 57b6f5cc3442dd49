/**
 * Advisories over HTTP: the office's analysts draft, edit, publish and withdraw; an operator reads
 * the advisories sent to its organisation (its inbox), acknowledges and answers per asset; a sector
 * regulator follows its sector's acknowledgements. The rules live in `AdvisoryService`; the routes
 * only admit roles and shape answers.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type, { type Static } from 'typebox';
import { ADVISORY_STATUSES, ASSET_ANSWERS, type AdvisoryStatus } from '../../cooperation/advisories/advisory.js';
import type { AdvisoryService } from '../../cooperation/advisories/advisory-service.js';
import { TLP_LEVELS } from '../../stix/marking/tlp-level.js';
import { principalOf, R } from '../http/access.js';
import { Id, IdParams, Millis, Nullable, Page, PageQuery, pageOf, parseTimeIdCursor, timeIdCursor } from '../http/schemas.js';

const READERS = [R.analyst, R.operator, R.regulator];

const TlpSchema = Type.Union(TLP_LEVELS.map((t) => Type.Literal(t)));
const Cve = Type.String({ pattern: '^CVE-[0-9]{4}-[0-9]{4,}$' });

const AdvisorySchema = Type.Object(
  {
    id: Type.String(),
    status: Type.String({ description: 'draft, published or withdrawn' }),
    origin: Type.String({ description: 'analyst, or kev (drafted when a KEV addition concerned registered assets)' }),
    title: Type.String(),
    summary: Type.String(),
    action: Type.String(),
    cves: Type.Array(Type.String()),
    acknowledgeWithinDays: Type.Integer(),
    tlp: Type.String(),
    createdBy: Type.String(),
    createdAt: Millis,
    updatedAt: Millis,
    publishedAt: Nullable(Millis),
    publishedBy: Nullable(Type.String()),
    dueAt: Nullable(Millis),
    revision: Type.Integer(),
  },
  { additionalProperties: false },
);

const DetailSchema = Type.Object(
  {
    advisory: AdvisorySchema,
    recipients: Type.Array(
      Type.Object(
        {
          organizationId: Type.String(),
          organization: Type.String(),
          sector: Type.String(),
          acknowledgedAt: Nullable(Millis),
          acknowledgedBy: Nullable(Type.String()),
          state: Type.String({ description: 'open, overdue, acknowledged or acknowledged-late' }),
          assets: Type.Integer(),
          answered: Type.Integer(),
        },
        { additionalProperties: false },
      ),
    ),
    assets: Type.Array(
      Type.Object(
        {
          assetId: Type.String(),
          organizationId: Type.String(),
          label: Type.String(),
          cves: Type.Array(Type.String()),
          priority: Type.Integer(),
          answer: Nullable(Type.String()),
          note: Nullable(Type.String()),
          answeredBy: Nullable(Type.String()),
          answeredAt: Nullable(Millis),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const FieldsBody = {
  title: Type.String({ minLength: 1, maxLength: 200 }),
  summary: Type.String({ minLength: 1, maxLength: 5000 }),
  action: Type.String({ minLength: 1, maxLength: 5000 }),
  cves: Type.Array(Cve, { minItems: 1, maxItems: 50 }),
  acknowledgeWithinDays: Type.Integer({ minimum: 1, maximum: 365 }),
  tlp: TlpSchema,
};
const DraftBody = Type.Object(FieldsBody, { additionalProperties: false });
const PatchBody = Type.Object(
  {
    title: Type.Optional(FieldsBody.title),
    summary: Type.Optional(FieldsBody.summary),
    action: Type.Optional(FieldsBody.action),
    cves: Type.Optional(FieldsBody.cves),
    acknowledgeWithinDays: Type.Optional(FieldsBody.acknowledgeWithinDays),
    tlp: Type.Optional(TlpSchema),
    expectedRevision: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
const AnswerBody = Type.Object({ answer: Type.Union(ASSET_ANSWERS.map((a) => Type.Literal(a))), note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) }, { additionalProperties: false });

/** Route plugin of `/advisories`. */
export function advisoryRoutes(deps: { readonly advisories: AdvisoryService }): FastifyPluginAsync {
  const { advisories } = deps;
  return async (app) => {
    app.get<{ Querystring: { status?: AdvisoryStatus; overdue?: boolean; limit: number; cursor?: string } }>(
      '/advisories',
      {
        config: { access: READERS },
        schema: {
          summary: 'Advisories you may see, newest first: all (analysts), those sent to your organisation (operators) or your sector (regulators)',
          tags: ['cooperation'],
          querystring: PageQuery({
            status: Type.Optional(Type.Union(ADVISORY_STATUSES.map((s) => Type.Literal(s)))),
            overdue: Type.Optional(Type.Boolean({ description: 'only published advisories with a recipient in your scope past due and not acknowledged' })),
          }),
          response: { 200: Page(AdvisorySchema) },
        },
      },
      async (req) => {
        const q = req.query;
        const rows = await advisories.list(principalOf(req).actor, {
          limit: q.limit + 1,
          ...(q.status === undefined ? {} : { status: q.status }),
          ...(q.overdue === undefined ? {} : { overdue: q.overdue }),
          ...(q.cursor === undefined ? {} : { after: ((c) => ({ createdAt: c.at, id: c.id }))(parseTimeIdCursor(q.cursor)) }),
        });
        return pageOf(rows, q.limit, (a) => timeIdCursor(a.createdAt, a.id));
      },
    );
    app.post<{ Body: Static<typeof DraftBody> }>(
      '/advisories',
      { config: { access: [R.analyst] }, schema: { summary: 'Draft an advisory', tags: ['cooperation'], body: DraftBody, response: { 201: AdvisorySchema } } },
      async (req, reply) => reply.code(201).send(await advisories.draft(principalOf(req).actor, req.body)),
    );
    app.get<{ Params: { id: string } }>(
      '/advisories/:id',
      {
        config: { access: READERS },
        schema: {
          summary: 'One advisory with its recipients and assets in your scope (a draft: the assets it would concern now)',
          tags: ['cooperation'],
          params: IdParams,
          response: { 200: DetailSchema },
        },
      },
      async (req) => advisories.get(principalOf(req).actor, req.params.id),
    );
    app.patch<{ Params: { id: string }; Body: Static<typeof PatchBody> }>(
      '/advisories/:id',
      { config: { access: [R.analyst] }, schema: { summary: 'Change a draft', tags: ['cooperation'], params: IdParams, body: PatchBody, response: { 200: AdvisorySchema } } },
      async (req) => {
        const { expectedRevision, ...patch } = req.body;
        return advisories.update(principalOf(req).actor, req.params.id, patch, expectedRevision);
      },
    );
    app.post<{ Params: { id: string } }>(
      '/advisories/:id/publish',
      {
        config: { access: [R.analyst] },
        schema: { summary: 'Publish a draft to every organisation with an exposed asset (inbox, TAXII, e-mail heads-up)', tags: ['cooperation'], params: IdParams, response: { 200: DetailSchema } },
      },
      async (req) => advisories.publish(principalOf(req).actor, req.params.id),
    );
    app.post<{ Params: { id: string } }>(
      '/advisories/:id/withdraw',
      { config: { access: [R.analyst] }, schema: { summary: 'Withdraw a published advisory', tags: ['cooperation'], params: IdParams, response: { 200: AdvisorySchema } } },
      async (req) => advisories.withdraw(principalOf(req).actor, req.params.id),
    );
    app.post<{ Params: { id: string } }>(
      '/advisories/:id/acknowledgement',
      {
        config: { access: [R.operator] },
        schema: { summary: 'Acknowledge an advisory for your organisation', tags: ['cooperation'], params: IdParams, response: { 200: DetailSchema } },
      },
      async (req) => advisories.acknowledge(principalOf(req).actor, req.params.id),
    );
    app.put<{ Params: { id: string; assetId: string }; Body: Static<typeof AnswerBody> }>(
      '/advisories/:id/assets/:assetId',
      {
        config: { access: [R.operator] },
        schema: {
          summary: 'Answer for one of your assets: patched, mitigated (how), accepted-risk (why) or not-affected (why)',
          tags: ['cooperation'],
          params: Type.Object({ id: Id, assetId: Id }, { additionalProperties: false }),
          body: AnswerBody,
          response: { 200: DetailSchema },
        },
      },
      async (req) => advisories.answer(principalOf(req).actor, req.params.id, req.params.assetId, req.body),
    );
  };
}
