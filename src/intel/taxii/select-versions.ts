/**
 * The TAXII filter semantics (TAXII 2.1 §3.4.2), in one place so every backend answers alike:
 * `match[id]`, `match[type]`, `match[spec_version]` and `added_after` select candidate versions,
 * then `match[version]` picks among each object's candidates.
 */
import type { ObjectFilter, StoredVersion, VersionMatch } from './backend.js';
import { comparePosition } from './stored-version.js';

const LAST: readonly VersionMatch[] = [{ kind: 'last' }];
const ALL: readonly VersionMatch[] = [{ kind: 'all' }];

/**
 * The versions `filter` selects out of all versions of a collection, in (`date_added`, sequence)
 * order. Without `match[spec_version]` only each object's latest spec version counts; without
 * `match[version]` the latest version (`last`), or every version when `forDelete`.
 */
export function selectVersions(all: readonly StoredVersion[], filter: ObjectFilter, forDelete = false): StoredVersion[] {
  const latestSpec = filter.specVersions === undefined ? latestSpecVersions(all) : undefined;
  const byObject = new Map<string, StoredVersion[]>();
  for (const v of all) {
    if (filter.ids !== undefined && !filter.ids.includes(v.id)) continue;
    if (filter.types !== undefined && !filter.types.includes(v.type)) continue;
    if (filter.specVersions !== undefined ? !filter.specVersions.includes(v.specVersion) : latestSpec?.get(v.id) !== v.specVersion) continue;
    if (filter.addedAfter !== undefined && v.dateAdded <= filter.addedAfter) continue;
    const list = byObject.get(v.id);
    if (list === undefined) byObject.set(v.id, [v]);
    else list.push(v);
  }
  const matches = filter.versions ?? (forDelete ? ALL : LAST);
  const out: StoredVersion[] = [];
  for (const versions of byObject.values()) out.push(...pick(versions, matches));
  return out.sort(comparePosition);
}

function pick(versions: readonly StoredVersion[], matches: readonly VersionMatch[]): StoredVersion[] {
  if (matches.some((m) => m.kind === 'all')) return [...versions];
  const chosen = new Set<StoredVersion>();
  for (const m of matches) {
    if (m.kind === 'at') {
      for (const v of versions) if (v.version === m.version) chosen.add(v);
      continue;
    }
    const later = m.kind === 'last';
    let best: StoredVersion | undefined;
    for (const v of versions) if (best === undefined || (later ? v.version > best.version : v.version < best.version)) best = v;
    if (best !== undefined) chosen.add(best);
  }
  return [...chosen];
}

function latestSpecVersions(all: readonly StoredVersion[]): Map<string, string> {
  const latest = new Map<string, string>();
  for (const v of all) {
    const seen = latest.get(v.id);
    if (seen === undefined || compareSpec(v.specVersion, seen) > 0) latest.set(v.id, v.specVersion);
  }
  return latest;
}

function compareSpec(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}
