/**
 * Operators' assets ("specified important computers") over HTTP: an operator reporter registers,
 * changes, imports (CSV, CycloneDX SBOM) and notifies its own organisation's assets; NCO analysts
 * may do so for any organisation; a sector regulator reads its sector's assets and their
 * notification deadlines (the regulator's view of overdue notifications). Anything outside the
 * caller's scope answers 404, so existence does not leak. Every change is audited (`asset.change`)
 * in the same transaction as the change: both, or neither.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import Type from 'typebox';
import { ASSET_ROLES, ASSET_STATUSES, type Asset, type AssetRole, type AssetStatus } from '../../cooperation/assets/asset.js';
import type { NotificationFact } from '../../cooperation/assets/asset-queries.js';
import { AssetStore, type AssetWriteContext } from '../../cooperation/assets/asset-store.js';
import type { AssetsConfig } from '../../cooperation/assets/config.js';
import { ERR_ASSET_NOT_FOUND } from '../../cooperation/assets/errors.js';
import { notificationDeadline } from '../../cooperation/assets/notification-deadline.js';
import type { AuditEventInput } from '../../core/audit-event.js';
import type { Clock } from '../../core/clock.js';
import { asId, type OrganizationId } from '../../core/ids.js';
import type { Actor } from '../../core/roles.js';
import type { OrganizationStore } from '../../registry/organization-store.js';
import type { Database } from '../../storage/database.js';
import { inTransaction } from '../../storage/transaction.js';
import { principalOf, R } from '../http/access.js';
import { Id, IdParams, Millis, Nullable, Page, PageQuery, pageOf } from '../http/schemas.js';
import { inScope, orgScope } from '../scope.js';

/** Who reads assets: the office's analysts, operators (their own), regulators (their sector). */
const READERS = [R.analyst, R.operator, R.regulator];
/** Who writes them: operators (their own) and the office's analysts. */
const WRITERS = [R.analyst, R.operator];

const RoleSchema = Type.Union(ASSET_ROLES.map((r) => Type.Literal(r)));
const StatusSchema = Type.Union(ASSET_STATUSES.map((s) => Type.Literal(s)));
const Opt = (max: number) => Type.Optional(Nullable(Type.String({ maxLength: max })));

const AssetSchema = Type.Object(
  {
    id: Type.String(),
    organizationId: Type.String(),
    cpe: Nullable(Type.String()),
    purl: Nullable(Type.String()),
    vendor: Nullable(Type.String()),
    product: Nullable(Type.String()),
    version: Nullable(Type.String()),
    role: Type.String(),
    site: Nullable(Type.String()),
    networkId: Nullable(Type.String()),
    addresses: Type.Array(Type.String()),
    introducedOn: Nullable(Type.String({ description: 'YYYY-MM-DD (Japan time)' })),
    status: Type.String(),
    notifiedAt: Nullable(Millis),
    revision: Type.Integer(),
    createdAt: Millis,
    updatedAt: Millis,
  },
  { additionalProperties: false },
);

const DeadlineSchema = Type.Object(
  {
    state: Type.String({ description: 'open, due-soon, overdue, submitted-on-time or submitted-late' }),
    dueAt: Nullable(Millis),
    dueLocal: Nullable(Type.String({ description: 'the due instant in Japan time' })),
    lateBySeconds: Nullable(Type.Integer()),
    legalRef: Type.String(),
  },
  { additionalProperties: false },
);

const AssetBody = Type.Object(
  {
    organizationId: Type.Optional(Id),
    vendor: Opt(200),
    product: Opt(200),
    version: Opt(100),
    cpe: Opt(1000),
    purl: Opt(2000),
    role: Type.Optional(RoleSchema),
    site: Opt(200),
    network: Opt(128),
    addresses: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 256 })),
    introducedOn: Opt(10),
    status: Type.Optional(StatusSchema),
  },
  { additionalProperties: false },
);
const AssetPatchBody = Type.Object({ ...AssetBody.properties, expectedRevision: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false, minProperties: 1 });

const ImportBody = Type.Object(
  {
    organizationId: Type.Optional(Id),
    format: Type.Union([Type.Literal('csv'), Type.Literal('cyclonedx')]),
    content: Type.String({ minLength: 1, description: 'the CSV text, or the CycloneDX JSON document as text' }),
    introducedOn: Opt(10),
    role: Type.Optional(RoleSchema),
    site: Opt(200),
    status: Type.Optional(StatusSchema),
  },
  { additionalProperties: false },
);

