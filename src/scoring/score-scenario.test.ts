import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load.js';
import type { AttackId } from '../core/ids.js';
import { silentLogger } from '../core/logger.js';
import { createMetricsRegistry } from '../core/metrics.js';
import type { AttackTruth, GroundTruth } from '../simulator/ground-truth.js';
import { loadScenarioFile } from '../simulator/index.js';
import type { AttackEnded, AttackStarted, AttackUpdated, DetectionEvent } from '../detection/attack.js';
import type { ClassRates } from '../detection/traffic-class.js';
import type { SourceSighting } from './attack-traffic-observer.js';
import { scenarioDetectionOverrides } from './scenario-setup.js';
import { scoreReplay } from './score-replay.js';
import { effectiveSamplingRate, exportDelayMs, scoreScenario } from './score-scenario.js';

const T0 = Date.UTC(2026, 0, 15, 1, 0, 0);

function rates(pps: number): ClassRates {
  const r = { pps, bps: pps * 480, flowsPerSecond: 0 };
  const z = { pps: 0, bps: 0, flowsPerSecond: 0 };
  return { total: r, tcp: r, tcp_syn: r, udp: z, icmp: z, gre: z, fragment: z };
}

const identity = (id: string, scope: 'host' | 'prefix', target: string, startedAt: number) =>
  ({ attackId: id as AttackId, scope, target, family: 4, networkId: 'n', organizationId: 'o', networkPrefix: '192.0.2.0/24', startedAt }) as const;
const evidence = { vectors: [{ vector: 'syn_flood', packets: 1, bytes: 1, share: 1 }], topSources: [], sourceCount: 3, targetCount: 1, totals: { packets: 1, bytes: 1 } } as const;

function started(id: string, target: string, detectedAtMs: number, scope: 'host' | 'prefix' = 'host'): AttackStarted {
  const at = T0 + detectedAtMs;
  return {
    kind: 'attack.started',
    ...identity(id, scope, target, Math.floor(at / 1000) * 1000),
    ...evidence,
    detectedAt: at,
    trigger: { class: 'total', metric: 'pps', rate: 20400, threshold: 20000, thresholdSource: 'configured' },
    rates: rates(20400),
    ratesEstimate: { estimated: true, coveredMs: 400, coveredFraction: 0.4 },
    thresholds: {},
  };
}
function updated(id: string, target: string, secondMs: number, pps: number): AttackUpdated {
  return { kind: 'attack.updated', ...identity(id, 'host', target, T0), ...evidence, at: T0 + secondMs + 2000, second: T0 + secondMs, rates: rates(pps), peak: rates(pps) };
}
function ended(id: string, target: string, atMs: number): AttackEnded {
  return {
    kind: 'attack.ended',
    ...identity(id, 'host', target, T0),
    ...evidence,
    endedAt: T0 + atMs,
    lastActiveAt: T0 + atMs - 15000,
    durationSeconds: 60,
    reason: 'quiet',
    peak: rates(41000),
    attackers: [],
    attackersTruncated: false,
  };
}

const syn: AttackTruth = {
  id: 'syn-2x',
  name: 'syn-2x',
  occurrence: 0,
  kind: 'syn',
  vectors: [{ name: 'syn', weight: 1, packets: 2_400_000, bytes: 144e6 }],
  target: '192.0.2.80',
  targetType: 'host',
  targetHosts: 1,
  network: 'Aozora Airlines',
  ipVersion: 4,
  startMs: T0 + 30_000,
  firstPacketMs: T0 + 30_000,
  endMs: T0 + 90_000,
  packets: 2_400_000,
  bytes: 144e6,
  pps: 40000,
  bps: 19.2e6,
  sourceCount: 4,
  sourceCategories: {},
  sources: ['100.64.0.1', '100.64.0.2', '100.64.0.3', '100.64.0.4'],
};

const truth: GroundTruth = {
  scenario: 'hand-made',
  source: '<test>',
  seed: 1,
  startMs: T0,
  endMs: T0 + 120_000,
  thresholds: { hostPps: 20000 },
  networks: [{ name: 'Aozora Airlines', prefixes: ['192.0.2.0/24'] }],
  exporters: [
    { name: 'sflow', format: 'sflow', address: '10.255.0.1', samplingRate: 100, activeTimeoutMs: 60000, inactiveTimeoutMs: 15000, networks: ['Aozora Airlines'] },
    { name: 'v9', format: 'netflow-v9', address: '10.255.0.2', samplingRate: 10, activeTimeoutMs: 60000, inactiveTimeoutMs: 15000, networks: ['Aozora Airlines'] },
  ],
  attacks: [syn],
  beacons: [
    {
      name: 'b',
      host: '192.0.2.25',
      network: 'Aozora Airlines',
      c2: ['45.32.13.180'],
      port: 8443,
      protocol: 'tcp',
      intervalMs: 60000,
      jitter: 0,
      count: 2,
      times: [T0, T0 + 60000],
      destinations: ['45.32.13.180', '45.32.13.180'],
      packets: 20,
      bytes: 2000,
    },
  ],
  benignWindows: [],
  benign: { packets: 0, bytes: 0 },
};

