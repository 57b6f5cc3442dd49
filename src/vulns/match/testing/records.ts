/**
 * Builders of vulnerability records for the matcher's tests: NVD configurations and CVE 5 / JVN
 * affected statements written as briefly as the cases need, everything else empty.
 */
import type { AffectedProduct, Configuration, ConfigNode, CpeCriterion, CveId, Sourced, VersionRange, VulnerabilityRecord, VulnSource } from '../../record.js';

/** A CPE 2.3 formatted string from its leading attributes, the rest ANY: `cpe('o', 'fortinet', 'fortios', '7.2.4')`. */
export function cpe(...attributes: string[]): string {
  const all = [...attributes];
  while (all.length < 11) all.push('*');
  return `cpe:2.3:${all.join(':')}`;
}

/** A criterion: vulnerable unless said otherwise, with optional bounds. */
export function criterion(criteria: string, range: VersionRange = {}, vulnerable = true): CpeCriterion {
  return { criteria, vulnerable, ...range };
}

/** A `vulnerable: false` criterion: a platform. */
export function platform(criteria: string, range: VersionRange = {}): CpeCriterion {
  return criterion(criteria, range, false);
}

/** A node of criteria joined by `operator`. */
export function node(operator: 'AND' | 'OR', cpeMatch: readonly CpeCriterion[], negate = false): ConfigNode {
  return { operator, negate, cpeMatch };
}

/** A configuration of nodes joined by `operator`. */
export function configuration(operator: 'AND' | 'OR', nodes: readonly ConfigNode[], negate = false): Configuration {
  return { operator, negate, nodes };
}

/** The usual NVD shape "vulnerable product X running on platform Y": two OR nodes joined by AND. */
export function runningOn(vulnerable: readonly CpeCriterion[], platforms: readonly CpeCriterion[]): Configuration {
  return configuration('AND', [node('OR', vulnerable), node('OR', platforms)]);
}

/** A record NVD has analysed, with these configurations and optional statements. */
export function nvdRecord(id: string, configurations: readonly Configuration[], affected: readonly Sourced<AffectedProduct>[] = []): VulnerabilityRecord {
  return { ...empty(id), nvdStatus: 'Analyzed', configurations: { value: configurations, source: 'nvd' }, affected };
}

/** A record NVD has not analysed: statements only. */
export function statementRecord(id: string, affected: readonly Sourced<AffectedProduct>[]): VulnerabilityRecord {
  return { ...empty(id), nvdStatus: 'Awaiting Analysis', configurations: undefined, affected };
}

/** An affected statement from `source` (the CNA container of a CVE record unless said otherwise). */
export function statement(product: Partial<AffectedProduct> & Pick<AffectedProduct, 'vendor' | 'product'>, source: VulnSource = 'cve5', detail = 'cna'): Sourced<AffectedProduct> {
  return { value: { cpes: [], defaultStatus: 'unknown', affected: [], unaffected: [], ...product }, source, detail };
}

function empty(id: string): VulnerabilityRecord {
  return { id: id as CveId, configurations: undefined, affected: [], cvss: [], cwes: [], jvnIds: [], references: [] };
}
