/**
 * The ground truth of a simulation run: what was really sent, against which detection is scored.
 * For each attack occurrence its window, kind, vectors, target, the exact set of sources that sent
 * packets, and the true packet and bit rates; for each C2 beacon the internal host, its C2
 * addresses and every beacon time; and the windows with benign traffic only.
 *
 * Pure: builds a JSON-ready value; writing it (and large source lists) is `output/truth-file.ts`.
 */
import { formatPrefix } from '../core/ip.js';
import type { ExportFormat } from './exporter/exporter.js';
import type { Scenario } from './scenario-types.js';
import { SOURCE_CATEGORY_NAMES } from './traffic/address-pool.js';
import type { AttackModel } from './traffic/attack.js';
import type { BeaconModel } from './traffic/beacon.js';

/** One attack occurrence as it happened. */
export interface AttackTruth {
  /** `name`, or `name#k` for the k-th occurrence of a repeating scenario (k > 0). */
  readonly id: string;
  readonly name: string;
  readonly occurrence: number;
  readonly kind: string;
  readonly vectors: readonly { readonly name: string; readonly weight: number; readonly packets: number; readonly bytes: number }[];
  readonly target: string;
  readonly targetType: 'host' | 'prefix';
  /** Addresses the target covers (1 for a host). */
  readonly targetHosts: number;
  readonly network: string;
  readonly ipVersion: 4 | 6;
  readonly startMs: number;
  /** Time of the first packet that reached the target (the window start when none did). */
  readonly firstPacketMs: number;
  /** End of the traffic (the window end, or the end of the run if that came first). */
  readonly endMs: number;
  /** Packets and IP-layer octets that reached the target. */
  readonly packets: number;
  readonly bytes: number;
  readonly pps: number;
  /** IP-layer bits per second. */
  readonly bps: number;
  readonly sourceCount: number;
  readonly sourceCategories: Readonly<Record<string, number>>;
  /** The source addresses (moved to `sourcesFile` when written to disk and large). */
  sources?: string[];
  sourcesFile?: string;
}

/** One C2 beacon series. */
export interface BeaconTruth {
  readonly name: string;
  readonly host: string;
  readonly network: string;
  readonly c2: readonly string[];
  readonly port: number;
  readonly protocol: 'tcp';
  readonly intervalMs: number;
  readonly jitter: number;
  readonly count: number;
  readonly times: readonly number[];
  /** C2 address of each beacon, parallel to `times`. */
  readonly destinations: readonly string[];
  readonly packets: number;
  readonly bytes: number;
}

/** The whole ground truth of a run. */
export interface GroundTruth {
  readonly scenario: string;
  readonly source: string;
  readonly seed: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly thresholds: Scenario['thresholds'];
  readonly networks: readonly { readonly name: string; readonly prefixes: readonly string[] }[];
  readonly exporters: readonly {
    readonly name: string;
    readonly format: ExportFormat;
    readonly address: string;
    readonly samplingRate: number;
    readonly activeTimeoutMs: number;
    readonly inactiveTimeoutMs: number;
    readonly networks: readonly string[];
  }[];
  readonly attacks: AttackTruth[];
  readonly beacons: readonly BeaconTruth[];
  /** Intervals of the run during which no attack was under way. */
  readonly benignWindows: readonly { readonly startMs: number; readonly endMs: number }[];
  readonly benign: { readonly packets: number; readonly bytes: number };
}

/** What {@link buildGroundTruth} reads from a run. */
export interface TruthInputs {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly attacks: readonly AttackModel[];
  readonly beacons: readonly BeaconModel[];
  readonly benignPackets: number;
  readonly benignBytes: number;
}

