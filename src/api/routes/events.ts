/**
 * `GET /events`: the console's live feed as Server-Sent Events — attacks as they start, update
 * (every second) and end, infected hosts, sightings and the operations steps — each filtered by
 * the caller's roles and scope (see `live/event-hub.ts`).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { OrganizationStore } from '../../registry/organization-store.js';
import { principalOf, TRAFFIC_READERS } from '../http/access.js';
import type { EventHub } from '../live/event-hub.js';
import { openEventStream } from '../live/sse.js';
import { recipientOfActor } from '../release-recipient.js';
import { orgScope } from '../scope.js';

const SCOPE_REFRESH_MS = 30_000;

/** Route plugin of `/events`. */
export function eventsRoutes(deps: { hub: EventHub; orgs: OrganizationStore }): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/events',
      {
        config: { access: TRAFFIC_READERS },
        schema: {
          summary: 'Server-Sent Events: attack.started|updated|ended, host.infected, sighting.new|updated, operations.* — filtered by your roles and scope',
          tags: ['live'],
          produces: 'text/event-stream',
        },
      },
      async (req, reply) => {
        const actor = principalOf(req).actor;
        const scope = await orgScope(actor, deps.orgs);
        const recipient = await recipientOfActor(actor, deps.orgs);
        const stream = openEventStream(req, reply);
        const client = { roles: actor.roles, scope, recipient, send: (event: string, data: unknown) => stream.send(event, data) };
        const remove = deps.hub.add(client);
        const refresh = setInterval(
          () =>
            void orgScope(actor, deps.orgs).then(
              (s) => (client.scope = s),
              () => undefined,
            ),
          SCOPE_REFRESH_MS,
        );
        refresh.unref();
        stream.onClose(() => {
          clearInterval(refresh);
          remove();
        });
      },
    );
  };
}
