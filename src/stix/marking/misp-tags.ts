/**
 * MISP machine tags of the TLP and PAP taxonomies (MISP/misp-taxonomies `tlp`, `PAP`) mapped to the
 * marking definitions. MISP compares tag names case-insensitively, so `TLP:Amber+Strict` is
 * `tlp:amber+strict`.
 *
 * Security invariant (enforced here): a tag in the `tlp` or `PAP` namespace whose value is not a known
 * level is `unknown`, never "not a marking" — otherwise a misspelt `tlp:redd` would leave the object
 * unmarked and releasable at the default level.
 */
import { ERR_MARKING_UNKNOWN } from './errors.js';
import { BUILT_IN_CATALOGUE, type MarkingCatalogue, parsePapValue, parseTlpValue } from './marking-catalogue.js';
import { PAP_IDS } from './pap-definitions.js';
import { TLP2_IDS } from './tlp-definitions.js';

/** What a MISP tag means for markings. */
export type MispTagMarking =
  | { readonly kind: 'marking'; readonly ref: string }
  /** `tlp:ex:chr` (Chatham House Rule): a handling rule on attribution, not a sharing level. */
  | { readonly kind: 'not-a-level' }
  /** A `tlp:` or `PAP:` tag with a value that is no known level (`tlp:unclear`, `tlp:redd`). */
  | { readonly kind: 'unknown' }
  /** A tag of another namespace. */
  | { readonly kind: 'not-a-marking' };

/**
 * Maps one MISP tag to a marking: `tlp:clear|white|green|amber|amber+strict|red` to the TLP 2.0
 * definitions (white to CLEAR) and `PAP:CLEAR|WHITE|GREEN|AMBER|RED` to Sakimori's PAP definitions.
 *
 * @example
 * ```ts
 * markingFromMispTag('TLP:Amber+Strict'); // { kind: 'marking', ref: TLP2_IDS['amber+strict'] }
 * markingFromMispTag('pap:white'); // { kind: 'marking', ref: PAP_IDS.clear }
 * markingFromMispTag('tlp:unclear'); // { kind: 'unknown' }
 * ```
 */
export function markingFromMispTag(tag: string): MispTagMarking {
  const colon = tag.indexOf(':');
  if (colon < 0) return { kind: 'not-a-marking' };
  const namespace = tag.slice(0, colon).trim().toLowerCase();
  const value = tag
    .slice(colon + 1)
    .trim()
    .replace(/^"(.*)"$/, '$1');
  if (namespace === 'tlp') {
    if (value.toLowerCase() === 'ex:chr') return { kind: 'not-a-level' };
    const level = parseTlpValue(value);
    return level === undefined ? { kind: 'unknown' } : { kind: 'marking', ref: TLP2_IDS[level] };
  }
  if (namespace === 'pap') {
    const level = parsePapValue(value);
    return level === undefined ? { kind: 'unknown' } : { kind: 'marking', ref: PAP_IDS[level] };
  }
  return { kind: 'not-a-marking' };
}

/**
 * The marking refs of a MISP tag list (deduplicated, in order); throws
 * `SAKIMORI_ERR_STIX_MARKING_UNKNOWN` naming the first `tlp:`/`PAP:` tag that is no known level.
 *
 * @example
 * ```ts
 * markingRefsFromMispTags(['tlp:white', 'PAP:RED', 'osint:source-type="blog-post"']); // [TLP2_IDS.clear, PAP_IDS.red]
 * ```
 */
export function markingRefsFromMispTags(tags: readonly string[]): string[] {
  const refs: string[] = [];
  for (const tag of tags) {
    const m = markingFromMispTag(tag);
    if (m.kind === 'unknown') throw new ERR_MARKING_UNKNOWN(tag, { details: { tag } });
    if (m.kind === 'marking' && !refs.includes(m.ref)) refs.push(m.ref);
  }
  return refs;
}

/**
 * The MISP tag of a marking ref, for exports to MISP that must keep the marking (MISP issue 2623 lost
 * object TLP in export): `tlp:<level>` with TLP 2.0 names (TLP 1.0 WHITE becomes `tlp:clear`),
 * `PAP:<LEVEL>`; `undefined` for statements and unknown refs.
 *
 * @example
 * ```ts
 * mispTagOf(TLP1_IDS.white); // 'tlp:clear'
 * mispTagOf(PAP_IDS.amber); // 'PAP:AMBER'
 * ```
 */
export function mispTagOf(ref: string, catalogue: MarkingCatalogue = BUILT_IN_CATALOGUE): string | undefined {
  const resolved = catalogue.resolve(ref);
  if (resolved.kind === 'tlp') return `tlp:${resolved.level}`;
  if (resolved.kind === 'pap') return `PAP:${resolved.level.toUpperCase()}`;
  return undefined;
}
