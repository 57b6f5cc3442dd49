/**
 * Checks a schema-valid scenario beyond what the schema can say (addresses, names, the rate of each
 * attack, windows within the scenario) and applies the defaults, producing a {@link Scenario}.
 * Problems are thrown as {@link ScenarioIssue}s naming the field; the caller adds file and line.
 *
 * Pure: no I/O.
 */
import { parseIPv4, parsePrefix, prefixContains, tryParseAddress } from '../core/ip.js';
import type { ExporterSpec } from './exporter/exporter.js';
import { DEMO_NETWORKS } from './networks.js';
import { resolveAttack, resolveBeacon } from './scenario-resolve-events.js';
import { ScenarioIssue, type DocPath } from './scenario-errors.js';
import type { BackgroundFile, ExporterFile, ScenarioFile } from './scenario-schema.js';
import type { BackgroundSpec, NetworkDef, Scenario } from './scenario-types.js';

/** Options when resolving a scenario. */
export interface ResolveOptions {
  /** Start time when the scenario gives none (default: now, rounded down to the second). */
  readonly nowMs?: number;
}

const DAY_MS = 86_400_000;
const EXPORTER_NET = parsePrefix('10.255.0.0/24');

/** Resolves a schema-valid scenario file. */
export function resolveScenario(f: ScenarioFile, source: string, options: ResolveOptions): Scenario {
  let startMs = Math.floor((options.nowMs ?? Date.now()) / 1000) * 1000;
  if (f.start !== undefined) {
    startMs = Date.parse(f.start);
    if (!Number.isFinite(startMs) || !/^\d{4}-\d{2}-\d{2}T/.test(f.start)) {
      throw new ScenarioIssue(['start'], 'must be an ISO 8601 date-time such as 2026-01-15T09:00:00+09:00');
    }
  }
  const durationMs = f.duration * 1000;
  const networks = resolveNetworks(f);
  const byName = new Map(networks.map((n) => [n.name, n.index]));
  const exporters = f.exporters.map((e, i) => resolveExporter(e, i, startMs, byName));
  checkUnique(
    exporters.map((e) => e.name),
    (i) => ['exporters', i, 'name'],
    'exporter name',
  );
  checkUnique(
    exporters.map((e) => e.address),
    (i) => ['exporters', i, 'address'],
    'exporter address',
  );
  const carried = new Set<number>();
  const carried6 = new Set<number>();
  for (const e of exporters) {
    for (const n of e.networks ?? networks.map((x) => x.index)) {
      carried.add(n);
      if (e.format !== 'netflow-v5') carried6.add(n);
    }
  }
  const ctx = { networks, carried, carried6, thresholds: f.thresholds ?? {}, durationMs, repeat: f.repeat ?? false };
  const attacks = (f.attacks ?? []).map((a, i) => resolveAttack(a, i, ctx));
  checkUnique(
    attacks.map((a) => a.name),
    (i) => ['attacks', i, 'name'],
    'attack name',
  );
  const beacons = (f.beacons ?? []).map((b, i) => resolveBeacon(b, i, ctx));
  checkUnique(
    beacons.map((b) => b.name),
    (i) => ['beacons', i, 'name'],
    'beacon name',
  );
  return {
    name: f.name ?? baseName(source),
    description: f.description ?? '',
    source,
    startMs,
    durationMs,
    repeat: f.repeat ?? false,
    seed: f.seed ?? 1,
    tickMs: f.tick ?? 100,
    timezoneHours: f.timezone ?? 9,
    thresholds: { ...(f.thresholds ?? {}) },
    networks,
    exporters,
    background: f.background === undefined ? undefined : resolveBackground(f.background, byName, carried),
    attacks,
    beacons,
  };
}

function baseName(source: string): string {
  const b = source.split(/[\\/]/).pop() ?? source;
  return b.replace(/\.(ya?ml|json)$/i, '') || 'scenario';
}

function checkUnique(values: readonly string[], path: (i: number) => DocPath, what: string): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) throw new ScenarioIssue(path(i), `duplicate ${what} ${JSON.stringify(v)}`);
    seen.add(v);
  });
}

function resolveNetworks(f: ScenarioFile): NetworkDef[] {
  const list = f.networks ?? DEMO_NETWORKS;
  const defs = list.map((n, i): NetworkDef => {
    const prefixes = n.prefixes.map((text, j) => {
      try {
        return parsePrefix(text, { strict: true });
      } catch {
        throw new ScenarioIssue(['networks', i, 'prefixes', j], `must be an IP prefix such as 192.0.2.0/24 (got ${JSON.stringify(text)})`);
      }
    });
    return { index: i, name: n.name, prefixes, v4: prefixes.find((p) => p.family === 4), v6: prefixes.find((p) => p.family === 6) };
  });
  checkUnique(
    defs.map((d) => d.name),
    (i) => ['networks', i, 'name'],
    'network name',
  );
  return defs;
}

