/**
 * Coded reasons of release decisions. Codes are stable (logged, counted, shown to operators); the one
 * allowing reason is `ALLOWED`, every other one names the rule that denied.
 */

/** Every reason a release decision can give. */
export const RELEASE_REASONS = [
  'ALLOWED',
  /** A marking ref is neither built in nor a supplied custom definition (fails closed). */
  'UNKNOWN_MARKING',
  /** A group recipient with no members: releasing to nobody is refused rather than vacuously allowed. */
  'EMPTY_GROUP',
  /** TLP:GREEN goes to community members, never to the public. */
  'TLP_GREEN_NOT_PUBLIC',
  /** TLP:AMBER goes to the audience organisations and their clients only. */
  'TLP_AMBER_OUTSIDE_AUDIENCE',
  /** TLP:AMBER+STRICT goes to the audience organisations only (not their clients). */
  'TLP_AMBER_STRICT_OUTSIDE_AUDIENCE',
  /** TLP:RED goes to named individuals (role recipients) of the audience organisations only. */
  'TLP_RED_NOT_NAMED_INDIVIDUAL',
  /** TLP:RED travels over person-to-person channels only. */
  'TLP_RED_CHANNEL',
  /** MISP distribution 0: the producing organisation only. */
  'MISP_OWN_ORGANISATION_ONLY',
  /** MISP distribution 1 or 2: community members, never the public. */
  'MISP_COMMUNITY_NOT_PUBLIC',
  /** MISP distribution 4 with an empty sharing group reaches nobody (MISP issue 4200). */
  'MISP_SHARING_GROUP_EMPTY',
  /** MISP distribution 4: the recipient is not (entirely) in the sharing group. */
  'MISP_NOT_IN_SHARING_GROUP',
  /** MISP distribution 5 without the event's distribution to inherit. */
  'MISP_INHERIT_UNRESOLVED',
  /** A MISP distribution outside 0–5 (untrusted input that bypassed validation). */
  'MISP_DISTRIBUTION_INVALID',
  /** A granular marking selector cannot be parsed, so what it protects is unknown. */
  'INVALID_SELECTOR',
  /** A granular marking the recipient may not see covers a property the object cannot do without. */
  'REQUIRED_PROPERTY_MARKED',
  /** No release context was supplied for the object. */
  'NO_CONTEXT',
  /** A required reference points to an object the recipient may not see. */
  'REQUIRED_REF_WITHHELD',
  /** The object mentions the id of a withheld object outside any reference property. */
  'MENTIONS_WITHHELD_ID',
  /** Another version of the same id is withheld, so every version is. */
  'OTHER_VERSION_WITHHELD',
  /** A flow indicator from shared intelligence whose markings are no longer known (it left the matcher). */
  'INDICATOR_WITHDRAWN',
] as const;

/** One coded reason. */
export type ReleaseReason = (typeof RELEASE_REASONS)[number];

/** The answer of the release policy: allowed or not, and why. */
export interface ReleaseDecision {
  readonly allowed: boolean;
  readonly reason: ReleaseReason;
  /** The offending marking ref, for `UNKNOWN_MARKING`. */
  readonly ref?: string;
}

/** The allowing decision. */
export const ALLOWED: ReleaseDecision = Object.freeze({ allowed: true, reason: 'ALLOWED' });

/** A denying decision with `reason`. */
export function denied(reason: Exclude<ReleaseReason, 'ALLOWED'>, ref?: string): ReleaseDecision {
  return ref === undefined ? { allowed: false, reason } : { allowed: false, reason, ref };
}
