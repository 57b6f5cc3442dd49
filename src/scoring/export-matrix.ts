/**
 * The same scenario through every export format, export phase and timeout profile: the scorer's
 * format matrix. Each variant replaces the scenario's exporters' format and export timing and
 * leaves everything else — traffic, seed, thresholds — as it was, so differences between variants
 * are differences of export alone.
 *
 * Pure: no I/O.
 */
import type { ExportFormat } from '../simulator/exporter/exporter.js';
import type { Scenario } from '../simulator/scenario-types.js';

/** Export timing as a kind of exporter uses it. */
export interface ExportProfile {
  readonly name: string;
  readonly activeTimeoutMs: number;
  readonly inactiveTimeoutMs: number;
  /** How often the flow cache is swept and expired flows are sent. */
  readonly exportIntervalMs: number;
  /** Sweep phases to try, ms into the interval. */
  readonly phasesMs: readonly number[];
  /** Scenario tick needed to place sweeps at those phases exactly. */
  readonly tickMs: number;
}

/** Phases 0.0, 0.1 … 0.9 s into the second. */
const TENTHS = Array.from({ length: 10 }, (_, i) => i * 100);

/**
 * The profiles the matrix runs: routers (60 s active / 15 s inactive timeout, the cache swept
 * once a second — Cisco's recommended export settings, and what Juniper and Nokia deployments for
 * DDoS detection use) and a software probe that sends every 100 ms (1 s active, 100 ms inactive).
 */
export const EXPORT_PROFILES: readonly ExportProfile[] = [
  { name: 'router-60/15', activeTimeoutMs: 60_000, inactiveTimeoutMs: 15_000, exportIntervalMs: 1000, phasesMs: TENTHS, tickMs: 100 },
  { name: 'probe-100ms', activeTimeoutMs: 1000, inactiveTimeoutMs: 100, exportIntervalMs: 100, phasesMs: [0, 30, 60, 90], tickMs: 10 },
];

/** The formats the matrix runs. */
export const MATRIX_FORMATS: readonly ExportFormat[] = ['netflow-v5', 'netflow-v9', 'ipfix', 'sflow'];

/** One variant of the matrix. */
export interface ExportVariant {
  readonly format: ExportFormat;
  /** Profile name; `sflow` for sFlow (no flow cache, no timeouts). */
  readonly profile: string;
  readonly phaseMs: number;
  readonly scenario: Scenario;
}

/** Every variant of `scenario`: each format × profile × phase (sFlow once: it has no export phase). */
export function exportVariants(scenario: Scenario, formats: readonly ExportFormat[] = MATRIX_FORMATS, profiles: readonly ExportProfile[] = EXPORT_PROFILES): ExportVariant[] {
  const out: ExportVariant[] = [];
  for (const format of formats) {
    if (format === 'sflow') {
      out.push({ format, profile: 'sflow', phaseMs: 0, scenario: withExport(scenario, format, undefined, 0) });
      continue;
    }
    for (const p of profiles) for (const phase of p.phasesMs) out.push({ format, profile: p.name, phaseMs: phase, scenario: withExport(scenario, format, p, phase) });
  }
  return out;
}

/** `scenario` with every exporter exporting `format` with profile `p` at phase `phaseMs`. */
export function withExport(scenario: Scenario, format: ExportFormat, p: ExportProfile | undefined, phaseMs: number): Scenario {
  return {
    ...scenario,
    name: `${scenario.name}@${format}${p === undefined ? '' : `/${p.name}/+${phaseMs}ms`}`,
    tickMs: p === undefined ? scenario.tickMs : Math.min(scenario.tickMs, p.tickMs),
    exporters: scenario.exporters.map((e) => ({
      ...e,
      format,
      ...(p === undefined ? {} : { activeTimeoutMs: p.activeTimeoutMs, inactiveTimeoutMs: p.inactiveTimeoutMs, exportIntervalMs: p.exportIntervalMs, exportPhaseMs: phaseMs }),
    })),
  };
}
