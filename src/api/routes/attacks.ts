/**
 * Attacks: the list (newest first, cursor pages) and one attack with its per-second timeline —
 * sources coarsened — and the full attacker list through the purpose-bound access guard, as JSON
 * or CSV. Operator reporters see their organisation's attacks, sector regulators their sector's.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import type { AttackerEntry } from '../../detection/attack.js';
import { formatAttackersCsv } from '../../detection/attackers-format.js';
import type { DetectionReadPort } from '../../detection/read-port.js';
import { ERR_ATTACK_NOT_FOUND, type AttackStore, type StoredAttack } from '../../detection/store/attack-store.js';
import { parseAddress, prefixContains, type Prefix } from '../../core/ip.js';
import type { Clock } from '../../core/clock.js';
import type { Actor } from '../../core/roles.js';
import type { AccessGuard } from '../../oversight/access/access-guard.js';
import { PURPOSES } from '../../oversight/access/purpose.js';
import type { OrganizationStore } from '../../registry/organization-store.js';
import { OPERATIONS_READERS, principalOf, TRAFFIC_READERS } from '../http/access.js';
import { AnswerCache } from '../http/answer-cache.js';
import { Id, IdParams, Millis, Page, PageParams, PageQuery } from '../http/schemas.js';
import { inScope, narrow, orgScope } from '../scope.js';
import { AttackSchema, AttackSummarySchema, attackSummary, attackView } from '../views/attack-view.js';
import type { OrgNames } from '../views/org-names.js';

const PrefixText = Type.String({ minLength: 2, maxLength: 64, pattern: '^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$' });

// Case and purpose are optional here on purpose: the access guard, not input validation, refuses a
// read without them, so the refusal is audited and a read without a case is flagged.
const AttackersQuery = Type.Object(
  {
    caseId: Type.Optional(Type.String({ maxLength: 200, description: 'the case the read serves; the attack must lie in its scope (an attack the case cites does)' })),
    purpose: Type.Optional(Type.String({ maxLength: 64, description: `why the list is read: ${PURPOSES.join(', ')}` })),
    prefix: Type.Optional(Type.Array(PrefixText, { minItems: 1, maxItems: 64, description: 'only sources in these ranges (optional; narrows the list)' })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
    ...PageParams,
  },
  { additionalProperties: false },
);

const AttackerSchema = Type.Object(
  {
    address: Type.String(),
    packets: Type.Number(),
    bytes: Type.Number(),
    packetShare: Type.Number(),
    byteShare: Type.Number(),
    firstSeen: Millis,
    lastSeen: Millis,
    vectors: Type.Array(Type.String()),
    errorBound: Type.Number(),
    country: Type.Optional(Type.String()),
    asn: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);

const TimelinePoint = Type.Object({ second: Type.Integer(), pps: Type.Number(), bps: Type.Number(), rates: Type.Unknown() }, { additionalProperties: false });

const AttackDetailSchema = Type.Object({ ...AttackSchema.properties, timeline: Type.Array(TimelinePoint) }, { additionalProperties: false });

/** Dependencies of the attack routes. */
export interface AttackRouteDeps {
  readonly attacks: AttackStore;
  /** Live attacker lists of running attacks. */
  readonly detection: Pick<DetectionReadPort, 'attackers'>;
  readonly orgs: OrganizationStore;
  readonly names: OrgNames;
  readonly guard: AccessGuard;
  readonly clock: Clock;
}

/** Most attackers one guarded read returns (all pages together). */
const MAX_ATTACKERS = 100_000;

