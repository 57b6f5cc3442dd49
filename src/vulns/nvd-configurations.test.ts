/**
 * The real NVD records of the shared fixtures produce the findings their configurations imply, and
 * none from a `vulnerable: false` platform alone. For every configuration of every record an asset
 * is built that satisfies it — one CPE per node, taken from the node's first usable criterion with
 * a concrete version inside its bounds — and must get a confirmed finding of that record; the same
 * asset without its vulnerable names (its platforms only) must get none; and for
 * firmware-on-hardware configurations, the firmware on another hardware must get none either.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeExternal, missingFixtures, sharedFixture } from '../testing/external.js';
import { bindToFs, unbindFs, wfnString } from './cpe/index.js';
import { createExposureIndex } from './match/exposure-index.js';
import { mergeFacts } from './merge.js';
import type { Configuration, CpeCriterion, NvdFacts } from './record.js';
import { parseNvdRecord } from './sources/nvd/index.js';
import * as versions from './versions/index.js';

function nvdRecords(): NvdFacts[] {
  const files = [
    sharedFixture('vuln', 'nvd-configurations', 'vunnel-full-page.json'),
    sharedFixture('vuln', 'nvd-configurations', 'vunnel-single-entry.json'),
    ...readdirSync(sharedFixture('vuln', 'nvd-configurations', 'osv-nvdcve-2.0')).map((f) => sharedFixture('vuln', 'nvd-configurations', 'osv-nvdcve-2.0', f)),
    ...readdirSync(sharedFixture('vuln', 'nvd')).map((f) => sharedFixture('vuln', 'nvd', f)),
  ];
  const out: NvdFacts[] = [];
  for (const file of files) {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { vulnerabilities?: unknown[] };
    for (const item of json.vulnerabilities ?? [json]) {
      const r = parseNvdRecord(item);
      if (r.ok) out.push(r.value);
    }
  }
  return out;
}

/** A concrete version inside the criterion's bounds, or undefined when none of the candidates is. */
function versionInside(c: CpeCriterion): string | undefined {
  const candidates = [c.startIncluding, c.endIncluding, '0', '0.0.1', c.startExcluding === undefined ? undefined : `${c.startExcluding}.1`].filter((v) => v !== undefined);
  return candidates.find((v) => versions.inRange(v, c, 'generic') === true);
}

/** The asset name that satisfies `c`, or undefined when the criterion's name or bounds give none. */
function nameFor(c: CpeCriterion): string | undefined {
  const wfn = unbindFs(c.criteria);
  if (!wfn.ok) return undefined;
  const bounded = c.startIncluding !== undefined || c.startExcluding !== undefined || c.endIncluding !== undefined || c.endExcluding !== undefined;
  // Unbounded: the criterion's own name (a specific version, NA for hardware, or any version).
  if (!bounded) return c.criteria;
  const v = versionInside(c);
  return v === undefined ? undefined : bindToFs({ ...wfn.value, version: wfnString(v) });
}

/** One name per node from its first usable criterion (vulnerable ones first for the vulnerable side), or undefined. */
function assetFor(config: Configuration): { vulnerable: string[]; platforms: string[] } | undefined {
  const vulnerable: string[] = [];
  const platforms: string[] = [];
  for (const node of config.nodes) {
    if (node.negate) return undefined;
    const ordered = [...node.cpeMatch].sort((a, b) => Number(b.vulnerable) - Number(a.vulnerable));
    const picked = node.operator === 'AND' ? node.cpeMatch : ordered.slice(0, 1);
    for (const c of picked) {
      const name = nameFor(c);
      if (name === undefined) return undefined;
      (c.vulnerable ? vulnerable : platforms).push(name);
    }
  }
  return vulnerable.length === 0 ? undefined : { vulnerable, platforms };
}

describeExternal('NVD configurations of the shared fixtures', missingFixtures(), () => {
  it('gives each configuration’s implied asset a confirmed finding, and its platforms alone none', () => {
    const records = nvdRecords();
    expect(records.length).toBeGreaterThan(30);
    let checked = 0;
    let platformOnly = 0;
    let otherHardware = 0;
    for (const facts of records) {
      const record = mergeFacts(facts.id, { nvd: facts });
      for (const [i, config] of facts.configurations.entries()) {
        const asset = assetFor(config);
        if (asset === undefined) continue;
        const index = createExposureIndex(versions);
        index.putRecord(record);
        index.putAsset({ ref: 0, cpes: [...asset.vulnerable, ...asset.platforms] });
        const found = index.findingsForAsset(0);
        expect(
          found.map((f) => [f.recordId, f.certainty]),
          `${facts.id} configuration ${i + 1}: ${[...asset.vulnerable, ...asset.platforms].join(' ')}`,
        ).toEqual([[facts.id, 'confirmed']]);
        checked += 1;
        if (asset.platforms.length > 0) {
          index.putAsset({ ref: 1, cpes: asset.platforms });
          expect(index.findingsForAsset(1), `${facts.id}: platforms alone`).toEqual([]);
          platformOnly += 1;
          // The vulnerable product on a platform of another vendor's make: no confirmed finding.
          const other = asset.platforms.map((p) => p.replace(/^(cpe:2\.3:[aho]:)[^:]+:[^:]+:/, '$1unrelated_vendor:unrelated_model:'));
          index.putAsset({ ref: 2, cpes: [...asset.vulnerable, ...other] });
          expect(
            index.findingsForAsset(2).filter((f) => f.certainty === 'confirmed'),
            `${facts.id}: another platform`,
          ).toEqual([]);
          otherHardware += 1;
        }
      }
    }
    // Every configuration an asset can be built for (68 of the fixtures'), 14 of them with a platform.
    expect({ checked, platformOnly, otherHardware }).toEqual({ checked: 68, platformOnly: 14, otherHardware: 14 });
  });
});
