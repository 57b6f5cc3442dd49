import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../core/errors.js';
import { parseScenario } from './scenario.js';
import { BUILTIN_SCENARIOS, loadScenarioFile } from './scenario-file.js';

const BASE = `name: t
start: 2026-01-15T09:00:00+09:00
duration: 60
thresholds:
  hostPps: 20000
exporters:
  - format: netflow-v9
    samplingRate: 10
attacks:
  - kind: syn
    start: 5
    duration: 10
    target: 192.0.2.10
    rate: 1000
  - kind: udp
    start: 5
    duration: 10
    target: 198.51.100.1
    rate: 2000
`;

/** The error message `parseScenario` gives for `text`. */
function problem(text: string): string {
  try {
    parseScenario(text, 'scenarios/x.yaml');
  } catch (e) {
    expect(isSakimoriError(e, 'SAKIMORI_ERR_SCENARIO_INVALID')).toBe(true);
    return (e as Error).message;
  }
  throw new Error('scenario was accepted');
}

describe('scenario files', () => {
  it('accepts a valid scenario and fills the defaults', () => {
    const s = parseScenario(BASE, 'scenarios/x.yaml');
    expect(s.startMs).toBe(Date.UTC(2026, 0, 15, 0, 0, 0));
    expect(s.durationMs).toBe(60_000);
    expect(s.networks.map((n) => n.name)).toEqual(['Aozora Airlines', 'Minato Bank', 'Sakura Trust Bank', 'Kumo Mobile', 'Hikari Power']);
    const e = s.exporters[0]!;
    expect([e.name, e.address, e.samplingRate, e.activeTimeoutMs, e.inactiveTimeoutMs, e.mtu]).toEqual(['netflow-v9-1', '10.255.0.1', 10, 60_000, 15_000, 1400]);
    expect(s.attacks.map((a) => [a.name, a.ratePps, a.target.network, a.target.isHost])).toEqual([
      ['syn-1', 1000, 0, true],
      ['udp-2', 2000, 1, true],
    ]);
    expect(Object.isFrozen(s.attacks[0])).toBe(true);
  });

  it('names file, line and field of a bad value', () => {
    expect(problem(BASE.replace('rate: 2000', 'rate: -5'))).toBe('scenarios/x.yaml:19: attacks[1].rate: must be a positive number');
    expect(problem(BASE.replace('samplingRate: 10', 'samplingRate: ten'))).toBe('scenarios/x.yaml:8: exporters[0].samplingRate: must be an integer');
    expect(problem(BASE.replace('format: netflow-v9', 'format: netflow-v7'))).toBe('scenarios/x.yaml:7: exporters[0].format: must be one of: netflow-v5, netflow-v9, ipfix, sflow');
    expect(problem(BASE.replace('kind: udp', 'kind: teardrop'))).toMatch(/^scenarios\/x\.yaml:15: attacks\[1\]\.kind: must be one of: syn, ack, /);
  });

  it('names unknown and missing fields', () => {
    expect(problem(BASE.replace('    samplingRate: 10', '    samplingRate: 10\n    sampling: 10'))).toBe('scenarios/x.yaml:9: exporters[0].sampling: unknown field');
    expect(problem(BASE.replace('duration: 60\n', ''))).toBe('scenarios/x.yaml:1: duration: is required');
    expect(problem(BASE.replace('    target: 198.51.100.1\n', ''))).toBe('scenarios/x.yaml:15: attacks[1].target: is required');
  });

  it('checks addresses, names, rates and windows beyond the schema', () => {
    expect(problem(BASE.replace('target: 198.51.100.1', 'target: 10.1.2.3'))).toMatch(
      /^scenarios\/x\.yaml:18: attacks\[1\]\.target: 10\.1\.2\.3 is not inside a protected network \(Aozora Airlines, /,
    );
    expect(problem(BASE.replace('target: 198.51.100.1', 'target: 198.51.100.300'))).toMatch(/^scenarios\/x\.yaml:18: attacks\[1\]\.target: must be an IP address or prefix/);
    expect(problem(BASE.replace('rate: 2000', 'thresholdMultiple: 2\n    rate: 5'))).toBe(
      'scenarios/x.yaml:20: attacks[1].rate: give only one of rate, thresholdMultiple or hostFraction (also has thresholdMultiple)',
    );
    expect(problem(BASE.replace('  hostPps: 20000', '  prefixPps: 1').replace('rate: 2000', 'thresholdMultiple: 2'))).toBe(
      'scenarios/x.yaml:19: attacks[1].thresholdMultiple: needs thresholds.hostPps in the scenario',
    );
    expect(problem(BASE.replace('    duration: 10\n    target: 198', '    duration: 56\n    target: 198'))).toBe(
      'scenarios/x.yaml:17: attacks[1].duration: must end within the scenario: start + duration is 61 s, the scenario lasts 60 s',
    );
    expect(problem(BASE.replace('kind: udp', 'kind: botnet').replace('rate: 2000', 'rate: 2000\n    vectors: { syn: 1, smurf: 2 }'))).toMatch(
      /^scenarios\/x\.yaml:20: attacks\[1\]\.vectors\.smurf: unknown vector; known: syn, /,
    );
    expect(problem(BASE.replace('kind: udp', 'kind: carpet').replace('rate: 2000', 'hostFraction: 0.5'))).toBe(
      'scenarios/x.yaml:18: attacks[1].target: carpet bombing needs a prefix of 2 to 65536 addresses, such as a /22',
    );
    expect(problem(BASE.replace('    samplingRate: 10', '    samplingRate: 10\n    networks: [Aozora Airlines, Atlantis]'))).toMatch(
      /^scenarios\/x\.yaml:9: exporters\[0\]\.networks\[1\]: unknown network "Atlantis"/,
    );
    expect(problem(BASE.replace('    samplingRate: 10', '    samplingRate: 10\n    networks: [Aozora Airlines]'))).toBe('scenarios/x.yaml:19: attacks[1].target: no exporter carries Minato Bank');
    expect(problem(BASE.replace('start: 2026-01-15T09:00:00+09:00', 'start: yesterday'))).toBe('scenarios/x.yaml:2: start: must be an ISO 8601 date-time such as 2026-01-15T09:00:00+09:00');
    expect(problem(`${BASE}beacons:\n  - host: 198.19.0.9\n    c2: [2001:db8:ffff::1]\n    interval: 60\n`)).toBe('scenarios/x.yaml:22: beacons[0].c2[0]: must be of the same address family as host');
  });

  it('reports YAML syntax errors and duplicate keys with their line', () => {
    expect(problem(BASE.replace('  - kind: udp', '  - kind: [udp'))).toMatch(/^scenarios\/x\.yaml:1[5-9]: /);
    expect(problem(BASE.replace('duration: 60\n', 'duration: 60\nduration: 70\n'))).toMatch(/^scenarios\/x\.yaml:4: .*[Mm]ap keys must be unique/);
  });

  it('resolves carpet bombing rates from the per-host threshold and the prefix size', () => {
    const s = parseScenario(BASE.replace('kind: udp', 'kind: carpet').replace('198.51.100.1', '198.18.0.0/22').replace('rate: 2000', 'hostFraction: 0.5'));
    expect(s.attacks[1]!.ratePps).toBe(0.5 * 20000 * 1024);
    expect(s.attacks[1]!.target.hosts).toBe(1024);
  });
});

describe('built-in scenarios', () => {
  const files = readdirSync(BUILTIN_SCENARIOS).filter((f) => f.endsWith('.yaml'));

  it('include the scenarios the detection scoring and the demo rely on', () => {
    expect(files.sort()).toEqual(
      ['benign-30min', 'botnet-mirai', 'burst-5x-1s', 'c2-beacons', 'carpet-bombing-22', 'demo', 'export-timing', 'ipv6-attacks', 'syn-flood-2x', 'udp-amplification'].map((n) => `${n}.yaml`),
    );
  });

  it.each(files)('%s is valid and states the thresholds it assumes', (file) => {
    const s = loadScenarioFile(join(BUILTIN_SCENARIOS, file), { nowMs: Date.UTC(2026, 0, 1) });
    expect(s.thresholds.hostPps).toBeGreaterThan(0);
    expect(readFileSync(join(BUILTIN_SCENARIOS, file), 'utf8')).toMatch(/^# /);
  });

  it('the demo starts a botnet attack about 20 s in and repeats', () => {
    const s = loadScenarioFile('demo', { nowMs: 0 });
    expect(s.repeat).toBe(true);
    const first = [...s.attacks].sort((a, b) => a.startMs - b.startMs)[0]!;
    expect([first.kind, first.startMs, s.networks[first.target.network]!.name]).toEqual(['botnet', 20_000, 'Aozora Airlines']);
    expect(s.beacons[0]!.hostText).toBe('198.19.0.25');
  });
});

describe('named botnets', () => {
  it('give attacks naming the same botnet the same bots (the smaller attack a subset), and others their own', async () => {
    const { AttackModel } = await import('./traffic/attack.js');
    const { Rng } = await import('./random.js');
    const text = `${BASE}  - kind: botnet
    botnet: shared
    start: 5
    duration: 10
    target: 192.0.2.20
    rate: 1000
    sources: 300
  - kind: botnet
    botnet: shared
    start: 5
    duration: 10
    target: 198.51.100.20
    rate: 1000
    sources: 100
  - kind: botnet
    start: 5
    duration: 10
    target: 198.51.100.21
    rate: 1000
    sources: 100
`;
    const s = parseScenario(text, 'scenarios/x.yaml');
    const bots = s.attacks.slice(2).map((a) => {
      const m = new AttackModel(a, new Rng(1, `attack:${a.index}`), 0, Number.POSITIVE_INFINITY, 1 + a.index);
      const set = m.bots!;
      return new Set(Array.from({ length: set.size }, (_, i) => set.words.slice(i * 4, i * 4 + 4).join('.')));
    });
    const [big, small, own] = bots as [Set<string>, Set<string>, Set<string>];
    expect([...small].every((b) => big.has(b))).toBe(true);
    expect([...own].filter((b) => big.has(b)).length).toBeLessThan(5);
  });
});
