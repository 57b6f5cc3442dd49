/**
 * Releases a set of STIX objects to one recipient over one channel without leaking ids.
 *
 * Security invariant (enforced here): no released object mentions — in a reference or anywhere else
 * in its JSON — the id of an object of the set that is withheld (OpenCTI issues 7348 and 6745 leaked
 * PAP:RED ids through `object_refs`). References to ids outside the set survive only when the caller
 * says that id was already released to this recipient. Withholding one object can withhold others
 * (a relationship whose target is withheld), so the filter runs to a fixpoint. Released objects keep
 * their `object_marking_refs` and the marking definitions they reference are released with them
 * (MISP issue 2623 lost object TLP in export). If any version of an id is withheld, every version is.
 */
import { filterRefs, markingRefsIn } from './filter-refs.js';
import type { Channel, Recipient } from './recipient.js';
import { redactObject } from './redact-object.js';
import type { ReleaseContext } from './release-context.js';
import { DEFAULT_RELEASE_POLICY, type ReleasePolicy } from './release-policy.js';
import type { ReleaseReason } from './release-reason.js';
import type { StixObject } from './stix-object.js';

/** Options of {@link releaseBundle}. */
export interface ReleaseBundleOptions {
  readonly policy?: ReleasePolicy;
  /** True when an id outside the set was already released to this recipient; default: none was. */
  readonly alreadyReleased?: (id: string) => boolean;
}

/** The outcome: what goes out (marking definitions first) and what stays, with reasons. */
export interface BundleRelease {
  readonly released: StixObject[];
  readonly withheld: { readonly id: string; readonly reason: Exclude<ReleaseReason, 'ALLOWED'> }[];
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

function uuidOf(id: string): string {
  return id.slice(id.lastIndexOf('--') + 2).toLowerCase();
}

/** True when the JSON of `object` contains the uuid of any withheld id (compared by uuid: over-withholding is safe). */
function mentionsAny(object: StixObject, withheldUuids: ReadonlySet<string>): boolean {
  if (withheldUuids.size === 0) return false;
  for (const m of JSON.stringify(object).toLowerCase().matchAll(UUID)) if (withheldUuids.has(m[0])) return true;
  return false;
}

/**
 * Releases `objects` to `recipient` over `channel`: each is decided by the release policy and
 * redacted for granular markings, then references to withheld objects are removed to a fixpoint.
 * Marking-definition objects in the input are not released themselves: the definitions released
 * objects reference are taken from the policy's catalogue (a bundle cannot redefine TLP).
 *
 * @example
 * ```ts
 * const { released, withheld } = releaseBundle(objects, contexts, partner, 'taxii', { alreadyReleased: (id) => seen.has(id) });
 * ```
 */
export function releaseBundle(
  objects: readonly StixObject[],
  contexts: ReadonlyMap<string, ReleaseContext> | ((object: StixObject) => ReleaseContext | undefined),
  recipient: Recipient,
  channel: Channel,
  options: ReleaseBundleOptions = {},
): BundleRelease {
  const policy = options.policy ?? DEFAULT_RELEASE_POLICY;
  const alreadyReleased = options.alreadyReleased ?? (() => false);
  const contextOf = typeof contexts === 'function' ? contexts : (o: StixObject) => contexts.get(o.id);
  const withheld: { id: string; reason: Exclude<ReleaseReason, 'ALLOWED'> }[] = [];
  const candidates = new Map<number, StixObject>();
  const inSet = new Set<string>();
  objects.forEach((object, i) => {
    if (object.type === 'marking-definition') return;
    inSet.add(object.id);
    const context = contextOf(object);
    if (context === undefined) return withheld.push({ id: object.id, reason: 'NO_CONTEXT' });
    const r = redactObject(object, context, recipient, channel, policy);
    if (r.allowed) candidates.set(i, r.object);
    else withheld.push({ id: object.id, reason: r.reason });
  });
  const withholdVersions = (): void => {
    const out = new Set(withheld.map((w) => w.id));
    for (const [i, o] of candidates) {
      if (!out.has(o.id)) continue;
      candidates.delete(i);
      withheld.push({ id: o.id, reason: 'OTHER_VERSION_WITHHELD' });
    }
  };
  withholdVersions();
  const final = new Map<number, StixObject>();
  for (let changed = true; changed; ) {
    changed = false;
    const releasedIds = new Set([...candidates.values()].map((o) => o.id));
    const withheldUuids = new Set([...inSet].filter((id) => !releasedIds.has(id)).map(uuidOf));
    const visible = (ref: string): boolean =>
      ref.startsWith('marking-definition--') ? markingReleasable(ref, policy, withheldUuids) : releasedIds.has(ref) || (!inSet.has(ref) && alreadyReleased(ref));
    final.clear();
    for (const [i, o] of candidates) {
      const filtered = filterRefs(o, visible);
      const reason = filtered === undefined ? 'REQUIRED_REF_WITHHELD' : mentionsAny(filtered, withheldUuids) ? 'MENTIONS_WITHHELD_ID' : undefined;
      if (reason === undefined && filtered !== undefined) final.set(i, filtered);
      else if (reason !== undefined) {
        candidates.delete(i);
        withheld.push({ id: o.id, reason });
        changed = true;
      }
    }
    if (changed) withholdVersions();
  }
  const markingIds = new Set<string>();
  for (const o of final.values()) markingRefsIn(o, markingIds);
  const definitions = [...markingIds].sort().map((ref) => policy.catalogue.resolve(ref));
  const released: StixObject[] = definitions.flatMap((d) => (d.kind === 'unknown' ? [] : [stripRefs(d.definition)]));
  for (const i of [...final.keys()].sort((a, b) => a - b)) released.push(final.get(i) as StixObject);
  return { released, withheld };
}

/** A marking definition goes out without references of its own (its creator identity may be withheld). */
function stripRefs(definition: StixObject): StixObject {
  return filterRefs(definition, (ref) => ref.startsWith('marking-definition--')) ?? definition;
}

/** True when the definition of `ref` is known and its text does not mention a withheld object. */
function markingReleasable(ref: string, policy: ReleasePolicy, withheldUuids: ReadonlySet<string>): boolean {
  const resolved = policy.catalogue.resolve(ref);
  return resolved.kind !== 'unknown' && !mentionsAny(stripRefs(resolved.definition), withheldUuids);
}
