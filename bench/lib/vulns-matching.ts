/**
 * The matching side of the vulnerability benchmark: the exposure index built from every record and
 * asset with every finding written out, records replaced one at a time, and the naive match (every
 * asset against every record) for the same figures, with the finding counts of both compared.
 */
import { type AssetProducts, type Certainty, createExposureIndex, type ExposureIndex, type Finding, naiveMatch } from '../../src/vulns/match/index.js';
import type { CveId, VulnerabilityRecord } from '../../src/vulns/record.js';
import * as versions from '../../src/vulns/versions/index.js';

/** Findings by certainty. */
export type CertaintyCounts = Record<Certainty, number>;

/** A fresh count of every certainty. */
export function noFindings(): CertaintyCounts {
  return { confirmed: 0, 'platform-unstated': 0, 'needs-review': 0 };
}

/** The total of `counts`. */
export function total(counts: CertaintyCounts): number {
  return counts.confirmed + counts['platform-unstated'] + counts['needs-review'];
}

/** What the full recompute through the index did. */
export interface FullMatch {
  readonly index: ExposureIndex;
  readonly putRecordsMs: number;
  readonly putAssetsMs: number;
  readonly matchAllMs: number;
  readonly totalMs: number;
  readonly findings: CertaintyCounts;
  readonly undecided: number;
  readonly assetsWithFindings: number;
  /** Records with a malformed CPE name or purl (those names never match). */
  readonly recordsWithMalformedNames: number;
  readonly refusedAssets: number;
  /** Findings per asset ref, by certainty, to compare with the naive match on any part of the assets. */
  readonly perAsset: readonly CertaintyCounts[];
  /** The record with the most findings (the costliest to change), or undefined when there are none. */
  readonly busiest: { readonly id: CveId; readonly findings: number } | undefined;
}

/** Builds the index from `records` and `assets` and writes out every finding. */
export function fullMatch(records: readonly VulnerabilityRecord[], assets: readonly AssetProducts[]): FullMatch {
  const t0 = performance.now();
  const index = createExposureIndex(versions);
  let recordsWithMalformedNames = 0;
  for (const record of records) if (index.putRecord(record).malformed.length > 0) recordsWithMalformedNames++;
  const t1 = performance.now();
  let refusedAssets = 0;
  for (const asset of assets) if (!index.putAsset(asset).ok) refusedAssets++;
  const t2 = performance.now();
  const findings = noFindings();
  const perAsset = assets.map(noFindings);
  const perRecord = new Map<CveId, number>();
  for (const f of index.matchAll()) {
    findings[f.certainty]++;
    perAsset[f.assetRef]![f.certainty]++;
    perRecord.set(f.recordId, (perRecord.get(f.recordId) ?? 0) + 1);
  }
  let busiest: FullMatch['busiest'];
  for (const [id, n] of perRecord) if (busiest === undefined || n > busiest.findings) busiest = { id, findings: n };
  const t3 = performance.now();
  return {
    index,
    putRecordsMs: t1 - t0,
    putAssetsMs: t2 - t1,
    matchAllMs: t3 - t2,
    totalMs: t3 - t0,
    findings,
    undecided: index.stats().undecided,
    assetsWithFindings: perAsset.filter((c) => total(c) > 0).length,
    recordsWithMalformedNames,
    refusedAssets,
    perAsset,
    busiest,
  };
}

/** Index and naive times (ms) of replacing records, and whether both found as much. */
export interface Recompute {
  readonly indexMs: number;
  readonly naiveMs: number;
  readonly indexFindings: number;
  readonly naiveFindings: number;
}

/** Replaces `fresh` records in the index (`putRecord` + `findingsForRecord` each), then matches them naively against every asset. */
export function recompute(index: ExposureIndex, fresh: readonly VulnerabilityRecord[], assets: readonly AssetProducts[]): Recompute {
  const t0 = performance.now();
  let indexFindings = 0;
  for (const record of fresh) {
    index.putRecord(record);
    indexFindings += index.findingsForRecord(record.id).length;
  }
  const t1 = performance.now();
  const naiveFindings = naiveMatch(assets, fresh, versions).findings.length;
  return { indexMs: t1 - t0, naiveMs: performance.now() - t1, indexFindings, naiveFindings };
}

