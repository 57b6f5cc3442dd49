/**
 * What the office does with an incident report: open a case from it (the case cites the incident
 * as evidence, so a countermeasure requested in the case has it as grounds; the incident cites the
 * case back), and write its analysis back to the organisation — a STIX note in the organisation's
 * own collection, released only under a marking the organisation may receive (`intel/share`).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import Type from 'typebox';
import type { IncidentService } from '../../cooperation/incidents/index.js';
import { asId, type OrganizationId } from '../../core/ids.js';
import { shareAnalysis } from '../../intel/share/analysis-to-operator.js';
import type { Operations } from '../../operations/operations.js';
import type { OrganizationStore } from '../../registry/organization-store.js';
import { TLP_LEVELS, type TlpLevel } from '../../stix/marking/index.js';
import type { Database } from '../../storage/database.js';
import type { Clock } from '../../core/clock.js';
import { principalOf, R } from '../http/access.js';
import { IdParams } from '../http/schemas.js';

/** Dependencies of the office's incident routes. */
export interface IncidentOfficeDeps {
  readonly incidents: IncidentService;
  readonly operations: Operations;
  readonly orgs: Pick<OrganizationStore, 'get'>;
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  /** The office as STIX identity and as organisation id in release contexts. */
  readonly office: { readonly identity: { readonly id: string; readonly name: string }; readonly organization: string };
}

/** Route plugin of `/incidents/:id/case` and `/incidents/:id/analyses`. */
export function incidentOfficeRoutes(deps: IncidentOfficeDeps): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Params: { id: string }; Body: { title?: string } }>(
      '/incidents/:id/case',
      {
        config: { access: [R.analyst] },
        schema: {
          summary: 'Open a case from an incident: the case cites the incident as evidence, the incident cites the case',
          tags: ['cooperation'],
          params: IdParams,
          body: Type.Object({ title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }, { additionalProperties: false }),
          response: { 201: Type.Object({ caseId: Type.String() }, { additionalProperties: false }) },
        },
      },
      async (req, reply) => {
        const actor = principalOf(req).actor;
        const incident = await deps.incidents.get(actor, req.params.id);
        const c = await deps.operations.cases.open(actor, {
          title: req.body.title ?? incident.title.slice(0, 200),
          evidence: [{ kind: 'report', ref: `incident:${incident.id}`, note: `Incident reported under ${incident.regime} by organisation ${incident.organizationId}` }],
        });
        await deps.incidents.link(actor, incident.id, [{ kind: 'case', ref: c.case.id }]);
        return reply.status(201).send({ caseId: c.case.id });
      },
    );
    app.post<{ Params: { id: string }; Body: { title: string; text: string; tlp: TlpLevel } }>(
      '/incidents/:id/analyses',
      {
        config: { access: [R.analyst] },
        schema: {
          summary: 'Write the office’s analysis back to the organisation (its console inbox and TAXII), under a marking it may receive',
          tags: ['cooperation'],
          params: IdParams,
          body: Type.Object(
            {
              title: Type.String({ minLength: 1, maxLength: 200 }),
              text: Type.String({ minLength: 1, maxLength: 20_000 }),
              tlp: Type.Union(
                TLP_LEVELS.map((l) => Type.Literal(l)),
                { default: 'amber' },
              ),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Object({ noteId: Type.String(), collectionId: Type.String() }, { additionalProperties: false }) },
        },
      },
      async (req, reply) => {
        const actor = principalOf(req).actor;
        const incident = await deps.incidents.get(actor, req.params.id);
        const org = await deps.orgs.get(incident.organizationId);
        if (org === undefined) throw new Error(`organisation ${incident.organizationId} of incident ${incident.id} is gone`);
        const noteId = await shareAnalysis(
          { db: deps.db, office: deps.office.identity, officeOrganization: asId<OrganizationId>(deps.office.organization) },
          { organization: { id: org.id, name: org.name, sector: org.sector }, about: `incident:${incident.id}`, title: req.body.title, text: req.body.text, tlp: req.body.tlp },
          deps.clock.now(),
        );
        await deps.incidents.link(actor, incident.id, [{ kind: 'intel', ref: noteId }]);
        return reply.status(201).send({ noteId, collectionId: `analyses-${org.id}` });
      },
    );
  };
}
