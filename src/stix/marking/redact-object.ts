/**
 * Field-level release: removes the content whose granular markings the recipient may not see.
 *
 * Security invariant (enforced here): a released object contains no content covered by a granular
 * marking that denies the recipient, and no granular marking whose selector points at removed content
 * (selectors into lists are renumbered after elements are removed). If a denied marking covers a
 * property the object cannot do without (its id, its markings, a required property), or a selector is
 * malformed, the whole object is withheld instead. Object-level markings are checked first and apply to
 * the whole object.
 */
import { readGranularMarkings } from './granular-markings.js';
import { mayRelease } from './may-release.js';
import type { Channel, Recipient } from './recipient.js';
import type { ReleaseContext } from './release-context.js';
import { DEFAULT_RELEASE_POLICY, type ReleasePolicy } from './release-policy.js';
import type { ReleaseReason } from './release-reason.js';
import { ALWAYS_KEPT, requiredProperties } from './required-properties.js';
import { formatSelector, type PathSegment } from './selector.js';
import { isJsonObject, type StixObject } from './stix-object.js';
import { tlpVerdict } from './tlp-rule.js';

/** Outcome of {@link redactObject}: the object as the recipient may see it, or why it is withheld. */
export type RedactionResult =
  | { readonly allowed: true; readonly object: StixObject; readonly removed: readonly string[] }
  | { readonly allowed: false; readonly reason: Exclude<ReleaseReason, 'ALLOWED'>; readonly ref?: string };

const REMOVED = Symbol('removed');

/** Copies `value` without the denied paths, recording where each kept path ends up. */
function prune(value: unknown, path: PathSegment[], newPath: PathSegment[], deniedKeys: ReadonlySet<string>, moved: Map<string, string>): unknown {
  const key = formatSelector(path);
  if (path.length > 0) {
    if (deniedKeys.has(key)) return REMOVED;
    moved.set(key, formatSelector(newPath));
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    value.forEach((v, i) => {
      const r = prune(v, [...path, i], [...newPath, out.length], deniedKeys, moved);
      if (r !== REMOVED) out.push(r);
    });
    // STIX lists must not be empty: a list emptied by redaction goes as a whole.
    if (out.length === 0 && value.length > 0) {
      moved.delete(key);
      return REMOVED;
    }
    return out;
  }
  if (isJsonObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = prune(v, [...path, k], [...newPath, k], deniedKeys, moved);
      if (r !== REMOVED) out[k] = r;
    }
    return out;
  }
  return value;
}

/**
 * Returns `object` with every field the recipient may not see removed, or the reason it is withheld.
 *
 * @example
 * ```ts
 * // description marked TLP:RED by a granular marking, a partner organisation over TAXII:
 * redactObject(indicator, ctx, partner, 'taxii');
 * // { allowed: true, object: { …without description… }, removed: ['description'] }
 * ```
 */
export function redactObject(object: StixObject, context: ReleaseContext, recipient: Recipient, channel: Channel, policy: ReleasePolicy = DEFAULT_RELEASE_POLICY): RedactionResult {
  const whole = mayRelease(object, context, recipient, channel, policy);
  if (whole.reason !== 'ALLOWED') return whole.ref === undefined ? { allowed: false, reason: whole.reason } : { allowed: false, reason: whole.reason, ref: whole.ref };
  const markings = readGranularMarkings(object);
  if (markings === undefined) return { allowed: false, reason: 'INVALID_SELECTOR' };
  const deniedKeys = new Set<string>();
  for (const m of markings) {
    if (m.ref === undefined) continue;
    const resolved = policy.catalogue.resolve(m.ref);
    // An unknown granular marking denies what it covers (fails closed); statements and PAP do not limit sharing.
    const deny = resolved.kind === 'unknown' || (resolved.kind === 'tlp' && tlpVerdict(resolved.level, context, recipient, channel) !== 'ALLOWED');
    if (deny) for (const p of m.paths) deniedKeys.add(formatSelector(p));
  }
  if (deniedKeys.size === 0) return { allowed: true, object, removed: [] };
  const required = requiredProperties(object.type);
  for (const key of deniedKeys) {
    const top = key.split('.')[0] ?? '';
    if (ALWAYS_KEPT.includes(top) || (required.includes(top) && top === key)) return { allowed: false, reason: 'REQUIRED_PROPERTY_MARKED' };
  }
  const moved = new Map<string, string>();
  const pruned = prune(object, [], [], deniedKeys, moved) as Record<string, unknown>;
  if (required.some((p) => p in object && !(p in pruned))) return { allowed: false, reason: 'REQUIRED_PROPERTY_MARKED' };
  const kept = markings
    .map((m) => ({ m, selectors: m.paths.map((p) => moved.get(formatSelector(p))).filter((s): s is string => s !== undefined) }))
    .filter(({ selectors }) => selectors.length > 0)
    .map(({ m, selectors }) => (m.ref === undefined ? { lang: m.lang as string, selectors } : { marking_ref: m.ref, selectors }));
  if (kept.length > 0) pruned.granular_markings = kept;
  else delete pruned.granular_markings;
  const removed = [...deniedKeys].filter((k) => !moved.has(k) && hasPath(object, k));
  return { allowed: true, object: pruned as StixObject, removed };
}

/** True when the content at selector `key` exists in `object`. */
function hasPath(object: StixObject, key: string): boolean {
  let node: unknown = object;
  for (const step of key.split('.')) {
    const index = /^\[(\d+)\]$/.exec(step);
    if (index !== null) node = Array.isArray(node) ? node[Number(index[1])] : undefined;
    else node = isJsonObject(node) ? node[step] : undefined;
    if (node === undefined) return false;
  }
  return true;
}
