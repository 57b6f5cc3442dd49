/**
 * The operator registry over HTTP: organisations and their protected networks. NCO analysts and
 * admins write; national roles read everything, an operator reporter only its organisation, a
 * sector regulator only its sector. Contacts (names, e-mail, phone of people) are shown only to
 * admins, analysts and the organisation's own reporters. Every change is audited (`config.change`).
 */
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { DESIGNATION_STATUSES, SECTORS, type Sector } from '../../core/sectors.js';
import type { Actor } from '../../core/roles.js';
import type { Kysely } from 'kysely';
import type { AuditEventInput } from '../../core/audit-event.js';
import type { Database } from '../../storage/database.js';
import type { Organization } from '../../registry/organization-store.js';
import type { OperatorRegistry } from '../../registry/registry.js';
import { ERR_REGISTRY_NETWORK_NOT_FOUND, ERR_REGISTRY_ORGANIZATION_NOT_FOUND } from '../../registry/errors.js';
import { NetworkThresholdsSchema } from '../../registry/thresholds.js';
import { principalOf, R, REGISTRY_READERS, REGISTRY_WRITERS } from '../http/access.js';
import { Empty, Id, IdParams, Millis, Nullable, Page, pageArray, PageQuery } from '../http/schemas.js';
import { inScope, narrow, orgScope } from '../scope.js';

const SectorSchema = Type.Union(SECTORS.map((s) => Type.Literal(s)));
const StatusSchema = Type.Union(DESIGNATION_STATUSES.map((s) => Type.Literal(s)));
const Contact = Nullable(Type.String({ maxLength: 200 }));

const OrganizationSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    sector: Type.String(),
    status: Type.String(),
    contact: Nullable(Type.Object({ name: Nullable(Type.String()), email: Nullable(Type.String()), phone: Nullable(Type.String()) }, { additionalProperties: false })),
    createdAt: Millis,
    updatedAt: Millis,
  },
  { additionalProperties: false },
);

const NetworkSchema = Type.Object(
  {
    id: Type.String(),
    organizationId: Type.String(),
    prefix: Type.String(),
    family: Type.Integer(),
    name: Nullable(Type.String()),
    description: Nullable(Type.String()),
    thresholds: Nullable(Type.Unknown({ description: 'per-class pps/bps/flowsPerSecond thresholds' })),
    createdAt: Millis,
    updatedAt: Millis,
  },
  { additionalProperties: false },
);

const OrgBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    sector: SectorSchema,
    status: Type.Optional(StatusSchema),
    contactName: Type.Optional(Contact),
    contactEmail: Type.Optional(Contact),
    contactPhone: Type.Optional(Contact),
  },
  { additionalProperties: false },
);
const OrgPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    sector: Type.Optional(SectorSchema),
    status: Type.Optional(StatusSchema),
    contactName: Type.Optional(Contact),
    contactEmail: Type.Optional(Contact),
    contactPhone: Type.Optional(Contact),
  },
  { additionalProperties: false, minProperties: 1 },
);
const NetworkBody = Type.Object(
  {
    organizationId: Id,
    prefix: Type.String({ minLength: 3, maxLength: 64 }),
    name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    thresholds: Type.Optional(Nullable(NetworkThresholdsSchema)),
  },
  { additionalProperties: false },
);
const NetworkPatch = Type.Object(
  {
    name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    thresholds: Type.Optional(Nullable(NetworkThresholdsSchema)),
  },
  { additionalProperties: false, minProperties: 1 },
);

function showsContacts(actor: Actor, o: Organization): boolean {
  return actor.roles.includes('admin') || actor.roles.includes('nco_analyst') || (actor.roles.includes('operator_reporter') && actor.organizationId === o.id);
}

function orgView(actor: Actor, o: Organization) {
  const contact = showsContacts(actor, o) ? { name: o.contactName, email: o.contactEmail, phone: o.contactPhone } : null;
  return { id: o.id, name: o.name, sector: o.sector, status: o.status, contact, createdAt: o.createdAt, updatedAt: o.updatedAt };
}

/** Dependencies of the registry routes. */
export interface RegistryRouteDeps {
  readonly registry: OperatorRegistry;
  /** The audit log: each change records its entry in its own transaction. */
  readonly audit: { record(trx: Kysely<Database>, e: AuditEventInput): Promise<void>; drain(): Promise<void> };
}

