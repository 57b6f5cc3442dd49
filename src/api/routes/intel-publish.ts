/**
 * Publishing attacks as intelligence, and the campaigns across organisations (NCO analysts only):
 * - `GET /intel/campaigns`: attacks on two or more organisations by largely the same sources,
 *   grouped (something neither MISP nor OpenCTI can see: they have no flows);
 * - `POST /intel/publish`: an attack's sources as a STIX bundle into chosen organisations'
 *   inboxes under a chosen TLP (and PAP), pseudonymised per recipient when asked; read by the
 *   recipients over TAXII and in the console, through the release policy.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import type { AttackPublisher, PublishRequest } from '../../intel/attack-intel/publisher.js';
import { principalOf, R } from '../http/access.js';
import { Id, Millis } from '../http/schemas.js';

const CampaignSchema = Type.Object(
  {
    id: Type.String(),
    attackIds: Type.Array(Type.String()),
    organizationIds: Type.Array(Type.String()),
    sharedSources: Type.Integer({ description: 'sources seen in attacks on two or more of its organisations' }),
    firstSeen: Millis,
    lastSeen: Millis,
  },
  { additionalProperties: false },
);

const PublishBody = Type.Object(
  {
    attackId: Id,
    recipients: Type.Array(Id, { minItems: 1, maxItems: 100, description: 'organisation ids' }),
    tlp: Type.Union([Type.Literal('clear'), Type.Literal('green'), Type.Literal('amber'), Type.Literal('amber+strict'), Type.Literal('red')], {
      description: 'TLP of every published object (TLP:RED is refused: collections are read over TAXII)',
    }),
    pap: Type.Optional(Type.Union([Type.Literal('clear'), Type.Literal('green'), Type.Literal('amber'), Type.Literal('red')])),
    pseudonymise: Type.Optional(Type.Boolean({ description: "replace source addresses with each recipient's Crypto-PAn pseudonyms" })),
  },
  { additionalProperties: false },
);

const PublishResultSchema = Type.Object(
  {
    attackId: Type.String(),
    campaignId: Type.Union([Type.String(), Type.Null()]),
    deliveries: Type.Array(Type.Object({ organizationId: Type.String(), collectionId: Type.String(), objects: Type.Integer(), pseudonymised: Type.Boolean() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

/** Route plugin of `/intel/campaigns` and `/intel/publish`. */
export function intelPublishRoutes(deps: { publisher: AttackPublisher }): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/intel/campaigns',
      {
        config: { access: [R.analyst] },
        schema: { summary: 'Campaigns: attacks on several organisations by shared sources (the last week)', tags: ['intel'], response: { 200: Type.Object({ items: Type.Array(CampaignSchema) }) } },
      },
      async () => ({ items: (await deps.publisher.campaigns()).map((c) => ({ ...c, sharedSources: c.sharedSources.length })) }),
    );
    app.post<{ Body: PublishRequest }>(
      '/intel/publish',
      {
        config: { access: [R.analyst] },
        schema: { summary: "Publish an attack's sources as STIX intel to organisations' inboxes", tags: ['intel'], body: PublishBody, response: { 200: PublishResultSchema } },
      },
      async (req) => {
        const actor = principalOf(req).actor;
        return deps.publisher.publish({ kind: 'user', id: actor.userId, role: R.analyst }, req.body);
      },
    );
  };
}
