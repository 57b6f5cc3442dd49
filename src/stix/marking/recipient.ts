/**
 * Who receives released intelligence, and over which channel. The release policy decides on these
 * types alone, so every exchange (TAXII, MISP feed, exports, events, webhooks, views) asks the same
 * question the same way.
 */
import type { OrganizationId } from '../../core/ids.js';
import type { Role } from '../../core/roles.js';
import type { Sector } from '../../core/sectors.js';

/**
 * A recipient: an organisation (optionally a client of another), a partner group of organisations, a
 * named person identified by role within an organisation, or the public. The sector is carried for
 * the caller's audit and audience building; TLP itself does not depend on it.
 *
 * @example
 * ```ts
 * const analyst: Recipient = { kind: 'role', role: 'nco_analyst', organisationId: asId('nco') };
 * const bankClient: Recipient = { kind: 'organisation', organisationId: asId('it-vendor'), sector: 'finance', clientOf: asId('bank-a') };
 * ```
 */
export type Recipient =
  | { readonly kind: 'organisation'; readonly organisationId: OrganizationId; readonly sector: Sector; readonly clientOf?: OrganizationId }
  | { readonly kind: 'group'; readonly groupId: string; readonly memberOrganisationIds: readonly OrganizationId[] }
  | { readonly kind: 'role'; readonly role: Role; readonly organisationId: OrganizationId }
  | { readonly kind: 'public' };

/** Every channel over which Sakimori releases intelligence. */
export const CHANNELS = ['taxii', 'misp-feed', 'file-export', 'bundle-export', 'event-jsonl', 'webhook', 'exec', 'api-view', 'sse', 'notice'] as const;

/** One release channel. */
export type Channel = (typeof CHANNELS)[number];

/**
 * Channels that deliver to one named person: a view in the console or API, its live updates, and a
 * notice addressed to a person. TLP:RED may travel over these only — never over a feed, a TAXII
 * collection, an export, a webhook or a program run by `exec`, which anyone with access may forward.
 */
export const PERSON_TO_PERSON_CHANNELS: readonly Channel[] = ['api-view', 'sse', 'notice'];

/** True when `channel` delivers to one named person (see {@link PERSON_TO_PERSON_CHANNELS}). */
export function isPersonToPersonChannel(channel: Channel): boolean {
  return PERSON_TO_PERSON_CHANNELS.includes(channel);
}

/**
 * True for a member of the community (an organisation, a partner group or a named person), false for
 * the public — and for anything else that reaches here untyped, so that an unexpected recipient kind
 * fails closed.
 */
export function isCommunityMember(recipient: Recipient): boolean {
  return recipient.kind === 'organisation' || recipient.kind === 'group' || recipient.kind === 'role';
}

/** The organisations a recipient reaches: one for an organisation or a role, the members for a group. */
export function recipientOrganisations(recipient: Recipient): readonly OrganizationId[] {
  switch (recipient.kind) {
    case 'organisation':
    case 'role':
      return [recipient.organisationId];
    case 'group':
      return recipient.memberOrganisationIds;
    case 'public':
      return [];
  }
}