/** Dependencies of the asset routes. */
export interface AssetRouteDeps {
  readonly db: Kysely<Database>;
  readonly orgs: OrganizationStore;
  readonly clock: Clock;
  readonly config: AssetsConfig;
  /** The audit log: each change records its entry in the change's transaction. */
  readonly audit: { record(trx: Kysely<Database>, e: AuditEventInput): Promise<void>; drain(): Promise<void> };
}

/** The import's JSON body: the largest document, escaped at worst twice its size, and the other fields. */
const importBodyLimit = (c: AssetsConfig): number => 2 * Math.max(c.csvMaxBytes, c.sbomMaxBytes) + 64 * 1024;

function assetView(a: Asset) {
  return { ...a, addresses: [...a.addresses] };
}

/** Route plugin of `/assets`. */
export function assetRoutes(deps: AssetRouteDeps): FastifyPluginAsync {
  const store = (db: Kysely<Database>) => new AssetStore(db, { clock: deps.clock }, deps.config);
  /** The organisation `actor` writes for: an operator its own (another is refused as unknown), an analyst the one named. */
  const targetOrg = async (actor: Actor, requested: string | undefined) => {
    const id = actor.roles.includes(R.analyst) ? requested : (requested ?? actor.organizationId);
    const org = id === undefined ? undefined : await deps.orgs.get(id);
    if (org === undefined || !inScope(await orgScope(actor, deps.orgs), org.id) || !(actor.roles.includes(R.analyst) || org.id === actor.organizationId)) {
      throw new ERR_ASSET_NOT_FOUND(`organisation ${JSON.stringify(id ?? null)}`);
    }
    return org;
  };
  // The registry records when an organisation was entered, not when it came to exist: assets in use
  // long before designation are the rule, so no "before the organisation existed" bound is passed.
  const ctxOf = (actor: Actor): AssetWriteContext => ({
    actor: { id: actor.userId, organizationId: actor.roles.includes(R.analyst) ? null : (actor.organizationId ?? asId<OrganizationId>('none')) },
  });
  /** Makes a change and records its audit entry in the same transaction. */
  const audited = async <T>(actor: Actor, change: string, fn: (s: AssetStore, trx: Kysely<Database>) => Promise<T>, subjects: (t: T) => { type: string; id: string }[]): Promise<T> => {
    const out = await inTransaction(deps.db, async (trx) => {
      const t = await fn(store(trx), trx);
      await deps.audit.record(trx, {
        actor: { kind: 'user', id: actor.userId, role: actor.roles.includes(R.analyst) ? R.analyst : R.operator },
        action: 'asset.change',
        subjects: subjects(t),
        details: { change },
      });
      return t;
    });
    await deps.audit.drain().catch(() => undefined);
    return out;
  };
  const visible = async (actor: Actor, id: string) => {
    const detail = await store(deps.db)
      .get(id)
      .catch(() => undefined);
    if (detail === undefined || !inScope(await orgScope(actor, deps.orgs), detail.asset.organizationId)) throw new ERR_ASSET_NOT_FOUND(JSON.stringify(id));
    return detail;
  };
  const deadlineView = (f: Pick<NotificationFact, 'introducedOn' | 'organizationCreatedAt' | 'notifiedAt'>) => {
    const d = notificationDeadline(f, deps.clock.now());
    return { state: d.state, dueAt: d.dueAt, dueLocal: d.dueLocal, lateBySeconds: d.lateBySeconds, legalRef: d.legalRef };
  };

  return async (app) => {
    app.get<{ Querystring: { organizationId?: string; status?: AssetStatus; role?: AssetRole; limit: number; cursor?: string } }>(
      '/assets',
      {
        config: { access: READERS },
        schema: {
          summary: 'Assets in your scope (an organisation’s, or your sector’s), by id',
          tags: ['cooperation'],
          querystring: PageQuery({ organizationId: Type.Optional(Id), status: Type.Optional(StatusSchema), role: Type.Optional(RoleSchema) }),
          response: { 200: Page(AssetSchema) },
        },
      },
      async (req) => {
        const actor = principalOf(req).actor;
        const q = req.query;
        const scope = await orgScope(actor, deps.orgs);
        const options = {
          limit: q.limit + 1,
          ...(q.cursor === undefined ? {} : { after: q.cursor }),
          ...(q.status === undefined ? {} : { status: q.status }),
          ...(q.role === undefined ? {} : { role: q.role }),
        };
        let rows: Asset[];
        if (q.organizationId !== undefined) rows = inScope(scope, q.organizationId) ? await store(deps.db).listByOrganization(asId<OrganizationId>(q.organizationId), options) : [];
        else if (scope === undefined) rows = await store(deps.db).listAll(options);
        else if (actor.roles.includes(R.regulator) && actor.sector !== undefined) rows = await store(deps.db).listBySector(actor.sector, options);
        else rows = actor.organizationId === undefined ? [] : await store(deps.db).listByOrganization(actor.organizationId, options);
        const p = pageOf(rows, q.limit, (a) => a.id);
        return { items: p.items.map(assetView), next: p.next };
      },
    );
    app.get<{ Querystring: { organizationId?: string; state?: string; limit: number; cursor?: string } }>(
      '/assets/notifications',
      {
        config: { access: READERS },
        schema: {
          summary: 'Notification deadlines of introduced assets in your scope (ACD Act: 4 months of introduction; 6 months of designation in the transition)',
          tags: ['cooperation'],
          querystring: PageQuery({
            organizationId: Type.Optional(Id),
            state: Type.Optional(Type.Union(['open', 'due-soon', 'overdue', 'submitted-on-time', 'submitted-late'].map((s) => Type.Literal(s)))),
          }),
          response: {
            200: Page(
              Type.Object(
                { assetId: Type.String(), organizationId: Type.String(), sector: Type.String(), introducedOn: Type.String(), notifiedAt: Nullable(Millis), deadline: DeadlineSchema },
                { additionalProperties: false },
              ),
            ),
          },
        },
      },
      async (req) => {
        const actor = principalOf(req).actor;
        const q = req.query;
        const scope = await orgScope(actor, deps.orgs);
        if (q.organizationId !== undefined && !inScope(scope, q.organizationId)) return { items: [], next: null };
        const filter =
          q.organizationId !== undefined
            ? { organizationId: asId<OrganizationId>(q.organizationId) }
            : scope === undefined
              ? {}
              : actor.roles.includes(R.regulator) && actor.sector !== undefined
                ? { sector: actor.sector }
                : { organizationId: actor.organizationId ?? asId<OrganizationId>('none') };
        // Filtering by state reads page after page of facts: the state is computed, not stored.
        const items: { assetId: string; organizationId: string; sector: string; introducedOn: string; notifiedAt: number | null; deadline: ReturnType<typeof deadlineView> }[] = [];
        let after = q.cursor;
        let more = true;
        while (items.length <= q.limit && more) {
          const facts = await store(deps.db).notificationFacts({ ...filter, limit: 500, ...(after === undefined ? {} : { after }) });
          more = facts.length === 500;
          for (const f of facts) {
            after = f.assetId;
            const deadline = deadlineView(f);
            if (q.state !== undefined && deadline.state !== q.state) continue;
            items.push({ assetId: f.assetId, organizationId: f.organizationId, sector: f.sector, introducedOn: f.introducedOn, notifiedAt: f.notifiedAt, deadline });
            if (items.length > q.limit) break;
          }
        }
        const page = items.slice(0, q.limit);
        return { items: page, next: items.length > q.limit ? (page.at(-1)?.assetId ?? null) : null };
      },
    );
    app.get<{ Params: { id: string } }>(
      '/assets/:id',
      {
        config: { access: READERS },
        schema: {
          summary: 'One asset with its history and notification deadline',
          tags: ['cooperation'],
          params: IdParams,
          response: {
            200: Type.Object(
              {
                asset: AssetSchema,
                deadline: Nullable(DeadlineSchema),
                history: Type.Array(
                  Type.Object(
                    { revision: Type.Integer(), changedAt: Millis, changedBy: Type.String(), cause: Type.String(), before: Nullable(Type.Unknown()), after: Type.Unknown() },
                    { additionalProperties: false },
                  ),
                ),
              },
              { additionalProperties: false },
            ),
          },
        },
      },
      async (req) => {
        const actor = principalOf(req).actor;
        const { asset, history } = await visible(actor, req.params.id);
        const org = await deps.orgs.get(asset.organizationId);
        const deadline =
          asset.introducedOn === null || asset.status === 'planned' || org === undefined
            ? null
            : deadlineView({ introducedOn: asset.introducedOn, organizationCreatedAt: org.createdAt, notifiedAt: asset.notifiedAt });
        return {
          asset: assetView(asset),
          deadline,
          history: history.map((h) => ({ revision: h.revision, changedAt: h.changedAt, changedBy: h.changedBy, cause: h.cause, before: h.before, after: h.after })),
        };
      },
    );
    app.post<{ Body: Record<string, unknown> & { organizationId?: string } }>(
      '/assets',
      { config: { access: WRITERS }, schema: { summary: 'Register an asset of your organisation', tags: ['cooperation'], body: AssetBody, response: { 201: AssetSchema } } },
      async (req, reply) => {
        const actor = principalOf(req).actor;
        const { organizationId, ...input } = req.body;
        const org = await targetOrg(actor, organizationId);
        const a = await audited(
          actor,
          'asset.create',
          (s) => s.create(org.id, input, ctxOf(actor)),
          (x) => [{ type: 'asset', id: x.id }],
        );
        return reply.status(201).send(assetView(a));
      },
    );
    app.patch<{ Params: { id: string }; Body: Record<string, unknown> & { expectedRevision?: number } }>(
      '/assets/:id',
      { config: { access: WRITERS }, schema: { summary: 'Change an asset of your organisation', tags: ['cooperation'], params: IdParams, body: AssetPatchBody, response: { 200: AssetSchema } } },
      async (req) => {
        const actor = principalOf(req).actor;
        const { asset } = await visible(actor, req.params.id);
        // Writing needs the organisation to be the caller's own (an analyst: any).
        await targetOrg(actor, asset.organizationId);
        const { expectedRevision, organizationId: _ignored, ...patch } = req.body;
        const a = await audited(
          actor,
          'asset.update',
          (s) => s.update(asset.id, patch, { ...ctxOf(actor), ...(expectedRevision === undefined ? {} : { expectedRevision }) }),
          (x) => [{ type: 'asset', id: x.id }],
        );
        return assetView(a);
      },
    );
    app.post<{ Params: { id: string }; Body: { notifiedAt: number } }>(
      '/assets/:id/notification',
      {
        config: { access: WRITERS },
        schema: {
          summary: 'Record that the asset was notified to the competent minister',
          tags: ['cooperation'],
          params: IdParams,
          body: Type.Object({ notifiedAt: Millis }, { additionalProperties: false }),
          response: { 200: AssetSchema },
        },
      },
      async (req) => {
        const actor = principalOf(req).actor;
        const { asset } = await visible(actor, req.params.id);
        // Writing needs the organisation to be the caller's own (an analyst: any).
        await targetOrg(actor, asset.organizationId);
        const a = await audited(
          actor,
          'asset.notify',
          (s) => s.recordNotification(asset.id, req.body.notifiedAt, ctxOf(actor)),
          (x) => [{ type: 'asset', id: x.id }],
        );
        return assetView(a);
      },
    );
    app.post<{ Body: { organizationId?: string; format: 'csv' | 'cyclonedx'; content: string; introducedOn?: string | null; role?: AssetRole; site?: string | null; status?: AssetStatus } }>(
      '/assets/import',
      {
        bodyLimit: importBodyLimit(deps.config),
        config: { access: WRITERS },
        schema: {
          summary: 'Import assets from a CSV or a CycloneDX SBOM (JSON): all of it, or nothing',
          tags: ['cooperation'],
          body: ImportBody,
          response: { 200: Type.Object({ created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(), repeats: Type.Integer() }, { additionalProperties: false }) },
        },
      },
      async (req) => {
        const actor = principalOf(req).actor;
        const b = req.body;
        const org = await targetOrg(actor, b.organizationId);
        const ctx = ctxOf(actor);
        const r = await audited(
          actor,
          `asset.import.${b.format}`,
          (s) =>
            b.format === 'csv'
              ? s.importCsv(org.id, b.content, ctx)
              : s.importCycloneDx(org.id, b.content, {
                  ...ctx,
                  options: {
                    introducedOn: b.introducedOn ?? null,
                    ...(b.role === undefined ? {} : { role: b.role }),
                    ...(b.site === undefined ? {} : { site: b.site }),
                    ...(b.status === undefined ? {} : { status: b.status }),
                  },
                }),
          () => [{ type: 'organization', id: org.id }],
        );
        return { created: r.created, updated: r.updated, unchanged: r.unchanged, repeats: r.repeats };
      },
    );
  };
}
