/**
 * Sightings of indicators (known C2 addresses) in flow telemetry. The list hides the internal
 * host, which is personal data; the hosts are read through the purpose-bound access guard with a
 * case, a purpose and prefixes inside the case's scope. Operator reporters see their own
 * organisation's sightings (without hosts).
 */
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { parseAddress, prefixContains } from '../../core/ip.js';
import type { SightingStore } from '../../intel/sighting-store.js';
import type { AccessGuard } from '../../oversight/access/access-guard.js';
import { PURPOSES } from '../../oversight/access/purpose.js';
import type { OrganizationStore } from '../../registry/organization-store.js';
import { OPERATIONS_READERS, principalOf, R } from '../http/access.js';
import { Id, Millis, Page, pageArray, pageOf, PageParams, PageQuery, parseTimeIdCursor, timeIdCursor } from '../http/schemas.js';
import type { SightingRelease } from '../../intel/share/sighting-release.js';
import { recipientOfActor } from '../release-recipient.js';
import { narrow, orgScope } from '../scope.js';
import { SightingSchema, SightingWithHostSchema, sightingView } from '../views/sighting-view.js';

const MAX_ROWS = 10_000;
/** The position a `/sightings` cursor names: last seen and id of the last row of a page. */
const lastSeenCursor = (cursor: string) => {
  const c = parseTimeIdCursor(cursor);
  return { lastSeen: c.at, id: c.id };
};
const PrefixText = Type.String({ minLength: 2, maxLength: 64, pattern: '^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$' });

/** Route plugin of `/sightings`. */
export function sightingsRoutes(deps: { sightings: SightingStore; orgs: OrganizationStore; guard: AccessGuard; release: SightingRelease }): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: { since?: number; organizationId?: string; limit: number; cursor?: string } }>(
      '/sightings',
      {
        config: { access: [...OPERATIONS_READERS, R.operator] },
        schema: {
          summary: 'Indicator sightings in your scope, most recent first, without the internal host',
          tags: ['sightings'],
          querystring: PageQuery({ since: Type.Optional(Millis), organizationId: Type.Optional(Id) }),
          response: { 200: Page(SightingSchema) },
        },
      },
      async (req) => {
        const q = req.query;
        const actor = principalOf(req).actor;
        const scope = narrow(await orgScope(actor, deps.orgs), q.organizationId);
        const recipient = await recipientOfActor(actor, deps.orgs);
        const rows = await deps.sightings.list({
          limit: q.limit + 1,
          ...(q.since === undefined ? {} : { since: q.since }),
          ...(scope === undefined ? {} : { organizationIds: scope }),
          ...(q.cursor === undefined ? {} : { after: lastSeenCursor(q.cursor) }),
        });
        const p = pageOf(rows, q.limit, (s) => timeIdCursor(s.lastSeen, s.id));
        // The indicator is intelligence: outside the office it goes only where its markings allow.
        const items = recipient === undefined ? p.items : p.items.map((x) => deps.release.view(x, recipient, 'api-view'));
        return { items: items.map(sightingView), next: p.next };
      },
    );
    app.get<{ Querystring: { caseId?: string; purpose?: string; prefix?: string[]; from?: number; to?: number; limit: number; cursor?: string } }>(
      '/sightings/hosts',
      {
        config: { access: OPERATIONS_READERS },
        schema: {
          summary: 'Sightings with their internal hosts (personal data): needs a case, a purpose and prefixes inside the case scope; every read is audited',
          tags: ['sightings'],
          // Case, purpose, prefixes and window are checked by the access guard, not by input
          // validation, so a read without them is refused with an audit entry (and flagged without a case).
          querystring: Type.Object(
            {
              caseId: Type.Optional(Type.String({ maxLength: 200, description: 'the case the read serves' })),
              purpose: Type.Optional(Type.String({ maxLength: 64, description: `why the hosts are read: ${PURPOSES.join(', ')}` })),
              prefix: Type.Optional(Type.Array(PrefixText, { minItems: 1, maxItems: 64, description: 'host ranges the read reaches; each must lie in the case scope' })),
              from: Type.Optional(Millis),
              to: Type.Optional(Millis),
              ...PageParams,
            },
            { additionalProperties: false },
          ),
          response: { 200: Page(SightingWithHostSchema) },
        },
      },
      async (req) => {
        const q = req.query;
        const actor = principalOf(req).actor;
        let next: string | null = null;
        const items = await deps.guard.read(
          {
            actor,
            purpose: q.purpose,
            caseId: q.caseId,
            resource: 'sightings',
            prefixes: q.prefix ?? [],
            ...(q.from === undefined ? {} : { from: q.from }),
            ...(q.to === undefined ? {} : { to: q.to }),
          },
          async (granted) => {
            const all = (await deps.sightings.list({ limit: MAX_ROWS, since: granted.from })).filter((s) => {
              if (s.firstSeen > granted.to) return false;
              const w = parseAddress(s.host);
              return granted.prefixes.some((p) => prefixContains(p, w[0], w[1], w[2], w[3]));
            });
            const p = pageArray(all, q.limit, q.cursor, (s) => s.id);
            next = p.next;
            // The rows are shaped as answered here, so what the audit log counts is what the caller gets.
            return p.items.map((s) => ({ ...sightingView(s), host: s.host }));
          },
          (row) => ({ kind: 'ip', value: row.host }),
        );
        return { items, next };
      },
    );
  };
}
