/** An exporter spec with the scenario defaults, for exporter tests. */
import type { ExporterSpec } from '../exporter/exporter.js';

/** Builds a spec for exporter 0 at 10.255.0.1 with scenario defaults and `overrides`. */
export function testExporterSpec(overrides: Partial<ExporterSpec> & Pick<ExporterSpec, 'format'>): ExporterSpec {
  return {
    index: 0,
    name: 'test',
    address: '10.255.0.1',
    address32: 0x0aff0001,
    samplingRate: 1,
    activeTimeoutMs: 60_000,
    inactiveTimeoutMs: 15_000,
    exportIntervalMs: 1000,
    exportPhaseMs: 0,
    templateRefreshMs: 30_000,
    cacheEntries: 262144,
    mtu: 1400,
    observationDomain: 1,
    ipfixSampling: 'psamp',
    sflowExpanded: false,
    counterIntervalMs: 20_000,
    maxDelayMs: 1000,
    vlan: false,
    networks: undefined,
    bootMs: Date.UTC(2026, 0, 1),
    ...overrides,
  };
}
