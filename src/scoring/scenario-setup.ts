/**
 * How a scored replay configures detection from a scenario, the way an operator would: each of
 * the scenario's networks is registered as a protected network with the scenario's thresholds
 * configured on it (per host, and per prefix where the scenario gives one), and the detector's
 * defaults take the same per-host figures. The targets each attack watches come from the same
 * scenario.
 *
 * Pure: no I/O.
 */
import type { Scenario } from '../simulator/scenario-types.js';
import type { ProtectedNetworkInput } from '../detection/protected-networks.js';
import type { NetworkThresholds } from '../detection/thresholds.js';
import type { WatchedTarget } from './attack-traffic-observer.js';

/** The schema default per-host pps threshold, used when a scenario states none. */
export const DEFAULT_HOST_PPS = 20000;

/** Organisation id of a scenario network: its name in kebab case. */
export function organizationIdOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Per-host and per-prefix thresholds of a scenario, in the registry's shape. */
export function scenarioThresholds(t: Scenario['thresholds']): { host: NetworkThresholds; prefix: NetworkThresholds | null } {
  const hostPps = t.hostPps ?? DEFAULT_HOST_PPS;
  const host: NetworkThresholds = { total: { pps: hostPps, ...(t.hostBps === undefined ? {} : { bps: t.hostBps }) } };
  const prefix: NetworkThresholds | null =
    t.prefixPps === undefined && t.prefixBps === undefined
      ? null
      : { total: { ...(t.prefixPps === undefined ? {} : { pps: t.prefixPps }), ...(t.prefixBps === undefined ? {} : { bps: t.prefixBps }) } };
  return { host, prefix };
}

/** The protected networks of a scenario, one input per prefix, with the scenario's thresholds configured. */
export function scenarioNetworks(scenario: Pick<Scenario, 'networks' | 'thresholds'>): ProtectedNetworkInput[] {
  const { host, prefix } = scenarioThresholds(scenario.thresholds);
  const out: ProtectedNetworkInput[] = [];
  for (const n of scenario.networks) {
    const org = organizationIdOf(n.name);
    n.prefixes.forEach((p, i) => out.push({ id: `${org}-${i}`, organizationId: org, prefix: p, thresholds: host, prefixThresholds: prefix }));
  }
  return out;
}

/**
 * Detection configuration overrides for a scenario: the default per-host thresholds take the
 * scenario's, and the default prefix factor its prefix-to-host ratio (as `serve --demo` does).
 */
export function scenarioDetectionOverrides(t: Scenario['thresholds']): Record<string, unknown> {
  const hostPps = t.hostPps ?? DEFAULT_HOST_PPS;
  return {
    thresholds: {
      host: { total: { pps: hostPps, bps: t.hostBps ?? 1e9 } },
      ...(t.prefixPps === undefined ? {} : { prefixFactor: Math.max(1, t.prefixPps / hostPps) }),
    },
  };
}

/** The attack targets of a scenario (first occurrence of each attack; scenarios scored here do not repeat). */
export function scenarioTargets(scenario: Pick<Scenario, 'attacks' | 'startMs'>, startMs = scenario.startMs): WatchedTarget[] {
  return scenario.attacks.map((a) => ({
    id: a.name,
    prefix: a.target.prefix,
    startMs: startMs + a.startMs,
    endMs: startMs + a.startMs + a.durationMs,
  }));
}
