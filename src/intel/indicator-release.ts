/**
 * What the release policy needs to decide whether a flow indicator compiled from a STIX indicator
 * may be shown to someone: the STIX object it came from, the object's TLP level and its release
 * context (producer, audience, MISP distribution). Indicators from files and the CLI carry none:
 * they are the office's own configuration, not shared intelligence.
 *
 * Pure: no I/O.
 */
import type { ReleaseContext, TlpLevel } from '../stix/marking/index.js';

/** The release facts of a flow indicator compiled from a STIX indicator. */
export interface IndicatorRelease {
  /** The STIX indicator the flow indicator was compiled from. */
  readonly stixId: string;
  /** Its object-level TLP; `null` when a marking on it is unknown (nobody outside the office may see it). */
  readonly level: TlpLevel | null;
  readonly context: ReleaseContext;
  /** Equal for equal releases: lets a refresh keep an unchanged indicator as it is. */
  readonly digest: string;
}

/** Builds an {@link IndicatorRelease} with its digest. */
export function indicatorRelease(stixId: string, level: TlpLevel | null, context: ReleaseContext): IndicatorRelease {
  const audience = [...new Set(context.audience)].sort();
  const digest = JSON.stringify([stixId, level, context.producer, audience, context.distribution, context.sharingGroupMembers ?? null, context.inherited ?? null]);
  return { stixId, level, context: { ...context, audience }, digest };
}
