/**
 * Conformance with the shared CPE vectors: bindings (URI ↔ WFN ↔ formatted string, NISTIR 7695)
 * and name matching (NISTIR 7696), every vector and every field of it.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeExternal, missingFixtures, sharedFixture } from '../../testing/external.js';
import { bindToFs, unbindFs } from './formatted-string.js';
import { compareWfns, isDisjoint, isEqual, isSubset, isSuperset } from './match.js';
import { bindToUri, unbindUri } from './uri.js';
import { CPE_ATTRIBUTES, type Wfn } from './wfn.js';

/** A binding vector; `uri_roundtrip` or `fs_roundtrip` is present, depending on which side the vector was written from. */
interface BindingVector {
  readonly fs: string;
  readonly uri: string;
  readonly wfn: Readonly<Record<string, string>>;
  readonly uri_roundtrip?: string;
  readonly fs_roundtrip?: string;
}

interface PairVector {
  readonly source: string;
  readonly target: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly is_disjoint: boolean;
  readonly is_equal: boolean;
  readonly is_subset: boolean;
  readonly is_superset: boolean;
  readonly why: string;
}

// Read when a test runs, not when the suite is collected: a skipped suite (no ../shared) still collects.
let loaded: { bindings: BindingVector[]; pairs: PairVector[] } | undefined;
const vectors = (): { bindings: BindingVector[]; pairs: PairVector[] } =>
  (loaded ??= JSON.parse(readFileSync(sharedFixture('vuln', 'cpe', 'cpe-match-and-binding-vectors.json'), 'utf8')) as { bindings: BindingVector[]; pairs: PairVector[] });

/**
 * The vectors' WFN notation: ANY, NA or the quoted value string. Vectors unbound from a URI without
 * a packed edition list only the seven URI attributes; NISTIR 7695 §5.2 makes the others ANY.
 */
function notation(wfn: Wfn): Record<string, string> {
  return Object.fromEntries(CPE_ATTRIBUTES.map((a) => [a, wfn[a].kind === 'string' ? wfn[a].value : wfn[a].kind.toUpperCase()]));
}
const complete = (w: Readonly<Record<string, string>>): Record<string, string> => Object.fromEntries(CPE_ATTRIBUTES.map((a) => [a, w[a] ?? 'ANY']));

/** What differs between the vector and this implementation, as readable lines (empty when it conforms). */
function bindingMismatches(v: BindingVector): string[] {
  const out: string[] = [];
  const expected = JSON.stringify(complete(v.wfn));
  const fromUri = unbindUri(v.uri);
  const fromFs = unbindFs(v.fs);
  if (!fromUri.ok) out.push(`unbindUri(${v.uri}): ${fromUri.error.message}`);
  else if (JSON.stringify(notation(fromUri.value)) !== expected) out.push(`unbindUri(${v.uri}) = ${JSON.stringify(notation(fromUri.value))}`);
  if (!fromFs.ok) return [...out, `unbindFs(${v.fs}): ${fromFs.error.message}`];
  if (JSON.stringify(notation(fromFs.value)) !== expected) out.push(`unbindFs(${v.fs}) = ${JSON.stringify(notation(fromFs.value))}`);
  if (bindToFs(fromFs.value) !== (v.fs_roundtrip ?? v.fs)) out.push(`bindToFs(unbindFs(${v.fs})) = ${bindToFs(fromFs.value)}`);
  if (bindToUri(fromFs.value) !== (v.uri_roundtrip ?? v.uri)) out.push(`bindToUri(unbindFs(${v.fs})) = ${bindToUri(fromFs.value)}`);
  if (fromUri.ok) {
    if (bindToFs(fromUri.value) !== v.fs) out.push(`bindToFs(unbindUri(${v.uri})) = ${bindToFs(fromUri.value)}`);
    if (bindToUri(fromUri.value) !== (v.uri_roundtrip ?? v.uri)) out.push(`bindToUri(unbindUri(${v.uri})) = ${bindToUri(fromUri.value)}`);
  }
  return out;
}

function pairMismatches(p: PairVector): string[] {
  const source = unbindFs(p.source);
  const target = unbindFs(p.target);
  if (!source.ok || !target.ok) return [`${p.source} / ${p.target}: does not unbind`];
  const got = {
    attributes: compareWfns(source.value, target.value),
    is_disjoint: isDisjoint(source.value, target.value),
    is_equal: isEqual(source.value, target.value),
    is_subset: isSubset(source.value, target.value),
    is_superset: isSuperset(source.value, target.value),
  };
  const want = { attributes: complete(p.attributes), is_disjoint: p.is_disjoint, is_equal: p.is_equal, is_subset: p.is_subset, is_superset: p.is_superset };
  return JSON.stringify(got) === JSON.stringify(want) ? [] : [`${p.source} vs ${p.target} (${p.why}): ${JSON.stringify(got)}`];
}

describeExternal('vulns/cpe: NISTIR 7695 binding vectors', missingFixtures(), () => {
  it('has the 573 binding vectors', () => {
    expect(vectors().bindings).toHaveLength(573);
  });

  it('conforms on 573/573: URI → WFN, formatted string → WFN, WFN → formatted string, WFN → URI', () => {
    const { bindings } = vectors();
    const mismatches = bindings.flatMap(bindingMismatches);
    expect(mismatches).toEqual([]);
    expect(bindings.filter((v) => bindingMismatches(v).length === 0)).toHaveLength(573);
  });
});

describeExternal('vulns/cpe: NISTIR 7696 matching vectors', missingFixtures(), () => {
  it('has the 718 name pairs', () => {
    expect(vectors().pairs).toHaveLength(718);
  });

  it('conforms on 718/718: every attribute relation and the four name relations', () => {
    const { pairs } = vectors();
    const mismatches = pairs.flatMap(pairMismatches);
    expect(mismatches).toEqual([]);
    expect(pairs.filter((p) => pairMismatches(p).length === 0)).toHaveLength(718);
  });
});
