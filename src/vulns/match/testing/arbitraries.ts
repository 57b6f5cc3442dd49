/**
 * fast-check generators of assets and records over a small vocabulary, so that names collide often:
 * few vendors and products, versions that order, one the generic scheme cannot read (`1..0`), ANY
 * and NA, updates, platforms, negation, purls and statements of every kind.
 */
import fc from 'fast-check';
import type { AffectedProduct, Configuration, ConfigNode, CpeCriterion, Sourced, VersionRange, VulnerabilityRecord } from '../../record.js';
import type { AssetProducts } from '../asset-products.js';
import { cpe, nvdRecord } from './records.js';

const VENDORS = ['acme', 'acme', 'globex'] as const;
/** Each product with its part, so that names meet often: an application, a firmware, two devices. */
const PRODUCTS = [
  ['a', 'gateway'],
  ['o', 'cam_fw'],
  ['h', 'cam_x1'],
  ['h', 'smart_camera'],
] as const;
const VERSIONS = ['1.0', '1.2', '2.0', '2.0.1', '10.0', '1..0'] as const;
const UPDATES = ['*', 'sp1', 'sp2'] as const;
const PURLS = ['pkg:npm/lodash', 'pkg:deb/debian/linux', 'pkg:npm/%40types/lodash'] as const;

// The unreadable version is rarer than the others, or most pairs would be undecided.
const version = fc.constantFrom(...VERSIONS, ...VERSIONS.slice(0, -1));

/** An asset CPE name: concrete, its version sometimes ANY or NA. */
// Assets also run versions no bound names (`1.1`, `3.0`), and `2.0.0`, equal to `2.0` in order but not in name.
const assetCpe = fc
  .tuple(fc.constantFrom(...PRODUCTS), fc.constantFrom(...VENDORS), fc.constantFrom(...VERSIONS, '1.1', '2.0.0', '3.0', '*', '-'), fc.constantFrom(...UPDATES))
  .map(([[part, product], vendor, v, update]) => cpe(part, vendor, product, v, update));

/** Assets with refs 0, 1, 2… */
export const assets: fc.Arbitrary<AssetProducts[]> = fc
  .array(fc.record({ cpes: fc.array(assetCpe, { minLength: 1, maxLength: 3 }), purl: fc.option(fc.tuple(fc.constantFrom(...PURLS), fc.option(version)), { nil: undefined }) }), { maxLength: 6 })
  .map((list) => list.map(({ cpes, purl }, ref) => (purl === undefined ? { ref, cpes } : { ref, cpes, purl: purl[1] === null ? purl[0] : `${purl[0]}@${purl[1]}` })));

/** No bounds half the time; else one or two. */
const range: fc.Arbitrary<VersionRange> = fc.oneof(
  fc.constant({}),
  fc
    .record({ startIncluding: version, startExcluding: version, endIncluding: version, endExcluding: version }, { requiredKeys: [] })
    .map((r) => Object.fromEntries(Object.entries(r).slice(0, 2)) as VersionRange),
);

/** A criterion name: its vendor rarely ANY (then the record is tried against every asset), its version mostly ANY. */
const criterionName = fc
  .tuple(
    fc.constantFrom(...PRODUCTS.slice(0, 3)),
    fc.constantFrom<string>(...VENDORS, ...VENDORS, '*'),
    fc.constantFrom<string>('*', '*', '*', '*', '*', '*', '-', '1.*', ...VERSIONS),
    fc.constantFrom('*', '*', '*', 'sp1'),
  )
  .map(([[part, product], vendor, v, update]) => cpe(part, vendor, product, v, update));

const criterion: fc.Arbitrary<CpeCriterion> = fc.record({ criteria: criterionName, vulnerable: fc.constantFrom(true, true, false), range }).map(({ range: r, ...c }) => ({ ...c, ...r }));
const operator = fc.constantFrom<'AND' | 'OR'>('AND', 'OR', 'OR');
const negate = fc.constantFrom(false, false, false, false, false, false, false, true);
const configNode: fc.Arbitrary<ConfigNode> = fc.record({ operator, negate, cpeMatch: fc.array(criterion, { minLength: 1, maxLength: 3 }) });
const configuration: fc.Arbitrary<Configuration> = fc.record({ operator, negate, nodes: fc.array(configNode, { minLength: 1, maxLength: 2 }) });

const product: fc.Arbitrary<AffectedProduct> = fc
  .record({
    vendor: fc.constantFrom('acme', 'Acme', 'globex', 'Globex'),
    product: fc.constantFrom('gateway', 'smart camera', 'Smart-Camera', 'camera'),
    cpes: fc.array(criterionName, { maxLength: 1 }),
    purl: fc.option(fc.constantFrom(...PURLS), { nil: undefined }),
    defaultStatus: fc.constantFrom<AffectedProduct['defaultStatus']>('affected', 'unaffected', 'unknown'),
    affected: fc.array(range, { maxLength: 2 }),
    unaffected: fc.array(range, { maxLength: 1 }),
    versionType: fc.option(fc.constantFrom('semver', 'custom'), { nil: undefined }),
    versionText: fc.option(fc.constant(['before 2.0']), { nil: undefined }),
  })
  .map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as unknown as AffectedProduct);

const sourced: fc.Arbitrary<Sourced<AffectedProduct>> = fc.record({ value: product, source: fc.constantFrom('cve5' as const, 'jvn' as const) });

/** A record body; its id is given by position. */
const recordBody = fc.record({ configurations: fc.array(configuration, { maxLength: 2 }), affected: fc.array(sourced, { maxLength: 2 }) });

/** Records with ids CVE-2024-1000, CVE-2024-1001… (in the order the index lists them). */
export const records: fc.Arbitrary<VulnerabilityRecord[]> = fc
  .array(recordBody, { maxLength: 6 })
  .map((list) => list.map((body, i) => nvdRecord(`CVE-2024-${1000 + i}`, body.configurations, body.affected)));

/** One record body to replace record `CVE-2024-<1000 + i>` with. */
export const replacement: fc.Arbitrary<(i: number) => VulnerabilityRecord> = recordBody.map((body) => (i: number) => nvdRecord(`CVE-2024-${1000 + i}`, body.configurations, body.affected));