/** Route plugin of `/attacks`. */
export function attacksRoutes(deps: AttackRouteDeps): FastifyPluginAsync {
  const visible = async (actor: Actor, id: string): Promise<StoredAttack> => {
    const a = await deps.attacks.get(id);
    if (!inScope(await orgScope(actor, deps.orgs), a.organizationId)) throw new ERR_ATTACK_NOT_FOUND(id);
    return a;
  };
  const cache = new AnswerCache();
  const listPage = async (q: { state?: 'active' | 'ended'; networkId?: string; from?: number; to?: number; limit: number; cursor?: string }, scope: readonly string[] | undefined) => {
    const [page] = await Promise.all([
      deps.attacks.list({
        limit: q.limit,
        ...(q.state === undefined ? {} : { state: q.state }),
        ...(q.cursor === undefined ? {} : { cursor: q.cursor }),
        ...(q.from === undefined ? {} : { from: q.from }),
        ...(q.to === undefined ? {} : { to: q.to }),
        ...(q.networkId === undefined ? {} : { networkId: q.networkId }),
        ...(scope === undefined ? {} : { organizationIds: scope }),
      }),
      deps.names.refresh(),
    ]);
    return { items: page.items.map((a) => attackSummary(a, deps.names.name(a.organizationId))), next: page.next };
  };
  return async (app) => {
    app.get<{ Querystring: { state?: 'active' | 'ended'; organizationId?: string; networkId?: string; from?: number; to?: number; limit: number; cursor?: string } }>(
      '/attacks',
      {
        config: { access: TRAFFIC_READERS },
        schema: {
          summary: 'Attacks in your scope, newest first, with vectors, true current and peak rates and the five largest sources (coarsened)',
          tags: ['attacks'],
          querystring: PageQuery({
            state: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('ended')])),
            organizationId: Type.Optional(Id),
            networkId: Type.Optional(Id),
            from: Type.Optional(Millis),
            to: Type.Optional(Millis),
          }),
          response: { 200: Page(AttackSummarySchema) },
        },
      },
      async (req, reply) => {
        const q = req.query;
        const scope = narrow(await orgScope(principalOf(req).actor, deps.orgs), q.organizationId);
        // Detection updates attacks once a second: the same page for the same scope is served from
        // a one-second cache (the key holds the scope, so no caller ever gets another's page).
        const key = `${scope === undefined ? '*' : scope.join(',')}|${q.state ?? ''}|${q.networkId ?? ''}|${q.from ?? ''}|${q.to ?? ''}|${q.limit}|${q.cursor ?? ''}`;
        return cache.send(reply, key, deps.clock.now(), 1000, 0, () => listPage(q, scope));
      },
    );
    app.get<{ Params: { id: string } }>(
      '/attacks/:id',
      {
        config: { access: TRAFFIC_READERS },
        schema: { summary: 'One attack with its per-second timeline (last hour of it)', tags: ['attacks'], params: IdParams, response: { 200: AttackDetailSchema } },
      },
      async (req) => {
        const a = await visible(principalOf(req).actor, req.params.id);
        await deps.names.refresh();
        return { ...attackView(a, deps.names.name(a.organizationId)), timeline: await deps.attacks.timeline(a.id) };
      },
    );
    app.get<{ Params: { id: string }; Querystring: { caseId?: string; purpose?: string; prefix?: string[]; format?: 'json' | 'csv'; limit: number; cursor?: string } }>(
      '/attacks/:id/attackers',
      {
        config: { access: OPERATIONS_READERS },
        schema: {
          summary: "The full attacker list (personal data): needs a case whose scope holds the attack's target and time (a case citing the attack does) and a purpose; every read is audited",
          tags: ['attacks'],
          params: IdParams,
          querystring: AttackersQuery,
          response: { 200: Page(AttackerSchema) },
        },
      },
      async (req, reply) => {
        const actor = principalOf(req).actor;
        const a = await visible(actor, req.params.id);
        const q = req.query;
        // The cursor is the offset in the list (base 36); the list is ordered by packets.
        const start = q.cursor === undefined ? 0 : Number.parseInt(q.cursor, 36) || 0;
        let more = false;
        // The read reaches the attack: its target over its time must lie in the case's scope. The
        // sources it returns are what the guard counts as looked up.
        const items = await deps.guard.read<AttackerEntry>(
          { actor, purpose: q.purpose, caseId: q.caseId, resource: 'attackers', prefixes: [a.target], from: a.startedAt, to: a.endedAt ?? a.updatedAt, filters: q.prefix ?? [] },
          async (granted) => {
            const live = a.state === 'active' ? deps.detection.attackers(a.id) : undefined;
            const all = live ?? (await deps.attacks.sources(a.id, MAX_ATTACKERS));
            const inside = granted.filters.length === 0 ? all : all.filter((s) => granted.filters.some((p) => containsText(p, s.address)));
            more = inside.length > start + q.limit;
            return inside.slice(start, start + q.limit);
          },
          (s) => ({ kind: 'ip', value: s.address }),
        );
        const next = more ? (start + q.limit).toString(36) : null;
        if (q.format === 'csv') {
          void reply.header('content-disposition', `attachment; filename="attackers-${a.id}.csv"`);
          return reply
            .type('text/csv; charset=utf-8')
            .serializer((x: unknown) => x as string)
            .send(formatAttackersCsv(items));
        }
        return { items, next };
      },
    );
  };
}

function containsText(p: Prefix, address: string): boolean {
  const w = parseAddress(address);
  return prefixContains(p, w[0], w[1], w[2], w[3]);
}
