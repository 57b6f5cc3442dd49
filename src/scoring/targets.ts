/**
 * The detection targets of the issue, evaluated on the scores of the built-in scenarios, plus the
 * scorer's own checks. Targets gate a run (the scorer exits non-zero when one is missed); checks
 * are reported and gate only in strict mode.
 *
 * Pure: no I/O.
 */
import type { AttackScore, ScenarioScore } from './score-scenario.js';

/** One evaluated target or check. */
export interface TargetResult {
  readonly id: string;
  readonly scenario: string;
  readonly description: string;
  /** Targets come from the issue; checks are the scorer's own expectations. */
  readonly kind: 'target' | 'check';
  readonly met: boolean;
  /** What was measured, in words. */
  readonly measured: string;
}

/** Limits of the targets. */
export const TARGETS = {
  timeToDetectAt2xMs: 1000,
  botnetRecall: 0.95,
  botnetPrecision: 0.99,
} as const;

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const ms = (x: number | undefined): string => (x === undefined ? 'n/a' : `${Math.round(x)} ms`);

function firstAttack(s: ScenarioScore): AttackScore | undefined {
  return s.attacks[0];
}

/** Evaluates the targets of the scenarios present in `scores`, then the general checks. */
export function evaluateTargets(scores: readonly ScenarioScore[]): TargetResult[] {
  const out: TargetResult[] = [];
  const by = new Map(scores.map((s) => [s.scenario, s]));
  const syn = by.get('syn-flood-2x');
  if (syn !== undefined) {
    const a = firstAttack(syn);
    const t = a?.timeToDetect?.fromFirstDatagramMs;
    out.push({
      id: 'time-to-detect-2x',
      scenario: syn.scenario,
      description: `time to detect at 2× threshold <= ${TARGETS.timeToDetectAt2xMs} ms after the first datagram carrying the attack`,
      kind: 'target',
      met: t !== undefined && t <= TARGETS.timeToDetectAt2xMs,
      measured: a?.detected === true ? `${ms(t)} (${ms(a.timeToDetect?.fromTrueStartMs)} from the true start)` : 'not detected',
    });
  }
  const burst = by.get('burst-5x-1s');
  if (burst !== undefined) {
    const a = firstAttack(burst);
    out.push({
      id: 'burst-5x-1s',
      scenario: burst.scenario,
      description: 'a one-second burst at 5× threshold is detected',
      kind: 'target',
      met: a?.detected === true,
      measured: a?.detected === true ? `detected after ${ms(a.timeToDetect?.fromFirstDatagramMs)}` : 'not detected',
    });
  }
  const carpet = by.get('carpet-bombing-22');
  if (carpet !== undefined) {
    const a = firstAttack(carpet);
    out.push({
      id: 'carpet-bombing-22',
      scenario: carpet.scenario,
      description: 'carpet bombing over a /22 with every host at half its threshold is detected (per prefix)',
      kind: 'target',
      met: a?.detected === true && a.detection?.scope === 'prefix',
      measured: a?.detected === true ? `${a.detection!.target} after ${ms(a.timeToDetect?.fromFirstDatagramMs)}` : 'not detected per prefix',
    });
  }
  const benign = by.get('benign-30min');
  if (benign !== undefined) {
    out.push({
      id: 'benign-30min',
      scenario: benign.scenario,
      description: 'zero false attacks in the 30-minute benign run',
      kind: 'target',
      met: benign.falseAttacks.length === 0,
      measured: `${benign.falseAttacks.length} false attacks`,
    });
  }
  const botnet = by.get('botnet-mirai');
  if (botnet !== undefined) {
    const a = firstAttack(botnet);
    const s = a?.sources;
    out.push({
      id: 'botnet-sources',
      scenario: botnet.scenario,
      description: `source recall >= ${pct(TARGETS.botnetRecall)} and precision >= ${pct(TARGETS.botnetPrecision)} on the botnet at 1:1000`,
      kind: 'target',
      met: s !== undefined && a!.detected && s.recall >= TARGETS.botnetRecall && s.precision >= TARGETS.botnetPrecision,
      measured: s === undefined ? 'no attack' : `recall ${pct(s.recall)} (${pct(s.recallObservable)} of observable), precision ${pct(s.precision)}`,
    });
  }
  const c2 = by.get('c2-beacons');
  if (c2 !== undefined) {
    const reported = c2.beacons.reduce((n, b) => n + b.reportedAsAttack, 0);
    out.push({
      id: 'c2-not-attack',
      scenario: c2.scenario,
      description: 'C2 beacon hosts are not reported as attacks',
      kind: 'target',
      met: c2.beacons.length > 0 && reported === 0,
      measured: `${reported} attack reports on ${c2.beacons.length} beacon hosts`,
    });
  }
  for (const s of scores) out.push(...checks(s));
  return out;
}

