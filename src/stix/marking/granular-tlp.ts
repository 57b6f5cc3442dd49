/**
 * The TLP level granular markings put on one piece of content: the most restrictive TLP among the
 * granular markings whose selectors overlap it (select it, an ancestor of it or something inside it).
 */
import { readGranularMarkings } from './granular-markings.js';
import type { ReleasePolicy } from './release-policy.js';
import { pathsOverlap, type PathSegment } from './selector.js';
import type { StixObject } from './stix-object.js';
import { mostRestrictiveTlp, type TlpLevel } from './tlp-level.js';

/** Granular TLP of some content: a level (undefined when no granular TLP covers it), a malformed list, or an unknown ref. */
export type GranularTlp = { readonly kind: 'level'; readonly level: TlpLevel | undefined } | { readonly kind: 'invalid' } | { readonly kind: 'unknown'; readonly ref: string };

/** The granular TLP on the content at `path` of `object`. */
export function granularTlp(object: StixObject, path: readonly PathSegment[], policy: ReleasePolicy): GranularTlp {
  const markings = readGranularMarkings(object);
  if (markings === undefined) return { kind: 'invalid' };
  const levels: TlpLevel[] = [];
  for (const m of markings) {
    if (m.ref === undefined || !m.paths.some((p) => pathsOverlap(p, path))) continue;
    const resolved = policy.catalogue.resolve(m.ref);
    if (resolved.kind === 'unknown') return { kind: 'unknown', ref: m.ref };
    if (resolved.kind === 'tlp') levels.push(resolved.level);
  }
  return { kind: 'level', level: mostRestrictiveTlp(levels) };
}
