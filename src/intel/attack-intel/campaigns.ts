/**
 * Campaigns across organisations: attacks on different organisations whose sources largely
 * coincide are one campaign. Two attacks are linked when they share at least `minShared` sources
 * and those are at least `minOverlap` of the smaller attack's sources, and they lie within
 * `windowMs` of each other; a campaign is a connected group of linked attacks that reaches at least
 * two organisations. Neither MISP nor OpenCTI can see this: they have no flows.
 *
 * Pure: no I/O. Pairs are counted through an index of sources, so the cost follows the number of
 * shared (source, attack) pairs rather than the square of the number of attacks.
 */

/** An attack with its sources, as grouping needs it. */
export interface AttackSources {
  readonly id: string;
  readonly organizationId: string;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly sources: readonly string[];
}

/** One campaign. */
export interface Campaign {
  /** Stable while attacks join: the id of its earliest attack. */
  readonly id: string;
  readonly attackIds: readonly string[];
  readonly organizationIds: readonly string[];
  /** Sources seen in attacks on at least two of its organisations. */
  readonly sharedSources: readonly string[];
  readonly firstSeen: number;
  readonly lastSeen: number;
}

/** Thresholds of {@link groupCampaigns}. */
export interface CampaignOptions {
  readonly minShared: number;
  readonly minOverlap: number;
  readonly windowMs: number;
}

/** Default thresholds: 3 shared sources, 20 % of the smaller attack, within a week. */
export const DEFAULT_CAMPAIGN_OPTIONS: CampaignOptions = { minShared: 3, minOverlap: 0.2, windowMs: 7 * 86_400_000 };

function find(parent: Int32Array, i: number): number {
  let r = i;
  while (parent[r] !== r) r = parent[r]!;
  while (parent[i] !== r) {
    const next = parent[i]!;
    parent[i] = r;
    i = next;
  }
  return r;
}

/** Groups attacks into campaigns (each reaching two or more organisations), earliest first. */
export function groupCampaigns(attacks: readonly AttackSources[], options: CampaignOptions = DEFAULT_CAMPAIGN_OPTIONS): Campaign[] {
  const sets = attacks.map((a) => new Set(a.sources));
  const bySource = new Map<string, number[]>();
  sets.forEach((set, i) => {
    for (const s of set) {
      const list = bySource.get(s);
      if (list === undefined) bySource.set(s, [i]);
      else list.push(i);
    }
  });
  // Shared-source counts per pair of attacks on different organisations.
  const shared = new Map<number, number>();
  const n = attacks.length;
  for (const list of bySource.values()) {
    if (list.length < 2) continue;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const i = list[x]!;
        const j = list[y]!;
        if (attacks[i]!.organizationId === attacks[j]!.organizationId) continue;
        const key = i * n + j;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
  }
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const end = (a: AttackSources) => a.endedAt ?? a.startedAt;
  for (const [key, count] of shared) {
    const i = Math.floor(key / n);
    const j = key % n;
    const a = attacks[i]!;
    const b = attacks[j]!;
    if (count < options.minShared || count / Math.min(sets[i]!.size, sets[j]!.size) < options.minOverlap) continue;
    const gap = Math.max(a.startedAt, b.startedAt) - Math.min(end(a), end(b));
    if (gap > options.windowMs) continue;
    parent[find(parent, i)] = find(parent, j);
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(parent, i);
    const g = groups.get(r);
    if (g === undefined) groups.set(r, [i]);
    else g.push(i);
  }
  const out: Campaign[] = [];
  for (const members of groups.values()) {
    const orgs = [...new Set(members.map((i) => attacks[i]!.organizationId))].sort();
    if (orgs.length < 2) continue;
    members.sort((i, j) => attacks[i]!.startedAt - attacks[j]!.startedAt || (attacks[i]!.id < attacks[j]!.id ? -1 : 1));
    const orgsOf = new Map<string, Set<string>>();
    for (const i of members) {
      for (const s of sets[i]!) {
        const o = orgsOf.get(s) ?? new Set<string>();
        o.add(attacks[i]!.organizationId);
        orgsOf.set(s, o);
      }
    }
    out.push({
      id: attacks[members[0]!]!.id,
      attackIds: members.map((i) => attacks[i]!.id),
      organizationIds: orgs,
      sharedSources: [...orgsOf]
        .filter(([, o]) => o.size >= 2)
        .map(([s]) => s)
        .sort(),
      firstSeen: Math.min(...members.map((i) => attacks[i]!.startedAt)),
      lastSeen: Math.max(...members.map((i) => end(attacks[i]!))),
    });
  }
  return out.sort((a, b) => a.firstSeen - b.firstSeen || (a.id < b.id ? -1 : 1));
}
