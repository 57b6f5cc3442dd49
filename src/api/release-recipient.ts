/**
 * Who a caller of the console or the API is for the release policy, where what it reads may carry
 * markings: nobody to decide for (`undefined`) for the national roles, which see everything in
 * scope as the office does; otherwise its organisation (an operator reporter's), or — for a sector
 * regulator without one — an organisation of its own that no TLP:AMBER audience names.
 */
import { asId, type OrganizationId } from '../core/ids.js';
import type { Actor } from '../core/roles.js';
import type { Recipient } from '../stix/marking/index.js';
import type { OrganizationStore } from '../registry/organization-store.js';
import { orgScope } from './scope.js';

/** The recipient `actor` is, or `undefined` for the national roles (no release decision needed). */
export async function recipientOfActor(actor: Actor, orgs: OrganizationStore): Promise<Recipient | undefined> {
  if ((await orgScope(actor, orgs)) === undefined) return undefined;
  if (actor.organizationId !== undefined) {
    const org = await orgs.get(actor.organizationId);
    if (org !== undefined) return { kind: 'organisation', organisationId: asId<OrganizationId>(org.id), sector: org.sector };
  }
  if (actor.sector !== undefined) return { kind: 'organisation', organisationId: asId<OrganizationId>(`user:${actor.userId}`), sector: actor.sector };
  // Nobody the policy can name: a group with no member receives nothing marked.
  return { kind: 'group', groupId: 'none', memberOrganisationIds: [] };
}