/** A naive run on part of the data. */
export interface NaivePart {
  readonly assets: number;
  readonly records: number;
  readonly ms: number;
  /** Time per (asset, record) pair, ns. */
  readonly nsPerPair: number;
}

/** Replaces `fresh` records in the index as one batch (`putRecords`, then `findingsForRecord` each): ms and findings. */
export function recomputeBatch(index: ExposureIndex, fresh: readonly VulnerabilityRecord[]): { readonly ms: number; readonly findings: number } {
  const t0 = performance.now();
  index.putRecords(fresh);
  let findings = 0;
  for (const record of fresh) findings += index.findingsForRecord(record.id).length;
  return { ms: performance.now() - t0, findings };
}

/** The naive full match as run: every asset, or every k-th asset with the time extrapolated, against every record. */
export interface NaiveRun extends NaivePart {
  /** Share of the assets matched (1 for all). */
  readonly fraction: number;
  /**
   * `ms` scaled to every asset (equal to `ms` when all ran): on the line through this run and the
   * probe before it, so that compiling the records, which every run does once, is counted once.
   */
  readonly extrapolatedMs: number;
  readonly findings: CertaintyCounts;
  /** The index's findings of the same assets. */
  readonly indexFindings: CertaintyCounts;
  /** Every asset against 1 % of the records; 1 % and 2 % of the assets against every record. */
  readonly probes: readonly NaivePart[];
}

/**
 * Matches every asset against every record naively. Probes first: every asset against 1 % of the
 * records (which stays in the CPU caches, so it is cheaper per pair than the whole: printed to show
 * it, not used), then 1 % and 2 % of the assets against every record — each asset walks every
 * record, so the cost is linear in assets once the records are compiled, and the line through the
 * two predicts the whole. All assets are run when the prediction is at most `budgetMs`, else 10 %
 * of them when that fits, else the 2 % probe stands.
 */
export function naiveFull(records: readonly VulnerabilityRecord[], assets: readonly AssetProducts[], perAsset: readonly CertaintyCounts[], budgetMs: number): NaiveRun {
  const run = (assetStride: number, recordStride: number) => {
    const someAssets = assets.filter((_, i) => i % assetStride === 0);
    const someRecords = recordStride === 1 ? records : records.filter((_, i) => i % recordStride === 0);
    const t0 = performance.now();
    const { findings } = naiveMatch(someAssets, someRecords, versions);
    const ms = performance.now() - t0;
    return { assets: someAssets, findings, part: { assets: someAssets.length, records: someRecords.length, ms, nsPerPair: (ms * 1e6) / Math.max(1, someAssets.length * someRecords.length) } };
  };
  const byRecords = run(1, 100);
  const small = run(100, 1);
  const probe = run(50, 1);
  const estimate = extrapolate(small.part, probe.part, assets.length);
  const stride = estimate <= budgetMs ? 1 : estimate / 10 <= budgetMs ? 10 : 50;
  const chosen = stride === 50 ? probe : run(stride, 1);
  const indexFindings = noFindings();
  for (const a of chosen.assets) {
    const c = perAsset[a.ref];
    if (c !== undefined) for (const k of Object.keys(indexFindings) as Certainty[]) indexFindings[k] += c[k];
  }
  return {
    ...chosen.part,
    fraction: chosen.assets.length / assets.length,
    extrapolatedMs: extrapolate(chosen === probe ? small.part : probe.part, chosen.part, assets.length),
    findings: countByCertainty(chosen.findings),
    indexFindings,
    probes: [byRecords.part, small.part, probe.part],
  };
}

/** The time of `all` assets on the line through two runs over every record (proportional when they are one). */
function extrapolate(probe: NaivePart, run: NaivePart, all: number): number {
  if (run.assets === all) return run.ms;
  if (run.assets === probe.assets) return (run.ms * all) / Math.max(1, run.assets);
  const perAsset = (run.ms - probe.ms) / (run.assets - probe.assets);
  return run.ms + perAsset * (all - run.assets);
}

function countByCertainty(findings: readonly Finding[]): CertaintyCounts {
  const counts = noFindings();
  for (const f of findings) counts[f.certainty]++;
  return counts;
}
