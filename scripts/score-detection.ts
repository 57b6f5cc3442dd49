/**
 * Detection scoring: replays each built-in scenario through the real collector and detector on a
 * manual clock (faster than real time), compares what was detected with the scenario's ground
 * truth, prints a table per attack and the targets, writes JSON to `artifacts/score/`,
 * and exits non-zero when a target is missed.
 *
 * Run: npm run score:detection [-- --scenario syn-flood-2x[,burst-5x-1s]] [--matrix export-timing] [--formats netflow-v9,ipfix]
 *        [--config sakimori.yaml] [--strict] [--out dir]
 *
 * --matrix  scenarios replayed through every export format, export phase and timeout profile
 *           (`export-matrix.ts`), scored for rate and start-time error; `--matrix none` skips it;
 * --formats the formats of the matrix (default: all four);
 * --config  a Sakimori configuration file whose `detection` and `collector` sections are used
 *           (the scenario's thresholds are configured on top);
 * --strict  the scorer's own checks (every attack detected, vectors, no false attacks) gate too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readConfigFile, validateConfig } from '../src/config/load.js';
import { silentLogger } from '../src/core/logger.js';
import { createMetricsRegistry } from '../src/core/metrics.js';
import { exportVariants, MATRIX_FORMATS } from '../src/scoring/export-matrix.js';
import { scoreTable, targetTable, timingTable, type TimingRow } from '../src/scoring/report.js';
import { scenarioDetectionOverrides } from '../src/scoring/scenario-setup.js';
import { scoreReplay, type ScoredReplay } from '../src/scoring/score-replay.js';
import { evaluateTargets, evaluateTimingTargets } from '../src/scoring/targets.js';
import { loadScenarioFile, type ExportFormat, type Scenario } from '../src/simulator/index.js';

/** The built-in scenarios scored by default, in the order they are printed. */
const SCENARIOS = ['syn-flood-2x', 'burst-5x-1s', 'udp-amplification', 'carpet-bombing-22', 'botnet-mirai', 'c2-beacons', 'ipv6-attacks', 'benign-30min'];
/** The scenarios of the format matrix by default. */
const MATRIX = ['export-timing'];

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', multiple: true },
    matrix: { type: 'string', multiple: true },
    formats: { type: 'string' },
    config: { type: 'string' },
    strict: { type: 'boolean', default: false },
    out: { type: 'string', default: 'artifacts/score' },
  },
});
const list = (v: string[] | undefined, fallback: readonly string[]): string[] => (v === undefined ? [...fallback] : v.flatMap((s) => s.split(',')).filter((s) => s.length > 0 && s !== 'none'));
const names = list(values.scenario, SCENARIOS);
const matrixNames = list(values.matrix, values.scenario === undefined ? MATRIX : []);
const formats = (values.formats === undefined ? MATRIX_FORMATS : values.formats.split(',')) as ExportFormat[];
const base = values.config === undefined ? {} : readConfigFile(values.config);

/** Replays and scores one scenario. */
function run(scenario: Scenario): ScoredReplay & { detection: Record<string, unknown> } {
  const baseDetection = (base.detection ?? {}) as Record<string, unknown>;
  const overrides = scenarioDetectionOverrides(scenario.thresholds) as { thresholds: Record<string, unknown> };
  const detectionRaw = { ...baseDetection, thresholds: { ...((baseDetection.thresholds as Record<string, unknown> | undefined) ?? {}), ...overrides.thresholds } };
  const config = validateConfig({ ...base, detection: detectionRaw });
  const r = scoreReplay(scenario, config, { logger: silentLogger(), metrics: createMetricsRegistry() });
  return { ...r, detection: { windowSeconds: config.detection.windowSeconds, cooldownSeconds: config.detection.cooldownSeconds, thresholds: config.detection.thresholds } };
}

const started = new Date();
const load0 = loadavg();
const results: Array<ReturnType<typeof run>> = [];
const progress = (name: string, r: ReturnType<typeof run>): void => {
  const speed = (r.score.durationS * 1000) / r.replay.wallMs;
  process.stderr.write(`score: ${name} … ${r.replay.datagrams} datagrams, ${r.replay.records} records, ${(r.replay.wallMs / 1000).toFixed(1)} s (${speed.toFixed(0)}× real time)\n`);
};
for (const name of names) {
  const r = run(loadScenarioFile(name));
  results.push(r);
  progress(name, r);
}
const timing: TimingRow[] = [];
for (const name of matrixNames) {
  for (const v of exportVariants(loadScenarioFile(name), formats)) {
    const r = run(v.scenario);
    progress(v.scenario.name, r);
    for (const a of r.score.attacks) timing.push({ scenario: name, format: v.format, profile: v.profile, phaseMs: v.phaseMs, attack: a.id, score: a });
  }
}
const scores = results.map((r) => r.score);
const targets = [...evaluateTargets(scores), ...evaluateTimingTargets(timing)];
const load1 = loadavg();

process.stdout.write(
  `\n== detection scores (ttd = time to detect; recall-obs = recall of the sources sampled at least once; related = host detections inside a carpet or the prefix around a host) ==\n`,
);
process.stdout.write(`${scoreTable(scores)}\n`);
for (const s of scores) {
  for (const f of s.falseAttacks.slice(0, 5)) process.stdout.write(`  false attack in ${s.scenario}: ${f.scope} ${f.target} at +${(f.detectedAtMs / 1000).toFixed(1)} s, ${f.trigger}\n`);
  if (s.falseAttacks.length > 5) process.stdout.write(`  … and ${s.falseAttacks.length - 5} more false attacks in ${s.scenario}\n`);
  for (const b of s.beacons)
    process.stdout.write(
      `  beacon ${b.name} (${b.host}, ${b.beacons} beacons): reported as attack ${b.reportedAsAttack}×; host.infected: ${b.infectedReports.length === 0 ? 'none' : b.infectedReports.join(',')}\n`,
    );
}
if (timing.length > 0) {
  process.stdout.write(
    `\n== export timing: the same attacks through every format, export phase and timeout profile (ranges over phases; start-err = startedAt - first attack packet; rate-err = (reported - true) / true per complete second; started-rate err = attack.started's rate against the first complete second) ==\n`,
  );
  process.stdout.write(`${timingTable(timing)}\n`);
}
process.stdout.write(`\n== targets ==\n${targetTable(targets)}\n`);
process.stdout.write(`\nload average ${load0.map((x) => x.toFixed(2)).join(' ')} at start, ${load1.map((x) => x.toFixed(2)).join(' ')} at end (2 cores, shared)\n`);

mkdirSync(values.out!, { recursive: true });
const file = join(values.out!, `detection-score-${started.toISOString().replace(/[:.]/g, '-')}.json`);
const json = {
  startedAt: started.toISOString(),
  loadAverage: { start: load0, end: load1 },
  configFile: values.config ?? null,
  scenarios: results.map((r) => ({ ...r.score, detection: r.detection, replay: { datagrams: r.replay.datagrams, records: r.replay.records, wallMs: Math.round(r.replay.wallMs) } })),
  timing,
  targets,
};
writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
writeFileSync(join(values.out!, 'detection-score-latest.json'), `${JSON.stringify(json, null, 2)}\n`);
process.stdout.write(`wrote ${file}\n`);

const gating = targets.filter((t) => !t.met && (t.kind === 'target' || values.strict === true));
if (gating.length > 0) {
  process.stdout.write(`${gating.length} ${values.strict === true ? 'targets/checks' : 'targets'} missed: ${gating.map((t) => t.id).join(', ')}\n`);
  process.exitCode = 1;
}
