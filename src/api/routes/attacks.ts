/**
 * Attack routes: the list (newest first, cursor pages), one attack with its timeline, and its
 * attacker list as JSON or CSV — live from the detector while the attack runs, from storage after.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import type { AttackerEntry } from '../../detection/attack.js';
import { formatAttackersCsv } from '../../detection/attackers-format.js';
import type { AttackStore } from '../../detection/store/attack-store.js';

const ListQuery = Type.Object(
  {
    state: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('ended')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    from: Type.Optional(Type.Integer({ minimum: 0 })),
    to: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9A-Za-z_-]{1,64}$' }) }, { additionalProperties: false });
const AttackersQuery = Type.Object(
  { format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 10000 })) },
  { additionalProperties: false },
);

/** Route plugin over stored and live attacks. */
export function attacksRoutes(deps: { store: AttackStore; detector?: { attackers(id: string): readonly AttackerEntry[] | undefined } }): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: { state?: 'active' | 'ended'; limit?: number; cursor?: string; from?: number; to?: number } }>('/attacks', { schema: { querystring: ListQuery } }, async (req) => {
      const q = req.query;
      return deps.store.list({
        ...(q.state === undefined ? {} : { state: q.state }),
        ...(q.limit === undefined ? {} : { limit: q.limit }),
        ...(q.cursor === undefined ? {} : { cursor: q.cursor }),
        ...(q.from === undefined ? {} : { from: q.from }),
        ...(q.to === undefined ? {} : { to: q.to }),
      });
    });
    app.get<{ Params: { id: string } }>('/attacks/:id', { schema: { params: IdParams } }, async (req) => {
      const attack = await deps.store.get(req.params.id);
      return { ...attack, timeline: await deps.store.timeline(req.params.id) };
    });
    app.get<{ Params: { id: string }; Querystring: { format?: 'json' | 'csv'; limit?: number } }>(
      '/attacks/:id/attackers',
      { schema: { params: IdParams, querystring: AttackersQuery } },
      async (req, reply) => {
        const attack = await deps.store.get(req.params.id);
        const limit = req.query.limit ?? 10000;
        const live = attack.state === 'active' ? deps.detector?.attackers(attack.id) : undefined;
        const list = live !== undefined ? live.slice(0, limit) : await deps.store.sources(attack.id, limit);
        if (req.query.format === 'csv') {
          void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="attackers-${attack.id}.csv"`);
          return formatAttackersCsv(list);
        }
        return { attackId: attack.id, state: attack.state, items: list };
      },
    );
  };
}