function resolveNetworkNames(names: readonly string[] | undefined, byName: ReadonlyMap<string, number>, path: DocPath): number[] | undefined {
  if (names === undefined) return undefined;
  return names.map((n, j) => {
    const idx = byName.get(n);
    if (idx === undefined) throw new ScenarioIssue([...path, j], `unknown network ${JSON.stringify(n)}; known: ${[...byName.keys()].join(', ')}`);
    return idx;
  });
}

function resolveExporter(e: ExporterFile, i: number, startMs: number, byName: ReadonlyMap<string, number>): ExporterSpec {
  const path = ['exporters', i];
  const address = e.address ?? `10.255.0.${i + 1}`;
  const words = tryParseAddress(address);
  if (words === undefined || address.includes(':') || !prefixContains(EXPORTER_NET, ...words)) {
    throw new ScenarioIssue([...path, 'address'], 'must be an IPv4 address in 10.255.0.0/24 (the address plan for simulated exporters)');
  }
  const networks = resolveNetworkNames(e.networks, byName, [...path, 'networks']);
  const activeTimeoutMs = (e.activeTimeout ?? 60) * 1000;
  const inactiveTimeoutMs = (e.inactiveTimeout ?? 15) * 1000;
  if (inactiveTimeoutMs > activeTimeoutMs) throw new ScenarioIssue([...path, 'inactiveTimeout'], 'must not exceed activeTimeout');
  const exportIntervalMs = Math.round((e.exportInterval ?? 1) * 1000);
  const exportPhaseMs = Math.round((e.exportPhase ?? 0) * 1000);
  if (exportPhaseMs >= exportIntervalMs) throw new ScenarioIssue([...path, 'exportPhase'], 'must be less than exportInterval');
  return {
    index: i,
    name: e.name ?? `${e.format}-${i + 1}`,
    format: e.format,
    address,
    address32: parseIPv4(address),
    samplingRate: e.samplingRate ?? 1,
    activeTimeoutMs,
    inactiveTimeoutMs,
    exportIntervalMs,
    exportPhaseMs,
    templateRefreshMs: (e.templateRefresh ?? 30) * 1000,
    cacheEntries: e.cacheEntries ?? 262144,
    mtu: e.mtu ?? 1400,
    observationDomain: e.observationDomain ?? i + 1,
    ipfixSampling: e.ipfixSampling ?? 'psamp',
    sflowExpanded: e.sflowSamples === 'expanded',
    counterIntervalMs: (e.counterInterval ?? 20) * 1000,
    maxDelayMs: (e.maxDelay ?? 1) * 1000,
    vlan: e.vlan ?? false,
    networks,
    // Routers in the simulation have been up for a few days, each a different length.
    bootMs: startMs - (3 + i) * DAY_MS - i * 3_600_000,
  };
}

/** Exporter indices carrying each network (exporters without a list carry every network). */
export function exportersByNetwork(exporters: readonly ExporterSpec[], networkCount: number): number[][] {
  const out: number[][] = Array.from({ length: networkCount }, () => []);
  for (const e of exporters) {
    for (let n = 0; n < networkCount; n++) if (e.networks === undefined || e.networks.includes(n)) out[n]!.push(e.index);
  }
  return out;
}

function resolveBackground(b: BackgroundFile, byName: ReadonlyMap<string, number>, carried: ReadonlySet<number>): BackgroundSpec {
  const networks = resolveNetworkNames(b.networks, byName, ['background', 'networks']) ?? [...byName.values()];
  networks.forEach((n, j) => {
    if (!carried.has(n)) throw new ScenarioIssue(['background', 'networks', j], 'no exporter carries this network');
  });
  const m = b.mix ?? {};
  const mix = { web: m.web ?? 0.5, quic: m.quic ?? 0.25, dns: m.dns ?? 0.12, ntp: m.ntp ?? 0.05, icmp: m.icmp ?? 0.08 };
  const total = mix.web + mix.quic + mix.dns + mix.ntp + mix.icmp;
  if (total <= 0) throw new ScenarioIssue(['background', 'mix'], 'at least one share must be positive');
  const lf = b.longFlows ?? { count: 20 };
  const longFlows = {
    count: lf.count,
    minDurationMs: (lf.minDuration ?? 300) * 1000,
    maxDurationMs: (lf.maxDuration ?? 1800) * 1000,
    minMbps: lf.minMbps ?? 1,
    maxMbps: lf.maxMbps ?? 20,
  };
  if (longFlows.minDurationMs > longFlows.maxDurationMs) throw new ScenarioIssue(['background', 'longFlows', 'minDuration'], 'must not exceed maxDuration');
  if (longFlows.minMbps > longFlows.maxMbps) throw new ScenarioIssue(['background', 'longFlows', 'minMbps'], 'must not exceed maxMbps');
  return {
    pps: b.pps,
    diurnal: b.diurnal ?? true,
    networks,
    ipv6Share: b.ipv6Share ?? 0.15,
    mix: { web: mix.web / total, quic: mix.quic / total, dns: mix.dns / total, ntp: mix.ntp / total, icmp: mix.icmp / total },
    longFlows,
  };
}
