/** Output of the vulnerability benchmark: figures formatted one way, and the summary table with each target's verdict. */
import type { PhaseMemory } from './vulns-memory.js';

/** `1,234,567`. */
export const fmt = (n: number): string => Math.round(n).toLocaleString('en');

/** Milliseconds as `12.3 s` from a second up, else `123 ms` (one decimal below 10 ms). */
export function duration(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  return ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
}

/** Bytes as MiB. */
export const mib = (bytes: number): string => `${fmt(bytes / 2 ** 20)} MiB`;

/** One line `label ……… value`, indented. */
export function line(label: string, value: string): void {
  process.stdout.write(`  ${label.padEnd(62)} ${value}\n`);
}

/** A section heading. */
export function heading(text: string): void {
  process.stdout.write(`\n${text}\n`);
}

/** The median and the largest of `xs`. */
export function medianMax(xs: readonly number[]): { median: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor((s.length - 1) / 2)] ?? Number.NaN, max: s[s.length - 1] ?? Number.NaN };
}

/** A phase's memory: sampled peak, the kernel's peak, and the heap at its end. */
export function memoryLine(m: PhaseMemory): void {
  const kernel = m.kernelPeakRss === undefined ? 'kernel VmHWM n/a' : `kernel VmHWM ${mib(m.kernelPeakRss)}`;
  const e = m.atEnd;
  line(`peak RSS during ${m.phase}`, `${mib(m.peakRss)} sampled (${m.samples} samples, 200 ms), ${kernel}`);
  line(`  memoryUsage() at the end of ${m.phase}`, `rss ${mib(e.rss)}, heap ${mib(e.heapUsed)} / ${mib(e.heapTotal)}, external ${mib(e.external)}`);
}

/** One row of the summary: a figure, its target, and the naive approach's figure beside it. */
export interface SummaryRow {
  readonly figure: string;
  readonly measured: string;
  readonly target: string;
  /** Undefined for a figure without a target. */
  readonly met: boolean | undefined;
  readonly naive: string;
}

/** Prints the summary table; returns how many targets were missed. */
export function summaryTable(rows: readonly SummaryRow[]): number {
  const head: SummaryRow = { figure: 'figure', measured: 'measured', target: 'target', met: undefined, naive: 'naive (every asset × every record)' };
  const verdict = (r: SummaryRow) => (r === head ? 'verdict' : r.met === undefined ? '—' : r.met ? 'pass' : 'MISSED');
  const all = [head, ...rows];
  const w = (pick: (r: SummaryRow) => string) => Math.max(...all.map((r) => pick(r).length));
  const widths = [w((r) => r.figure), w((r) => r.measured), w((r) => r.target), w(verdict)];
  const print = (r: SummaryRow) =>
    process.stdout.write(`  ${r.figure.padEnd(widths[0]!)} │ ${r.measured.padEnd(widths[1]!)} │ ${r.target.padEnd(widths[2]!)} │ ${verdict(r).padEnd(widths[3]!)} │ ${r.naive}\n`);
  print(head);
  process.stdout.write(`  ${widths.map((x) => '─'.repeat(x)).join('─┼─')}─┼─${'─'.repeat(head.naive.length)}\n`);
  for (const r of rows) print(r);
  return rows.filter((r) => r.met === false).length;
}
