/** Latency summaries for the BGP and mitigation benchmarks: nearest-rank percentiles of milliseconds. */

/** The nearest-rank `p`-th percentile (0–100) of ascending `sorted`. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Prints n, p50, p99 and max of `ms` under `name`; returns the p99. */
export function summary(name: string, ms: readonly number[]): number {
  const s = [...ms].sort((a, b) => a - b);
  const p99 = percentile(s, 99);
  console.log(`  ${name}: n=${s.length} p50=${percentile(s, 50).toFixed(1)} ms  p99=${p99.toFixed(1)} ms  max=${s[s.length - 1]!.toFixed(1)} ms`);
  return p99;
}