describe('scoreScenario', () => {
  const sightings = new Map<string, SourceSighting>([
    ['172.16.0.9', { firstDatagramMs: T0 + 1_000, sampledPackets: 3 }], // benign client of the victim
    ['100.64.0.2', { firstDatagramMs: T0 + 30_120, sampledPackets: 5 }],
    ['100.64.0.1', { firstDatagramMs: T0 + 30_250, sampledPackets: 9 }],
    ['100.64.0.3', { firstDatagramMs: T0 + 31_000, sampledPackets: 1 }],
  ]);
  const events: DetectionEvent[] = [
    started('a1', '192.0.2.80', 30_520),
    started('a2', '192.0.2.25', 50_000), // the beacon host: a false attack, and reported as such
    updated('a1', '192.0.2.80', 30_000, 30000), // partly before the true start? no: second 30 s is inside
    updated('a1', '192.0.2.80', 31_000, 41000),
    updated('a1', '192.0.2.80', 32_000, 39000),
    updated('a1', '192.0.2.80', 90_000, 2000), // after the true end: not a rate of the attack
    ended('a1', '192.0.2.80', 106_000),
  ];
  const attackers = new Map([
    ['a1', ['100.64.0.1', '100.64.0.2', '172.16.0.9'].map((address) => ({ address, packets: 1, bytes: 1, packetShare: 0, byteShare: 0, firstSeen: 0, lastSeen: 0, vectors: [], errorBound: 0 }))],
  ]);
  const s = scoreScenario({ truth, events, attackers, sightings: (id) => (id === 'syn-2x' ? sightings : new Map()), minVectorShare: 0.1 });

  it('measures time to detect from the first datagram carrying a true source and from the true start', () => {
    const a = s.attacks[0]!;
    expect(a.firstDatagramMs).toBe(30_120);
    expect(a.timeToDetect).toEqual({ fromFirstDatagramMs: 400, fromTrueStartMs: 520 });
    expect(a.detection).toMatchObject({ attackId: 'a1', scope: 'host', detectedAtMs: 30_520, startedAtMs: 30_000 });
  });

  it('scores sources against the full and the observable truth', () => {
    const src = s.attacks[0]!.sources;
    expect(src).toMatchObject({ truth: 4, observable: 3, listed: 3, truePositives: 2, recall: 0.5 });
    expect(src.recallObservable).toBeCloseTo(2 / 3, 10);
    expect(src.precision).toBeCloseTo(2 / 3, 10);
  });

  it('compares the rate reported inside the true window with the true rate', () => {
    expect(s.attacks[0]!.reportedPps).toEqual({ median: 39000, peak: 41000 });
    expect(s.attacks[0]!.truePps).toBe(40000);
    expect(s.attacks[0]!.vectors.correct).toBe(true);
  });

  it('lists detections matching no attack as false attacks and flags a beacon host reported as an attack', () => {
    expect(s.falseAttacks.map((f) => [f.attackId, f.target, f.detectedAtMs])).toEqual([['a2', '192.0.2.25', 50_000]]);
    expect(s.beacons).toEqual([{ name: 'b', host: '192.0.2.25', beacons: 2, reportedAsAttack: 1, infectedReports: [] }]);
  });

  it('reports an attack nobody detected', () => {
    const none = scoreScenario({ truth, events: [], attackers: new Map(), sightings: () => sightings, minVectorShare: 0.1 });
    expect(none.attacks[0]).toMatchObject({ detected: false, detection: undefined, timeToDetect: undefined, firstDatagramMs: 30_120, reportedPps: undefined });
    expect(none.attacks[0]!.sources).toMatchObject({ listed: 0, recall: 0, precision: 1, observable: 3 });
  });

  it('allows flow exporters their active timeout of export delay and combines the sampling of shared exporters', () => {
    expect(exportDelayMs(truth)).toBe(62_000);
    expect(exportDelayMs({ exporters: [truth.exporters[0]!] })).toBe(2_000);
    // Half the traffic at 1:100, half at 1:10: a source goes unseen as if sampled at 1:18.2.
    expect(effectiveSamplingRate(truth, 'Aozora Airlines')).toBeCloseTo(2 / (1 / 100 + 1 / 10), 10);
    expect(effectiveSamplingRate(truth, 'Nobody')).toBe(1);
  });
});

describe('a scored replay of the built-in SYN flood at twice the threshold', () => {
  it('detects it within a second of the first datagram carrying it, with every observable bot listed', () => {
    // The first 45 s: the flood starts at 30 s and runs for 15 s of it.
    const scenario = loadScenarioFile('syn-flood-2x');
    const config = validateConfig({ detection: scenarioDetectionOverrides(scenario.thresholds) });
    const { score: s, replay } = scoreReplay(scenario, config, { logger: silentLogger(), metrics: createMetricsRegistry() }, { durationS: 45 });
    expect(replay.recordsObserved).toBe(replay.records);
    expect(s.falseAttacks).toEqual([]);
    const a = s.attacks[0]!;
    expect(a).toMatchObject({ id: 'syn-2x', detected: true, startMs: 30_000, endMs: 45_000 });
    expect(a.firstDatagramMs!).toBeGreaterThanOrEqual(30_000);
    expect(a.timeToDetect!.fromFirstDatagramMs!).toBeGreaterThan(0);
    expect(a.timeToDetect!.fromFirstDatagramMs!).toBeLessThanOrEqual(1000);
    expect(a.vectors).toMatchObject({ correct: true, detected: ['syn_flood'] });
    // 2000 bots × 20 pps × 15 s at 1:100: most, not all, bots are sampled; every sampled one is listed.
    expect(a.sources.observableFraction).toBeGreaterThan(0.9);
    expect(a.sources.observableFraction).toBeLessThan(1);
    expect(a.sources.recallObservable).toBeGreaterThan(0.99);
    expect(a.sources.precision).toBe(1);
    expect(Math.abs(a.reportedPps!.median - 40000) / 40000).toBeLessThan(0.1);
  }, 60_000);
});
