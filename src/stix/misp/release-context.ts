/**
 * MISP distribution and sharing groups as the marking module's {@link ReleaseContext}, so the one
 * release policy decides what leaves. Organisations are identified by their MISP uuid.
 *
 * Security invariants (enforced here): a distribution 5 item inherits the event's distribution and
 * sharing group; a sharing group that is unknown, or has no member, yields an empty member list, which
 * the policy treats as reaching nobody; an event without a distribution is treated as 0 (own
 * organisation only), never as public.
 */
import { asId, type OrganizationId } from '../../core/ids.js';
import type { MispDistribution, ReleaseContext } from '../marking/index.js';
import { asList, asObject, DEFAULT_MISP_LIMITS, type MispLimits, optStr, str, uuid } from './json-reader.js';
import type { MispEvent, MispOrganisation, MispSharingGroup } from './misp-event.js';

/**
 * Parses one sharing group as MISP's API returns it (`{SharingGroup, Organisation, SharingGroupOrg}`):
 * its members are the organisations of `SharingGroupOrg`.
 *
 * @example
 * ```ts
 * parseSharingGroup(json).members.map((o) => o.uuid); // ['55f6ea5e-…', '56bf12a7-…']
 * ```
 */
export function parseSharingGroup(input: unknown, path = '$', limits: MispLimits = DEFAULT_MISP_LIMITS): MispSharingGroup {
  const root = asObject(input, path);
  const group = root.SharingGroup === undefined ? root : asObject(root.SharingGroup, `${path}.SharingGroup`);
  const groupPath = root.SharingGroup === undefined ? path : `${path}.SharingGroup`;
  // The API lists members beside the group; an event embeds them inside it.
  const listPath = root.SharingGroupOrg === undefined ? `${groupPath}.SharingGroupOrg` : `${path}.SharingGroupOrg`;
  const members: MispOrganisation[] = asList(root.SharingGroupOrg ?? group.SharingGroupOrg, listPath, limits).map((m, i) => {
    const p = `${listPath}[${i}].Organisation`;
    const org = asObject(asObject(m, `${listPath}[${i}]`).Organisation, p);
    return { uuid: uuid(org, 'uuid', p), name: str(org, 'name', p) };
  });
  const id = optStr(group, 'id', groupPath);
  const groupUuid = group.uuid === undefined ? undefined : uuid(group, 'uuid', groupPath);
  return { name: str(group, 'name', groupPath), members, ...(id === undefined ? {} : { id }), ...(groupUuid === undefined ? {} : { uuid: groupUuid }) };
}

/** What {@link mispReleaseContext} needs beyond the item and its event. */
export interface MispReleaseOptions {
  /** Sharing groups by MISP id (`sharing_group_id`); the event's embedded group is used when absent here. */
  readonly sharingGroups: ReadonlyMap<string, MispSharingGroup>;
  /** The TLP:AMBER/RED audience (organisation uuids); default none. */
  readonly audience?: readonly string[];
}

const orgIds = (group: MispSharingGroup | undefined): OrganizationId[] => (group?.members ?? []).map((m) => asId<OrganizationId>(m.uuid));

/**
 * The release context of an event, attribute or object: producer is the event's creating organisation
 * (Orgc), distribution and sharing group are the item's, and distribution 5 inherits the event's.
 *
 * @example
 * ```ts
 * const context = mispReleaseContext(attribute, event, { sharingGroups: new Map([['1', group]]) });
 * mayRelease(object, context, recipient, DEFAULT_RELEASE_POLICY);
 * ```
 */
export function mispReleaseContext(item: { readonly distribution?: MispDistribution; readonly sharingGroupId?: string }, event: MispEvent, options: MispReleaseOptions): ReleaseContext {
  const eventDistribution = event.distribution ?? 0;
  const eventGroup = eventDistribution === 4 ? (options.sharingGroups.get(event.sharingGroupId ?? '') ?? event.sharingGroup) : undefined;
  const distribution = item.distribution ?? 5;
  const producer = asId<OrganizationId>(event.orgc?.uuid ?? event.org?.uuid ?? '');
  const audience = (options.audience ?? []).map((a) => asId<OrganizationId>(a));
  const inherited = eventDistribution === 4 ? { distribution: eventDistribution, sharingGroupMembers: orgIds(eventGroup) } : { distribution: eventDistribution };
  if (distribution === 4) return { producer, audience, distribution, sharingGroupMembers: orgIds(options.sharingGroups.get(item.sharingGroupId ?? '')), inherited };
  return { producer, audience, distribution, inherited };
}
