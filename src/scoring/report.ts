/**
 * Text tables of detection scores: one row per true attack (and one per scenario without
 * attacks), then the targets with MET / MISSED.
 *
 * Pure: no I/O.
 */
import type { AttackScore, ScenarioScore } from './score-scenario.js';
import type { TargetResult } from './targets.js';

/** Formats rows as a fixed-width table; numeric-looking cells are right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = /^[-+]?\d[\d,]*(\.\d+)?( ?(ms|%|k|M|s))?$/;
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (numeric.test(c) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const signedPct = (x: number | undefined): string => (x === undefined ? '-' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`);
const msText = (x: number | undefined): string => (x === undefined ? '-' : `${Math.round(x)} ms`);
const kpps = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(1)}k` : `${Math.round(x)}`);

/** The per-attack table of several scenarios. */
export function scoreTable(scores: readonly ScenarioScore[]): string {
  const header = [
    'scenario',
    'attack',
    'target',
    'detected',
    'ttd-1st-dgram',
    'ttd-start',
    'vectors',
    'recall',
    'recall-obs',
    'precision',
    'observable',
    'true-pps',
    'reported-pps',
    'rate-err med',
    'rate-err worst',
    'noise',
    'start-err',
    'started-rate',
    'related',
    'false',
  ];
  const rows: string[][] = [];
  for (const s of scores) {
    if (s.attacks.length === 0) {
      const beacon = s.beacons.length === 0 ? '' : `beacon hosts reported as attacks: ${s.beacons.reduce((n, b) => n + b.reportedAsAttack, 0)}`;
      rows.push([s.scenario, '(benign only)', beacon, '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', String(s.falseAttacks.length)]);
      continue;
    }
    s.attacks.forEach((a, i) => {
      const src = a.sources;
      const v = a.vectors;
      rows.push([
        i === 0 ? s.scenario : '',
        a.id,
        a.target,
        a.detected ? `yes (${a.detection!.scope})` : 'NO',
        msText(a.timeToDetect?.fromFirstDatagramMs),
        msText(a.timeToDetect?.fromTrueStartMs),
        a.detected ? (v.correct ? 'ok' : `WRONG -${v.missing.join(',')} +${v.unexpected.join(',')}`) + (v.missingServices.length > 0 ? ` (unnamed: ${v.missingServices.join(',')})` : '') : '-',
        a.detected ? pct(src.recall) : '-',
        a.detected ? pct(src.recallObservable) : '-',
        a.detected ? pct(src.precision) : '-',
        `${pct(src.observableFraction)} (exp ${pct(src.expectedObservableFraction)})`,
        kpps(a.truePps),
        a.reportedPps === undefined ? '-' : `${kpps(a.reportedPps.median)} (peak ${kpps(a.reportedPps.peak)})`,
        signedPct(a.rates?.medianError),
        signedPct(a.rates?.worstError),
        a.rates === undefined ? '-' : pct(a.rates.samplingNoise),
        a.rates === undefined ? '-' : `${a.rates.startErrorMs >= 0 ? '+' : ''}${Math.round(a.rates.startErrorMs)} ms`,
        signedPct(a.rates?.startRateError),
        String(a.secondaryDetections),
        i === 0 ? String(s.falseAttacks.length) : '',
      ]);
    });
  }
  return formatTable(header, rows);
}

/** The targets table. */
export function targetTable(results: readonly TargetResult[]): string {
  return formatTable(
    ['status', 'kind', 'scenario', 'requirement', 'measured'],
    results.map((r) => [r.met ? 'MET' : 'MISSED', r.kind, r.scenario, r.description, r.measured]),
  );
}

/** One attack of one variant of the format matrix. */
export interface TimingRow {
  readonly scenario: string;
  readonly format: string;
  readonly profile: string;
  readonly phaseMs: number;
  readonly attack: string;
  readonly score: AttackScore;
}

/**
 * The format matrix: per scenario, attack, format and profile, the spread over export phases of
 * the time to detect, the start-time error, the median and worst per-second rate error and the
 * error of the started event's rate.
 */
export function timingTable(rows: readonly TimingRow[]): string {
  const groups = new Map<string, TimingRow[]>();
  for (const r of rows) {
    const k = `${r.scenario}\u0000${r.attack}\u0000${r.format}\u0000${r.profile}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const range = (xs: readonly number[], f: (x: number) => string): string => {
    if (xs.length === 0) return '-';
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    return lo === hi ? f(lo) : `${f(lo)}..${f(hi)}`;
  };
  const ms = (x: number): string => `${x >= 0 && x !== 0 ? '+' : ''}${Math.round(x)}`;
  const pc = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
  const worstAbs = (xs: readonly number[]): string => (xs.length === 0 ? '-' : pc(xs.reduce((w, x) => (Math.abs(x) > Math.abs(w) ? x : w), 0)));
  const out: string[][] = [];
  for (const g of groups.values()) {
    const first = g[0]!;
    const detected = g.filter((r) => r.score.detected);
    const rates = detected.map((r) => r.score.rates).filter((x) => x !== undefined);
    out.push([
      first.scenario,
      first.attack,
      first.format,
      first.profile,
      `${detected.length}/${g.length}`,
      range(detected.map((r) => r.score.timeToDetect?.fromTrueStartMs ?? NaN).filter(Number.isFinite), (x) => `${Math.round(x)}`),
      range(
        rates.map((r) => r.startErrorMs),
        ms,
      ),
      range(
        rates.map((r) => r.medianError).filter((x) => x !== undefined),
        pc,
      ),
      worstAbs(rates.map((r) => r.worstError).filter((x) => x !== undefined)),
      String(Math.min(...rates.map((r) => r.seconds), Infinity) === Infinity ? 0 : Math.min(...rates.map((r) => r.seconds))),
      range(
        rates.map((r) => r.startRateError).filter((x) => x !== undefined),
        pc,
      ),
    ]);
  }
  return formatTable(['scenario', 'attack', 'format', 'export', 'detected', 'ttd-start ms', 'start-err ms', 'rate-err median', 'rate-err worst', 'seconds', 'started-rate err'], out);
}
