/**
 * Marking checks at ingest: every marking ref must resolve (else a coded error naming it), and an
 * object without a TLP marking gets the configured default, so stored objects always say how they may
 * travel — also to recipients downstream that apply their own default.
 */
import { ERR_DEFAULT_NOT_TLP, ERR_MARKING_UNKNOWN } from './errors.js';
import { markingRefsIn } from './filter-refs.js';
import { readGranularMarkings } from './granular-markings.js';
import { DEFAULT_RELEASE_POLICY, type ReleasePolicy } from './release-policy.js';
import type { StixObject } from './stix-object.js';

/** Every marking ref of an object: `object_marking_refs`, granular `marking_ref`s and any other `*_ref(s)` naming a marking definition. */
export function markingRefsOf(object: StixObject): string[] {
  const refs = new Set<string>();
  const raw: unknown = object.object_marking_refs;
  if (Array.isArray(raw)) for (const r of raw) refs.add(String(r));
  else if (raw !== undefined) refs.add(String(raw));
  for (const m of readGranularMarkings(object) ?? []) if (m.ref !== undefined) refs.add(m.ref);
  markingRefsIn(object, refs);
  return [...refs];
}

/**
 * Throws `SAKIMORI_ERR_STIX_MARKING_UNKNOWN` naming the first marking ref of `object` that is neither
 * built in nor among the policy's custom definitions.
 *
 * @example
 * ```ts
 * assertKnownMarkings(campaign); // throws: unknown marking marking-definition--5e57c739-…-7d15ca92d5ec
 * ```
 */
export function assertKnownMarkings(object: StixObject, policy: ReleasePolicy = DEFAULT_RELEASE_POLICY): void {
  for (const ref of markingRefsOf(object)) {
    if (policy.catalogue.resolve(ref).kind === 'unknown') throw new ERR_MARKING_UNKNOWN(ref, { details: { ref, object: object.id } });
  }
}

/**
 * Returns `object` with `defaultRef` added to its `object_marking_refs` when it carries no object-level
 * TLP marking (unchanged otherwise). Checks the markings first, like {@link assertKnownMarkings}.
 *
 * @example
 * ```ts
 * applyDefaultMarking({ type: 'indicator', id, … }, TLP2_IDS['amber+strict']); // object_marking_refs: [TLP2_IDS['amber+strict']]
 * ```
 */
export function applyDefaultMarking(object: StixObject, defaultRef: string, policy: ReleasePolicy = DEFAULT_RELEASE_POLICY): StixObject {
  assertKnownMarkings(object, policy);
  const resolved = policy.catalogue.resolve(defaultRef);
  if (resolved.kind !== 'tlp') throw new ERR_DEFAULT_NOT_TLP(defaultRef);
  const refs = Array.isArray(object.object_marking_refs) ? object.object_marking_refs : [];
  if (refs.some((r) => policy.catalogue.resolve(r).kind === 'tlp')) return object;
  return { ...object, object_marking_refs: [...refs, defaultRef] };
}