/** Route plugin of `/organizations` and `/networks`. */
export function registryRoutes(deps: RegistryRouteDeps): FastifyPluginAsync {
  const { registry } = deps;
  const orgs = registry.organizations;
  const nets = registry.networks;
  /** Makes a change and records its `config.change` entry in the same transaction: both, or neither. */
  const audited = async <T>(actor: Actor, change: string, fn: (r: OperatorRegistry) => Promise<T>, subjects: (t: T) => { type: string; id: string }[]): Promise<T> => {
    const out = await registry.transaction(async (r) => {
      const t = await fn(r);
      await deps.audit.record(r.db, {
        actor: { kind: 'user', id: actor.userId, role: actor.roles.includes(R.admin) ? R.admin : R.analyst },
        action: 'config.change',
        subjects: subjects(t),
        details: { change },
      });
      return t;
    });
    // A failed drain loses nothing: the entry stays in the outbox until the log appends it.
    await deps.audit.drain().catch(() => undefined);
    return out;
  };
  const visibleOrg = async (actor: Actor, id: string): Promise<Organization> => {
    const o = await orgs.get(id);
    if (o === undefined || !inScope(await orgScope(actor, orgs), o.id)) throw new ERR_REGISTRY_ORGANIZATION_NOT_FOUND(JSON.stringify(id));
    return o;
  };
  return async (app) => {
    const read = { access: REGISTRY_READERS };
    const write = { access: REGISTRY_WRITERS };
    app.get<{ Querystring: { sector?: Sector; limit: number; cursor?: string } }>(
      '/organizations',
      {
        config: read,
        schema: { summary: 'Organisations in your scope, by name', tags: ['registry'], querystring: PageQuery({ sector: Type.Optional(SectorSchema) }), response: { 200: Page(OrganizationSchema) } },
      },
      async (req) => {
        const actor = principalOf(req).actor;
        const scope = await orgScope(actor, orgs);
        const all = (await orgs.list(req.query.sector === undefined ? {} : { sector: req.query.sector })).filter((o) => inScope(scope, o.id));
        const p = pageArray(all, req.query.limit, req.query.cursor, (o) => o.id);
        return { items: p.items.map((o) => orgView(actor, o)), next: p.next };
      },
    );
    app.get<{ Params: { id: string } }>(
      '/organizations/:id',
      { config: read, schema: { summary: 'One organisation', tags: ['registry'], params: IdParams, response: { 200: OrganizationSchema } } },
      async (req) => {
        const actor = principalOf(req).actor;
        return orgView(actor, await visibleOrg(actor, req.params.id));
      },
    );
    app.post<{ Body: Record<string, unknown> & { name: string; sector: string } }>(
      '/organizations',
      { config: write, schema: { summary: 'Register an organisation', tags: ['registry'], body: OrgBody, response: { 201: OrganizationSchema } } },
      async (req, reply) => {
        const actor = principalOf(req).actor;
        const o = await audited(
          actor,
          'organization.create',
          (r) => r.organizations.create(req.body),
          (x) => [{ type: 'organization', id: x.id }],
        );
        return reply.status(201).send(orgView(actor, o));
      },
    );
    app.patch<{ Params: { id: string }; Body: Record<string, unknown> }>(
      '/organizations/:id',
      { config: write, schema: { summary: 'Change an organisation', tags: ['registry'], params: IdParams, body: OrgPatch, response: { 200: OrganizationSchema } } },
      async (req) => {
        const actor = principalOf(req).actor;
        const o = await audited(
          actor,
          'organization.update',
          (r) => r.organizations.update(req.params.id, req.body),
          (x) => [{ type: 'organization', id: x.id }],
        );
        return orgView(actor, o);
      },
    );
    app.get<{ Querystring: { organizationId?: string; limit: number; cursor?: string } }>(
      '/networks',
      {
        config: read,
        schema: { summary: 'Protected networks in your scope', tags: ['registry'], querystring: PageQuery({ organizationId: Type.Optional(Id) }), response: { 200: Page(NetworkSchema) } },
      },
      async (req) => {
        const scope = narrow(await orgScope(principalOf(req).actor, orgs), req.query.organizationId);
        const all = scope === undefined ? await nets.list() : (await Promise.all(scope.map((id) => nets.list({ organizationId: id })))).flat();
        return pageArray(all, req.query.limit, req.query.cursor, (n) => n.id);
      },
    );
    app.get<{ Params: { id: string } }>(
      '/networks/:id',
      { config: read, schema: { summary: 'One protected network', tags: ['registry'], params: IdParams, response: { 200: NetworkSchema } } },
      async (req) => {
        const n = await nets.get(req.params.id);
        if (n === undefined || !inScope(await orgScope(principalOf(req).actor, orgs), n.organizationId)) throw new ERR_REGISTRY_NETWORK_NOT_FOUND(JSON.stringify(req.params.id));
        return n;
      },
    );
    app.post<{ Body: { organizationId: string; prefix: string; name?: string | null; description?: string | null; thresholds?: unknown } }>(
      '/networks',
      { config: write, schema: { summary: 'Add a protected network', tags: ['registry'], body: NetworkBody, response: { 201: NetworkSchema } } },
      async (req, reply) => {
        const n = await audited(
          principalOf(req).actor,
          'network.create',
          (r) => r.networks.add(req.body),
          (x) => [
            { type: 'network', id: x.id },
            { type: 'organization', id: x.organizationId },
          ],
        );
        return reply.status(201).send(n);
      },
    );
    app.patch<{ Params: { id: string }; Body: { name?: string | null; description?: string | null; thresholds?: unknown } }>(
      '/networks/:id',
      { config: write, schema: { summary: 'Change a protected network (not its prefix)', tags: ['registry'], params: IdParams, body: NetworkPatch, response: { 200: NetworkSchema } } },
      async (req) => {
        const n = await audited(
          principalOf(req).actor,
          'network.update',
          (r) => r.networks.update(req.params.id, req.body),
          (x) => [{ type: 'network', id: x.id }],
        );
        return n;
      },
    );
    app.delete<{ Params: { id: string } }>(
      '/networks/:id',
      { config: write, schema: { summary: 'Remove a protected network', tags: ['registry'], params: IdParams, response: { 204: Empty } } },
      async (req, reply) => {
        await audited(
          principalOf(req).actor,
          'network.remove',
          (r) => r.networks.remove(req.params.id),
          () => [{ type: 'network', id: req.params.id }],
        );
        return reply.status(204).send();
      },
    );
  };
}
