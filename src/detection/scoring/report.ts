/**
 * Text tables of detection scores: one row per true attack (and one per scenario without
 * attacks), then the targets with MET / MISSED.
 *
 * Pure: no I/O.
 */
import type { ScenarioScore } from './score-scenario.js';
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
const msText = (x: number | undefined): string => (x === undefined ? '-' : `${Math.round(x)} ms`);
const kpps = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(1)}k` : `${Math.round(x)}`);

/** The per-attack table of several scenarios. */
export function scoreTable(scores: readonly ScenarioScore[]): string {
  const header = ['scenario', 'attack', 'target', 'detected', 'ttd-1st-dgram', 'ttd-start', 'vectors', 'recall', 'recall-obs', 'precision', 'observable', 'true-pps', 'reported-pps', 'related', 'false'];
  const rows: string[][] = [];
  for (const s of scores) {
    if (s.attacks.length === 0) {
      const beacon = s.beacons.length === 0 ? '' : `beacon hosts reported as attacks: ${s.beacons.reduce((n, b) => n + b.reportedAsAttack, 0)}`;
      rows.push([s.scenario, '(benign only)', beacon, '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', String(s.falseAttacks.length)]);
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
