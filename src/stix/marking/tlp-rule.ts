/**
 * TLP 2.0 as FIRST defines it (https://www.first.org/tlp/), applied to one recipient over one channel.
 *
 * Security invariant (enforced here, for every exchange): CLEAR reaches anyone; GREEN reaches members
 * of the community, never the public; AMBER reaches the audience organisations and their clients;
 * AMBER+STRICT the audience organisations only; RED only named individuals of the audience
 * organisations and only over person-to-person channels. A group receives only when every member
 * would; an empty group receives nothing.
 */
import type { OrganizationId } from '../../core/ids.js';
import { type Channel, isCommunityMember, isPersonToPersonChannel, type Recipient } from './recipient.js';
import type { ReleaseContext } from './release-context.js';
import type { ReleaseReason } from './release-reason.js';
import type { TlpLevel } from './tlp-level.js';

function inAudience(context: ReleaseContext, org: OrganizationId): boolean {
  return context.audience.includes(org);
}

/** AMBER: the audience organisations and their clients (a client of an organisation outside it does not count). */
function amberReaches(context: ReleaseContext, recipient: Recipient): boolean {
  switch (recipient.kind) {
    case 'organisation':
      return inAudience(context, recipient.organisationId) || (recipient.clientOf !== undefined && inAudience(context, recipient.clientOf));
    case 'role':
      return inAudience(context, recipient.organisationId);
    case 'group':
      return recipient.memberOrganisationIds.length > 0 && recipient.memberOrganisationIds.every((o) => inAudience(context, o));
    case 'public':
      return false;
  }
}

/** AMBER+STRICT: the audience organisations themselves. */
function amberStrictReaches(context: ReleaseContext, recipient: Recipient): boolean {
  switch (recipient.kind) {
    case 'organisation':
    case 'role':
      return inAudience(context, recipient.organisationId);
    case 'group':
      return recipient.memberOrganisationIds.length > 0 && recipient.memberOrganisationIds.every((o) => inAudience(context, o));
    case 'public':
      return false;
  }
}

/**
 * The TLP verdict for `level`: `ALLOWED` or the denying reason.
 *
 * @example
 * ```ts
 * tlpVerdict('red', ctx, { kind: 'role', role: 'nco_analyst', organisationId: asId('nco') }, 'taxii'); // 'TLP_RED_CHANNEL'
 * ```
 */
export function tlpVerdict(level: TlpLevel, context: ReleaseContext, recipient: Recipient, channel: Channel): ReleaseReason {
  switch (level) {
    case 'clear':
      return 'ALLOWED';
    case 'green':
      return isCommunityMember(recipient) ? 'ALLOWED' : 'TLP_GREEN_NOT_PUBLIC';
    case 'amber':
      return amberReaches(context, recipient) ? 'ALLOWED' : 'TLP_AMBER_OUTSIDE_AUDIENCE';
    case 'amber+strict':
      return amberStrictReaches(context, recipient) ? 'ALLOWED' : 'TLP_AMBER_STRICT_OUTSIDE_AUDIENCE';
    case 'red':
      if (recipient.kind !== 'role' || !inAudience(context, recipient.organisationId)) return 'TLP_RED_NOT_NAMED_INDIVIDUAL';
      return isPersonToPersonChannel(channel) ? 'ALLOWED' : 'TLP_RED_CHANNEL';
  }
}
