/**
 * What the release policy needs to know about an object beyond its markings: who produced it, whom it
 * concerns, and how MISP would distribute it.
 */
import type { OrganizationId } from '../../core/ids.js';

/**
 * MISP distribution levels: 0 your organisation only, 1 this community only, 2 connected communities,
 * 3 all communities, 4 a sharing group, 5 inherit the event's distribution.
 */
export type MispDistribution = 0 | 1 | 2 | 3 | 4 | 5;

/** The release context of one object. */
export interface ReleaseContext {
  /** The organisation that produced (owns) the object. */
  readonly producer: OrganizationId;
  /** The organisations the object concerns or was addressed to: the TLP:AMBER and TLP:RED audience. */
  readonly audience: readonly OrganizationId[];
  /** MISP distribution of the object. */
  readonly distribution: MispDistribution;
  /** Member organisations of the sharing group, when `distribution` is 4. */
  readonly sharingGroupMembers?: readonly OrganizationId[];
  /** The event's distribution (and sharing group), used when `distribution` is 5; absent, 5 reaches nobody. */
  readonly inherited?: { readonly distribution: Exclude<MispDistribution, 5>; readonly sharingGroupMembers?: readonly OrganizationId[] };
}
