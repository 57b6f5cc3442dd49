/**
 * The one release decision of Sakimori: may this object (or this field of it) go to this recipient
 * over this channel? Every exchange — TAXII, MISP feeds, exports, events, webhooks, views — asks here.
 *
 * Security invariant (enforced here): an object is released only when (1) every marking ref on it
 * resolves — an unknown ref denies; (2) the most restrictive of its TLP markings (or the policy's
 * default when it has none) allows the recipient over the channel; and (3) its MISP distribution
 * allows the recipient. Each step can only narrow; nothing widens a denial.
 */
import { granularTlp } from './granular-tlp.js';
import { mispVerdict } from './misp-distribution-rule.js';
import type { Channel, Recipient } from './recipient.js';
import type { ReleaseContext } from './release-context.js';
import { DEFAULT_RELEASE_POLICY, type ReleasePolicy } from './release-policy.js';
import { ALLOWED, denied, type ReleaseDecision } from './release-reason.js';
import { parseSelector } from './selector.js';
import type { StixObject } from './stix-object.js';
import { tlpVerdict } from './tlp-rule.js';
import { mostRestrictiveTlp, type TlpLevel } from './tlp-level.js';

/** The TLP level that governs the whole object, or the first unknown marking ref on it. */
export type ObjectTlp = { readonly kind: 'level'; readonly level: TlpLevel; readonly defaulted: boolean } | { readonly kind: 'unknown'; readonly ref: string };

/**
 * The object-level TLP of `object`: the most restrictive TLP among `object_marking_refs`, or the
 * policy's default when none is a TLP marking.
 */
export function objectTlp(object: StixObject, policy: ReleasePolicy = DEFAULT_RELEASE_POLICY): ObjectTlp {
  const raw: unknown = object.object_marking_refs;
  if (raw !== undefined && !Array.isArray(raw)) return { kind: 'unknown', ref: String(raw) };
  const levels: TlpLevel[] = [];
  for (const ref of (raw ?? []) as unknown[]) {
    const resolved = typeof ref === 'string' ? policy.catalogue.resolve(ref) : ({ kind: 'unknown', ref: String(ref) } as const);
    if (resolved.kind === 'unknown') return resolved;
    if (resolved.kind === 'tlp') levels.push(resolved.level);
  }
  const level = mostRestrictiveTlp(levels);
  return level === undefined ? { kind: 'level', level: policy.defaultTlp, defaulted: true } : { kind: 'level', level, defaulted: false };
}

/** The decision for a TLP level and the context's MISP distribution, in that order. */
export function decideLevel(level: TlpLevel, context: ReleaseContext, recipient: Recipient, channel: Channel): ReleaseDecision {
  const tlp = tlpVerdict(level, context, recipient, channel);
  if (tlp !== 'ALLOWED') return denied(tlp);
  const misp = mispVerdict(context, recipient);
  return misp === 'ALLOWED' ? ALLOWED : denied(misp);
}

/**
 * Decides whether `object` may be released, as a whole, to `recipient` over `channel`.
 *
 * @example
 * ```ts
 * const ctx = { producer: asId('nco'), audience: [asId('bank-a')], distribution: 1 } as const;
 * mayRelease({ type: 'indicator', id, object_marking_refs: [TLP2_IDS.amber] }, ctx, { kind: 'organisation', organisationId: asId('bank-a'), sector: 'finance' }, 'taxii');
 * // { allowed: true, reason: 'ALLOWED' }
 * mayRelease({ type: 'indicator', id, object_marking_refs: [TLP2_IDS.green] }, ctx, { kind: 'public' }, 'file-export');
 * // { allowed: false, reason: 'TLP_GREEN_NOT_PUBLIC' }
 * ```
 */
export function mayRelease(object: StixObject, context: ReleaseContext, recipient: Recipient, channel: Channel, policy: ReleasePolicy = DEFAULT_RELEASE_POLICY): ReleaseDecision {
  if (recipient.kind === 'group' && recipient.memberOrganisationIds.length === 0) return denied('EMPTY_GROUP');
  const tlp = objectTlp(object, policy);
  if (tlp.kind === 'unknown') return denied('UNKNOWN_MARKING', tlp.ref);
  return decideLevel(tlp.level, context, recipient, channel);
}

/**
 * Decides whether the content `selector` selects (with everything inside it) may be released: the
 * object must be releasable, and every granular marking on that content, on an ancestor of it or on
 * anything inside it must allow the recipient too.
 *
 * @example
 * ```ts
 * mayReleaseField(indicator, ctx, partner, 'taxii', 'description'); // { allowed: false, reason: 'TLP_RED_NOT_NAMED_INDIVIDUAL' }
 * ```
 */
export function mayReleaseField(
  object: StixObject,
  context: ReleaseContext,
  recipient: Recipient,
  channel: Channel,
  selector: string,
  policy: ReleasePolicy = DEFAULT_RELEASE_POLICY,
): ReleaseDecision {
  const whole = mayRelease(object, context, recipient, channel, policy);
  if (!whole.allowed) return whole;
  const path = parseSelector(selector);
  if (path === undefined) return denied('INVALID_SELECTOR');
  const level = granularTlp(object, path, policy);
  if (level.kind === 'invalid') return denied('INVALID_SELECTOR');
  if (level.kind === 'unknown') return denied('UNKNOWN_MARKING', level.ref);
  return level.level === undefined ? ALLOWED : decideLevel(level.level, context, recipient, channel);
}
