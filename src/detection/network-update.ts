/**
 * Replacing the protected networks while traffic flows: rates, attacks and baselines of networks
 * that stay (same id and prefix) carry over; hosts are re-matched to their most specific network;
 * attacks whose target is no longer protected end with reason `networks-changed`.
 *
 * Pure: no I/O.
 */
import type { AttackTracker } from './attack-tracker.js';
import { recomputeThresholds } from './effective-thresholds.js';
import type { EngineState } from './engine-state.js';
import type { HostTable } from './host-table.js';
import { ProtectedNetworks, type ProtectedNetworkInput } from './protected-networks.js';

/** Installs a new list of protected networks. Validates the whole list before changing anything. */
export function applyNetworks(st: EngineState, tracker: AttackTracker, inputs: readonly ProtectedNetworkInput[], nowMs: number): void {
  const next = new ProtectedNetworks(inputs);
  const old = st.networks;
  const map = new Int32Array(old.size).fill(-1);
  for (let i = 0; i < old.size; i++) {
    const j = next.indexOf(old.ids[i]!);
    if (j >= 0 && next.prefixTexts[j] === old.prefixTexts[i]) map[i] = j;
  }
  const relookup = (t: HostTable, slot: number): number => {
    const o = slot * 4;
    return next.table.lookup(t.keys[o]!, t.keys[o + 1]!, t.keys[o + 2]!, t.keys[o + 3]!);
  };

  // End what loses its network while the old indices still describe it.
  for (const d of tracker.active()) {
    const gone = d.scope === 'prefix' ? map[d.entity]! < 0 : d.scope === 'host' ? relookup(st.hosts, d.entity) < 0 : st.outHosts === undefined || relookup(st.outHosts, d.entity) < 0;
    if (gone) tracker.end(d, 'networks-changed', nowMs);
  }

  const stride = st.stride;
  const prefixData = new Float32Array(next.size * stride);
  const seen = new Uint8Array(next.size);
  for (let i = 0; i < old.size; i++) {
    const j = map[i]!;
    if (j < 0) continue;
    prefixData.set(st.prefixData.subarray(i * stride, (i + 1) * stride), j * stride);
    seen[j] = st.networkSeen[i]!;
  }
  for (const t of [st.hosts, st.outHosts]) {
    if (t === undefined) continue;
    for (let s = 0; s < t.highWater; s++) {
      if (!t.used(s)) continue;
      const n = relookup(t, s);
      if (n < 0) t.release(s);
      else t.network[s] = n;
    }
  }

  st.networks = next;
  st.prefixData = prefixData;
  st.networkSeen = seen;
  st.prefixAttack = new Int32Array(next.size).fill(-1);
  st.networkAttacks = new Int32Array(next.size);
  for (const d of tracker.active()) {
    if (d.scope === 'prefix') {
      d.entity = d.net = map[d.entity]!;
      st.prefixAttack[d.entity] = d.slot;
    } else if (d.scope === 'host') d.net = st.hosts.network[d.entity]!;
    else d.net = st.outHosts!.network[d.entity]!;
    if (d.scope !== 'outbound') for (let m = d.net; m >= 0; m = next.parent[m]!) st.networkAttacks[m]!++;
  }
  st.networkLag.remap(map, next.size);
  st.baselines.remap(next.ids);
  recomputeThresholds(st, st.second);
}
