/**
 * Runs the matcher both ways for a test — through the index and naively — checks that they agree,
 * and gives the findings and undecided pairs.
 */
import { expect } from 'vitest';
import type { VulnerabilityRecord } from '../../record.js';
import type { AssetProducts } from '../asset-products.js';
import { createExposureIndex } from '../exposure-index.js';
import type { Finding, Undecided } from '../finding.js';
import { naiveMatch } from '../naive-match.js';
import { realVersions, uncachedVersions } from './comparator.js';

/** Findings and undecided pairs of `assets` against `records`, the index's, after checking the naive match and the uncached comparator agree. */
export function match(assets: readonly AssetProducts[], records: readonly VulnerabilityRecord[]): { findings: Finding[]; undecided: Undecided[] } {
  const index = createExposureIndex(realVersions);
  for (const record of records) expect(index.putRecord(record)).toEqual({ malformed: [] });
  for (const asset of assets) expect(index.putAsset(asset)).toEqual({ ok: true, value: undefined });
  const findings = [...index.matchAll()];
  const undecided = assets.flatMap((a) => index.undecidedForAsset(a.ref));
  expect(naiveMatch(assets, records, realVersions)).toEqual({ findings, undecided });
  expect(naiveMatch(assets, records, uncachedVersions)).toEqual({ findings, undecided });
  return { findings, undecided };
}

/** The findings of one asset (ref 0) with these CPE names against `records`. */
export function findingsOf(cpes: readonly string[], ...records: VulnerabilityRecord[]): Finding[] {
  return match([{ ref: 0, cpes }], records).findings;
}
