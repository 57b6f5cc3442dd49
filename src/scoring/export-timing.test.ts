/**
 * The same attacks through NetFlow v5, NetFlow v9, IPFIX and sFlow exporters at several export
 * phases, replayed through the real collector and detector: every reported complete second within
 * 1 % of the true packets of that second, and `startedAt` within 200 ms of the first attack packet.
 *
 * NetFlow v9 headers give the export time in whole seconds (unix_secs). The collector's clock is in
 * step with the exporters' here (as NTP keeps them), so the decoder narrows the export time to the
 * receive time clamped into that second, and the same 200 ms bound applies; with a collector clock
 * that is off, v9 times are as precise as the header allows — within the second it names — which
 * `flow/netflow-v9/netflow-v9-decoder.test.ts` checks.
 *
 * A shorter scenario than `scenarios/export-timing.yaml` (`npm run score:detection` runs that one
 * at all ten phases), with the same shape: spoofed floods, one on a whole second and one 0.4 s into
 * a second, over benign traffic with long flows.
 */
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load.js';
import { silentLogger } from '../core/logger.js';
import { createMetricsRegistry } from '../core/metrics.js';
import { parseScenario } from '../simulator/scenario.js';
import { exportVariants, type ExportProfile } from './export-matrix.js';
import { scenarioDetectionOverrides } from './scenario-setup.js';
import { scoreReplay } from './score-replay.js';

const SCENARIO = `
name: export-timing-short
start: 2026-01-15T10:00:00+09:00
duration: 40
seed: 12
thresholds: { hostPps: 2000 }
exporters:
  - { name: edge, format: netflow-v9, address: 10.255.0.1, networks: [Aozora Airlines] }
networks:
  - { name: Aozora Airlines, prefixes: [192.0.2.0/24] }
background: { pps: 800, diurnal: false, ipv6Share: 0, longFlows: { count: 4, maxMbps: 1 } }
attacks:
  - { name: syn-aligned, kind: syn, start: 6, duration: 6, target: 192.0.2.80, thresholdMultiple: 2, sources: 300, ports: [443] }
  - { name: udp-offset, kind: udp, start: 16.4, duration: 6, target: 192.0.2.53, thresholdMultiple: 3, sources: 200 }
`;

/** Router timeouts (60 s active, 15 s inactive, swept once a second) and a probe sending every 100 ms. */
const PROFILES: readonly ExportProfile[] = [
  { name: 'router-60/15', activeTimeoutMs: 60_000, inactiveTimeoutMs: 15_000, exportIntervalMs: 1000, phasesMs: [0, 500, 900], tickMs: 100 },
  { name: 'probe-100ms', activeTimeoutMs: 1000, inactiveTimeoutMs: 100, exportIntervalMs: 100, phasesMs: [0, 60], tickMs: 10 },
];

describe('rates and start times through every export format and phase', () => {
  const scenario = parseScenario(SCENARIO, '<export-timing-short>');
  const config = validateConfig({ detection: scenarioDetectionOverrides(scenario.thresholds) });
  for (const format of ['netflow-v5', 'netflow-v9', 'ipfix', 'sflow'] as const) {
    it(`${format}: complete seconds within 1 % of the truth, startedAt within 200 ms of the first attack packet`, { timeout: 120_000 }, () => {
      for (const v of exportVariants(scenario, [format], PROFILES)) {
        const { score } = scoreReplay(v.scenario, config, { logger: silentLogger(), metrics: createMetricsRegistry() });
        for (const a of score.attacks) {
          const where = `${a.id} via ${v.format} ${v.profile} +${v.phaseMs} ms`;
          expect(a.detected, where).toBe(true);
          const r = a.rates!;
          expect(Math.abs(r.startErrorMs), `${where}: startedAt - first packet`).toBeLessThanOrEqual(200);
          expect(r.seconds, `${where}: complete seconds reported`).toBeGreaterThanOrEqual(5);
          expect(Math.abs(r.worstError!), `${where}: worst second`).toBeLessThanOrEqual(0.01);
        }
      }
    });
  }
});
