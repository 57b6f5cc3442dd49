/**
 * MISP distribution and sharing groups, applied after TLP: they can only narrow who receives.
 *
 * Security invariant (enforced here): distribution 0 reaches the producing organisation only; 1 and 2
 * reach community members, never the public; 3 reaches anyone TLP allows; 4 reaches the sharing
 * group's members only, and an empty sharing group reaches nobody (MISP issue 4200); 5 takes the
 * event's distribution and, without one, reaches nobody.
 */
import type { OrganizationId } from '../../core/ids.js';
import { isCommunityMember, recipientOrganisations, type Recipient } from './recipient.js';
import type { ReleaseContext } from './release-context.js';
import type { ReleaseReason } from './release-reason.js';

function onlyOrganisations(allowed: readonly OrganizationId[], recipient: Recipient): boolean {
  if (!isCommunityMember(recipient)) return false;
  const orgs = recipientOrganisations(recipient);
  return orgs.length > 0 && orgs.every((o) => allowed.includes(o));
}

/**
 * The MISP distribution verdict: `ALLOWED` or the denying reason.
 *
 * @example
 * ```ts
 * mispVerdict({ producer, audience: [], distribution: 4, sharingGroupMembers: [] }, recipient); // 'MISP_SHARING_GROUP_EMPTY'
 * ```
 */
export function mispVerdict(context: ReleaseContext, recipient: Recipient): ReleaseReason {
  let distribution = context.distribution;
  let members = context.sharingGroupMembers;
  if (distribution === 5) {
    if (context.inherited === undefined) return 'MISP_INHERIT_UNRESOLVED';
    distribution = context.inherited.distribution;
    members = context.inherited.sharingGroupMembers;
  }
  switch (distribution) {
    case 0:
      return onlyOrganisations([context.producer], recipient) ? 'ALLOWED' : 'MISP_OWN_ORGANISATION_ONLY';
    case 1:
    case 2:
      return isCommunityMember(recipient) ? 'ALLOWED' : 'MISP_COMMUNITY_NOT_PUBLIC';
    case 3:
      return 'ALLOWED';
    case 4:
      if (members === undefined || members.length === 0) return 'MISP_SHARING_GROUP_EMPTY';
      return onlyOrganisations(members, recipient) ? 'ALLOWED' : 'MISP_NOT_IN_SHARING_GROUP';
    default:
      return 'MISP_DISTRIBUTION_INVALID';
  }
}