/** The scorer's own checks for any scenario: every attack detected with the right vectors, no false attacks. */
function checks(s: ScenarioScore): TargetResult[] {
  const out: TargetResult[] = [];
  for (const a of s.attacks) {
    out.push({
      id: `detected:${a.id}`,
      scenario: s.scenario,
      description: `${a.id} detected`,
      kind: 'check',
      met: a.detected,
      measured: a.detected ? `after ${ms(a.timeToDetect?.fromFirstDatagramMs)}` : 'not detected',
    });
    if (a.detected) {
      const v = a.vectors;
      out.push({
        id: `vectors:${a.id}`,
        scenario: s.scenario,
        description: `${a.id} vectors correct`,
        kind: 'check',
        met: v.correct,
        measured: v.correct ? v.detected.join(',') : `missing [${v.missing.join(',')}] unexpected [${v.unexpected.join(',')}]`,
      });
    }
  }
  out.push({
    id: `no-false-attacks:${s.scenario}`,
    scenario: s.scenario,
    description: 'no false attacks',
    kind: 'check',
    met: s.falseAttacks.length === 0,
    measured: `${s.falseAttacks.length} false attacks`,
  });
  return out;
}

/** Bounds of the export-timing targets (issue 16). */
export const TIMING = {
  /** Largest error of a reported complete second, beyond four standard deviations of sampling noise. */
  rateError: 0.01,
  /** Largest |startedAt − first attack packet|. */
  startErrorMs: 200,
} as const;

/** The export-timing targets: one per scenario, attack, format and export profile, over every phase. */
export function evaluateTimingTargets(
  rows: readonly { readonly scenario: string; readonly format: string; readonly profile: string; readonly phaseMs: number; readonly attack: string; readonly score: AttackScore }[],
): TargetResult[] {
  const groups = new Map<string, (typeof rows)[number][]>();
  for (const r of rows) {
    const k = `${r.scenario}/${r.attack}/${r.format}/${r.profile}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const out: TargetResult[] = [];
  for (const [k, g] of groups) {
    const problems: string[] = [];
    let worstRate = 0;
    let worstStart = 0;
    for (const r of g) {
      const x = r.score.rates;
      if (!r.score.detected || x === undefined) {
        problems.push(`+${r.phaseMs} ms: not detected`);
        continue;
      }
      if (Math.abs(x.startErrorMs) > Math.abs(worstStart)) worstStart = x.startErrorMs;
      if (Math.abs(x.startErrorMs) > TIMING.startErrorMs) problems.push(`+${r.phaseMs} ms: start ${Math.round(x.startErrorMs)} ms`);
      if (x.seconds === 0 || x.worstError === undefined) {
        problems.push(`+${r.phaseMs} ms: no complete second reported`);
        continue;
      }
      if (Math.abs(x.worstError) > Math.abs(worstRate)) worstRate = x.worstError;
      if (Math.abs(x.worstError) > TIMING.rateError + 4 * x.samplingNoise)
        problems.push(`+${r.phaseMs} ms: rate ${(x.worstError * 100).toFixed(1)} % in the second at +${((x.worstSecondMs ?? 0) / 1000).toFixed(1)} s`);
    }
    out.push({
      id: `timing:${k}`,
      scenario: g[0]!.scenario,
      description: `${g[0]!.attack} via ${g[0]!.format} (${g[0]!.profile}, ${g.length} phases): every complete second within ${TIMING.rateError * 100} % (+4σ sampling), startedAt within ${TIMING.startErrorMs} ms of the first attack packet`,
      kind: 'target',
      met: problems.length === 0,
      measured:
        problems.length === 0
          ? `worst second ${(worstRate * 100).toFixed(2)} %, worst start ${Math.round(worstStart)} ms`
          : problems.slice(0, 3).join('; ') + (problems.length > 3 ? ` (+${problems.length - 3} more)` : ''),
    });
  }
  return out;
}
