/**
 * Markings and the one release policy of Sakimori: TLP 2.0 (and TLP 1.0 on input), PAP and statement
 * marking definitions, MISP TLP/PAP tags, the release decision for objects and fields, redaction of
 * granular markings, leak-free bundle release, and the PAP gate for network countermeasures.
 *
 * @example
 * ```ts
 * import { mayRelease, releaseBundle, TLP2_IDS } from '../stix/marking/index.js';
 *
 * const ctx = { producer: asId('nco'), audience: [asId('bank-a')], distribution: 1 } as const;
 * mayRelease(indicator, ctx, { kind: 'public' }, 'file-export'); // { allowed: false, reason: 'TLP_GREEN_NOT_PUBLIC' }
 * const { released, withheld } = releaseBundle(objects, contexts, partner, 'taxii');
 * ```
 */
export { ERR_DEFAULT_NOT_TLP, ERR_MARKING_UNKNOWN, ERR_PAP_FORBIDS_ACTION, PapForbidsActionError } from './errors.js';
export { filterRefs } from './filter-refs.js';
export { applyDefaultMarking, assertKnownMarkings, markingRefsOf } from './ingest-markings.js';
export { BUILT_IN_CATALOGUE, createMarkingCatalogue, isBuiltInMarking, type MarkingCatalogue, type ResolvedMarking } from './marking-catalogue.js';
export { decideLevel, mayRelease, mayReleaseField, type ObjectTlp, objectTlp } from './may-release.js';
export { mispVerdict } from './misp-distribution-rule.js';
export { markingFromMispTag, markingRefsFromMispTags, type MispTagMarking, mispTagOf } from './misp-tags.js';
export { assertPapAllowsNetworkAction, NETWORK_ACTIONS, type NetworkAction, papAllowsNetworkAction, type PapVerdict, papVerdict } from './pap.js';
export { PAP_DEFINITIONS, PAP_ID_NAMESPACE, PAP_IDS, PAP_LEVELS, type PapLevel } from './pap-definitions.js';
export { CHANNELS, type Channel, isCommunityMember, isPersonToPersonChannel, PERSON_TO_PERSON_CHANNELS, type Recipient } from './recipient.js';
export { type RedactionResult, redactObject } from './redact-object.js';
export { type BundleRelease, type ReleaseBundleOptions, releaseBundle } from './release-bundle.js';
export type { MispDistribution, ReleaseContext } from './release-context.js';
export { createReleasePolicy, DEFAULT_RELEASE_POLICY, type ReleasePolicy, type ReleasePolicyOptions } from './release-policy.js';
export { ALLOWED, denied, RELEASE_REASONS, type ReleaseDecision, type ReleaseReason } from './release-reason.js';
export { parseSelector, type PathSegment } from './selector.js';
export type { GranularMarking, MarkingDefinition, StixObject } from './stix-object.js';
export { TLP1_DEFINITIONS, TLP1_IDS, TLP1_TO_TLP2, TLP2_DEFINITIONS, TLP2_EXTENSION_ID, TLP2_IDS, type Tlp1Colour } from './tlp-definitions.js';
export { mostRestrictiveTlp, TLP_LEVELS, type TlpLevel } from './tlp-level.js';
export { tlpVerdict } from './tlp-rule.js';
