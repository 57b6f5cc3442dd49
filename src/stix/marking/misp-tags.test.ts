import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { describeExternal, missingFixtures, sharedFixture } from '../../testing/external.js';
import { markingFromMispTag, markingRefsFromMispTags, mispTagOf, PAP_IDS, TLP1_IDS, TLP2_IDS } from './index.js';

interface Taxonomy {
  readonly namespace: string;
  readonly predicates: readonly { readonly value: string }[];
}

const readTaxonomy = (name: string): Taxonomy => JSON.parse(readFileSync(sharedFixture('misp', 'taxonomies', name), 'utf8')) as Taxonomy;

describeExternal('MISP taxonomies (MISP/misp-taxonomies tlp, PAP)', missingFixtures(), () => {
  // What each published predicate means here; `ex:chr` is a handling rule, `unclear` no level.
  const tlpExpected: Record<string, string> = {
    red: TLP2_IDS.red,
    amber: TLP2_IDS.amber,
    'amber+strict': TLP2_IDS['amber+strict'],
    green: TLP2_IDS.green,
    white: TLP2_IDS.clear,
    clear: TLP2_IDS.clear,
    'ex:chr': 'not-a-level',
    unclear: 'unknown',
  };
  const papExpected: Record<string, string> = { RED: PAP_IDS.red, AMBER: PAP_IDS.amber, GREEN: PAP_IDS.green, CLEAR: PAP_IDS.clear, WHITE: PAP_IDS.clear };
  const meaning = (tag: string) => {
    const m = markingFromMispTag(tag);
    return m.kind === 'marking' ? m.ref : m.kind;
  };

  it('maps every TLP predicate of the taxonomy, in every case MISP accepts', () => {
    const tlp = readTaxonomy('tlp.json');
    expect(tlp.predicates.map((p) => p.value).sort()).toEqual(Object.keys(tlpExpected).sort());
    for (const p of tlp.predicates) {
      for (const tag of [`${tlp.namespace}:${p.value}`, `TLP:${p.value.toUpperCase()}`, `Tlp:${p.value}`]) expect([tag, meaning(tag)]).toEqual([tag, tlpExpected[p.value]]);
    }
  });

  it('maps every PAP predicate of the taxonomy, in every case MISP accepts', () => {
    const pap = readTaxonomy('pap.json');
    expect(pap.predicates.map((p) => p.value).sort()).toEqual(Object.keys(papExpected).sort());
    for (const p of pap.predicates) {
      for (const tag of [`${pap.namespace}:${p.value}`, `pap:${p.value.toLowerCase()}`, `Pap:${p.value}`]) expect([tag, meaning(tag)]).toEqual([tag, papExpected[p.value]]);
    }
  });
});

describe('markingRefsFromMispTags', () => {
  it('keeps the marking tags, deduplicated, and ignores other namespaces', () => {
    expect(markingRefsFromMispTags(['tlp:white', 'TLP:CLEAR', 'PAP:RED', 'osint:source-type="blog-post"', 'misp-galaxy:threat-actor="MirrorFace"'])).toEqual([TLP2_IDS.clear, PAP_IDS.red]);
  });

  it('refuses a tag of the tlp namespace that is no level, naming it', () => {
    let error: unknown;
    try {
      markingRefsFromMispTags(['tlp:green', 'tlp:redd']);
    } catch (e) {
      error = e;
    }
    expect(isSakimoriError(error, 'SAKIMORI_ERR_STIX_MARKING_UNKNOWN')).toBe(true);
    expect((error as Error).message).toContain('tlp:redd');
  });

  it('reads the quoted machine-tag form and surrounding blanks', () => {
    expect(markingRefsFromMispTags(['tlp:"amber+strict"', ' tlp : red '])).toEqual([TLP2_IDS['amber+strict'], TLP2_IDS.red]);
  });
});

describe('mispTagOf', () => {
  it('round-trips every TLP and PAP level through its MISP tag', () => {
    for (const ref of [...Object.values(TLP2_IDS), ...Object.values(PAP_IDS)]) expect(markingRefsFromMispTags([mispTagOf(ref) as string])).toEqual([ref]);
    expect([TLP1_IDS.white, TLP1_IDS.red].map((r) => mispTagOf(r))).toEqual(['tlp:clear', 'tlp:red']);
    expect(mispTagOf('marking-definition--00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });
});
