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
const MARKING_PREFIX = 'marking-definition--';

type Withheld = { id: string; reason: Exclude<ReleaseReason, 'ALLOWED'> };

function uuidOf(id: string): string {
  return id.slice(id.lastIndexOf('--') + 2).toLowerCase();
}

/** Every uuid in the JSON of `value`, lower case. */
function uuidsIn(value: unknown): Set<string> {
  return new Set(Array.from(JSON.stringify(value).toLowerCase().matchAll(UUID), (m) => m[0]));
}

// A uuid with whatever id-like text precedes it; the greedy prefix stops where a whole uuid still fits.
const MENTION = /([a-z0-9-]*)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/g;

/**
 * True when the JSON of `value` mentions a withheld object: contains its uuid anywhere (free text,
 * upper case, a bare uuid, a custom property), except as part of the exact id of an object the
 * recipient may see (ids of different types may share a uuid, as deterministic SCO ids can).
 */
function mentionsAny(value: unknown, withheldUuids: ReadonlySet<string>, released: (id: string) => boolean): boolean {
  if (withheldUuids.size === 0) return false;
  const json = JSON.stringify(value).toLowerCase();
  if (!Array.from(json.matchAll(UUID), (m) => m[0]).some((u) => withheldUuids.has(u))) return false;
  for (const [, prefix = '', uuid = ''] of json.matchAll(MENTION)) {
    if (!withheldUuids.has(uuid)) continue;
    const type = /(?:^|[^a-z0-9])?([a-z][a-z0-9-]*?)--$/.exec(prefix)?.[1];
    if (type === undefined || !released(`${type}--${uuid}`)) return true;
  }
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
  const contextOf = typeof contexts === 'function' ? contexts : (o: StixObject) => contexts.get(o.id);
  const withheld: Withheld[] = [];
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
  const definitionOf = releasedDefinitions(policy);
  const final = fixpoint(candidates, inSet, withheld, definitionOf, options.alreadyReleased ?? (() => false));
  const markingIds = new Set<string>();
  for (const o of final.values()) markingRefsIn(o, markingIds);
  const released: StixObject[] = [...markingIds].sort().flatMap((ref) => definitionOf(ref)?.definition ?? []);
  for (const i of [...final.keys()].sort((a, b) => a - b)) released.push(final.get(i) as StixObject);
  return { released, withheld };
}

/**
 * Filters the references of every candidate until nothing changes. A worklist keeps it linear: when
 * an id is withheld, only the candidates that mention its uuid (directly or through the text of a
 * marking definition they reference) are looked at again.
 */
function fixpoint(
  candidates: Map<number, StixObject>,
  inSet: ReadonlySet<string>,
  withheld: Withheld[],
  definitionOf: (ref: string) => ReleasedDefinition | undefined,
  alreadyReleased: (id: string) => boolean,
): Map<number, StixObject> {
  const { versions, mentionedBy, uuidsOf } = indexCandidates(candidates, definitionOf);
  const withheldIds = new Set<string>();
  const withheldUuids = new Set<string>();
  const queue: number[] = [...candidates.keys()];
  const withhold = (id: string): void => {
    if (withheldIds.has(id)) return;
    for (const i of versions.get(id) ?? []) {
      if (candidates.delete(i)) withheld.push({ id, reason: 'OTHER_VERSION_WITHHELD' });
    }
    withheldIds.add(id);
    withheldUuids.add(uuidOf(id));
    for (const i of mentionedBy.get(uuidOf(id)) ?? []) queue.push(i);
  };
  // Every id of the set that is not a candidate has a withheld version; its other versions go too.
  for (const { id } of [...withheld]) withhold(id);
  // `released` never recurses into marking definitions (a definition may mention its own id).
  const released = (id: string): boolean => (id.startsWith(MARKING_PREFIX) ? definitionOf(id) !== undefined : inSet.has(id) ? !withheldIds.has(id) : alreadyReleased(id));
  // A marking definition whose text mentions a withheld object cannot go out, nor what it marks.
  const visible = (ref: string): boolean => {
    if (!ref.startsWith(MARKING_PREFIX)) return released(ref);
    const d = definitionOf(ref);
    return d !== undefined && !([...d.uuids].some((u) => withheldUuids.has(u)) && mentionsAny(d.definition, withheldUuids, released));
  };
  // Filtering only removes content, so an object whose uuids include no withheld one mentions none.
  const touchesWithheld = (i: number): boolean => [...(uuidsOf.get(i) ?? [])].some((u) => withheldUuids.has(u));
  const final = new Map<number, StixObject>();
  for (let k = 0; k < queue.length; k++) {
    const i = queue[k] as number;
    const o = candidates.get(i);
    if (o === undefined) continue;
    const filtered = filterRefs(o, visible);
    const reason = filtered === undefined ? 'REQUIRED_REF_WITHHELD' : touchesWithheld(i) && mentionsAny(filtered, withheldUuids, released) ? 'MENTIONS_WITHHELD_ID' : undefined;
    if (reason === undefined) {
      final.set(i, filtered as StixObject);
      continue;
    }
    candidates.delete(i);
    final.delete(i);
    withheld.push({ id: o.id, reason });
    withhold(o.id);
  }
  for (const i of [...final.keys()]) if (!candidates.has(i)) final.delete(i);
  return final;
}

/** Where each id's versions are, which candidates mention each uuid, and the uuids each candidate mentions. */
function indexCandidates(candidates: ReadonlyMap<number, StixObject>, definitionOf: (ref: string) => ReleasedDefinition | undefined) {
  const versions = new Map<string, number[]>();
  const mentionedBy = new Map<string, number[]>();
  const uuidsOf = new Map<number, Set<string>>();
  for (const [i, o] of candidates) {
    push(versions, o.id, i);
    const uuids = uuidsIn(o);
    for (const ref of markingRefsIn(o)) for (const u of definitionOf(ref)?.uuids ?? []) uuids.add(u);
    for (const u of uuids) push(mentionedBy, u, i);
    uuidsOf.set(i, uuids);
  }
  return { versions, mentionedBy, uuidsOf };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** A marking definition as released: without references of its own (its creator may be withheld), with the uuids it mentions. */
interface ReleasedDefinition {
  readonly definition: StixObject;
  readonly uuids: ReadonlySet<string>;
}

/** Looks up released marking definitions from the policy's catalogue, computing each once. */
function releasedDefinitions(policy: ReleasePolicy): (ref: string) => ReleasedDefinition | undefined {
  const cache = new Map<string, ReleasedDefinition | undefined>();
  return (ref) => {
    if (cache.has(ref)) return cache.get(ref);
    const resolved = policy.catalogue.resolve(ref);
    const definition = resolved.kind === 'unknown' ? undefined : filterRefs(resolved.definition, (r) => r.startsWith(MARKING_PREFIX));
    const d = definition === undefined ? undefined : { definition, uuids: uuidsIn(definition) };
    cache.set(ref, d);
    return d;
  };
}
