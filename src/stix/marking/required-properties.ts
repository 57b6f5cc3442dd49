/**
 * Properties an object cannot do without (STIX 2.1 §4–§6 "required" columns). Redaction never removes
 * one: when a granular marking the recipient may not see covers one, the whole object is withheld.
 */

/** Kept on every object: identity, versioning and the markings themselves (MISP issue 2623 lost them). */
export const ALWAYS_KEPT: readonly string[] = ['type', 'id', 'spec_version', 'created', 'modified', 'object_marking_refs', 'granular_markings'];

const NAMED = ['name'];

/** Type-specific required properties (besides the common ones in {@link ALWAYS_KEPT}). */
const REQUIRED_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  'attack-pattern': NAMED,
  campaign: NAMED,
  'course-of-action': NAMED,
  grouping: ['context', 'object_refs'],
  identity: NAMED,
  indicator: ['pattern', 'pattern_type', 'valid_from'],
  infrastructure: NAMED,
  'intrusion-set': NAMED,
  malware: ['is_family'],
  'malware-analysis': ['product'],
  note: ['content', 'object_refs'],
  'observed-data': ['first_observed', 'last_observed', 'number_observed'],
  opinion: ['opinion', 'object_refs'],
  report: ['name', 'published', 'object_refs'],
  'threat-actor': NAMED,
  tool: NAMED,
  vulnerability: NAMED,
  relationship: ['relationship_type', 'source_ref', 'target_ref'],
  sighting: ['sighting_of_ref'],
  'marking-definition': ['created'],
  'autonomous-system': ['number'],
  directory: ['path'],
  'domain-name': ['value'],
  'email-addr': ['value'],
  'email-message': ['is_multipart'],
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'mac-addr': ['value'],
  mutex: NAMED,
  'network-traffic': ['protocols'],
  software: NAMED,
  url: ['value'],
};

/**
 * The top-level properties of an object of `type` that redaction must not remove.
 *
 * @example
 * ```ts
 * requiredProperties('relationship'); // ['type', 'id', …, 'relationship_type', 'source_ref', 'target_ref']
 * ```
 */
export function requiredProperties(type: string): readonly string[] {
  return [...ALWAYS_KEPT, ...(REQUIRED_BY_TYPE[type] ?? [])];
}