/** Builds the ground truth of a run up to `endMs`. */
export function buildGroundTruth(x: TruthInputs): GroundTruth {
  const s = x.scenario;
  const attacks: AttackTruth[] = [];
  for (const m of x.attacks) {
    for (const o of m.occurrences) {
      const end = Math.min(o.endMs, x.endMs);
      const seconds = Math.max(end - o.startMs, 1) / 1000;
      const src = o.sources ?? m.currentSources();
      const categories: Record<string, number> = {};
      for (const c of src.categories) categories[SOURCE_CATEGORY_NAMES[c]!] = (categories[SOURCE_CATEGORY_NAMES[c]!] ?? 0) + 1;
      const spec = m.spec;
      attacks.push({
        id: o.occurrence === 0 ? spec.name : `${spec.name}#${o.occurrence}`,
        name: spec.name,
        occurrence: o.occurrence,
        kind: spec.kind,
        vectors: spec.vectors.map((v, i) => ({ name: v.name, weight: v.weight, packets: o.vectorPackets[i]!, bytes: o.vectorBytes[i]! })),
        target: spec.target.text,
        targetType: spec.target.isHost ? 'host' : 'prefix',
        targetHosts: spec.target.hosts,
        network: s.networks[spec.target.network]!.name,
        ipVersion: spec.target.family,
        startMs: o.startMs,
        firstPacketMs: Number.isFinite(o.firstPacketMs) ? o.firstPacketMs : o.startMs,
        endMs: end,
        packets: o.packets,
        bytes: o.bytes,
        pps: o.packets / seconds,
        bps: (o.bytes * 8) / seconds,
        sourceCount: src.addresses.length,
        sourceCategories: categories,
        sources: src.addresses,
      });
    }
  }
  attacks.sort((a, b) => a.startMs - b.startMs || a.name.localeCompare(b.name));
  return {
    scenario: s.name,
    source: s.source,
    seed: x.seed,
    startMs: x.startMs,
    endMs: x.endMs,
    thresholds: s.thresholds,
    networks: s.networks.map((n) => ({ name: n.name, prefixes: n.prefixes.map(formatPrefix) })),
    exporters: s.exporters.map((e) => ({
      name: e.name,
      format: e.format,
      address: e.address,
      samplingRate: e.samplingRate,
      activeTimeoutMs: e.activeTimeoutMs,
      inactiveTimeoutMs: e.inactiveTimeoutMs,
      networks: (e.networks ?? s.networks.map((n) => n.index)).map((i) => s.networks[i]!.name),
    })),
    attacks,
    beacons: x.beacons.map((b) => beaconTruth(b, s)),
    benignWindows: benignWindows(x.startMs, x.endMs, attacks),
    benign: { packets: x.benignPackets, bytes: x.benignBytes },
  };
}

function beaconTruth(b: BeaconModel, s: Scenario): BeaconTruth {
  const spec = b.spec;
  return {
    name: spec.name,
    host: spec.hostText,
    network: s.networks[spec.network]!.name,
    c2: spec.c2.map((c) => c.text),
    port: spec.port,
    protocol: 'tcp',
    intervalMs: spec.intervalMs,
    jitter: spec.jitter,
    count: b.events.length,
    times: b.events.map((e) => e.timeMs),
    destinations: b.events.map((e) => spec.c2[e.c2]!.text),
    packets: b.packets,
    bytes: b.bytes,
  };
}

/** The parts of `[start, end)` not covered by any attack window. */
export function benignWindows(start: number, end: number, attacks: readonly { readonly startMs: number; readonly endMs: number }[]): { startMs: number; endMs: number }[] {
  const windows = [...attacks].sort((a, b) => a.startMs - b.startMs);
  const out: { startMs: number; endMs: number }[] = [];
  let t = start;
  for (const w of windows) {
    if (w.startMs > t) out.push({ startMs: t, endMs: Math.min(w.startMs, end) });
    t = Math.max(t, w.endMs);
    if (t >= end) break;
  }
  if (t < end) out.push({ startMs: t, endMs: end });
  return out.filter((w) => w.endMs > w.startMs);
}
