/**
 * NVD applicability statements (`cve.configurations`, CVE API 2.0): configurations of nodes of CPE
 * match criteria, validated and normalised into {@link Configuration}.
 */
import { normaliseCpe } from '../../cpe/index.js';
import type { Configuration, ConfigNode, CpeCriterion } from '../../record.js';
import { at, boolean, compact, fail, list, object, oneOf, optText } from './json-shape.js';

const OPERATORS = ['AND', 'OR'] as const;
// NVD writes match criteria ids as upper-case UUIDs; case is not forgiven elsewhere, but an id is only a key.
const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/i;

/**
 * Reads one `configurations[i]`. NVD writes `operator` only when the configuration joins several
 * nodes (AND for "running on/with"); absent means OR. `negate` absent means false.
 */
export function readConfiguration(v: unknown, path: string): Configuration {
  const c = object(v, path);
  const operator = c.operator === undefined ? 'OR' : oneOf(c.operator, at(path, 'operator'), OPERATORS);
  const nodes = list(c.nodes, at(path, 'nodes'), 1).map((n, i) => readNode(n, at(at(path, 'nodes'), i)));
  return { operator, negate: boolean(c.negate, at(path, 'negate'), false), nodes };
}

/** Reads one node: `operator` is required by the CVE API 2.0 schema, `negate` defaults to false. */
function readNode(v: unknown, path: string): ConfigNode {
  const n = object(v, path);
  const operator = oneOf(n.operator, at(path, 'operator'), OPERATORS);
  const cpeMatch = list(n.cpeMatch, at(path, 'cpeMatch'), 1).map((m, i) => readCriterion(m, at(at(path, 'cpeMatch'), i)));
  return { operator, negate: boolean(n.negate, at(path, 'negate'), false), cpeMatch };
}

/** Reads one `cpeMatch`: the criteria normalised to a CPE 2.3 formatted string, at most one start and one end bound. */
function readCriterion(v: unknown, path: string): CpeCriterion {
  const m = object(v, path);
  const cpe = normaliseCpe(m.criteria);
  if (!cpe.ok) fail(at(path, 'criteria'), cpe.error.message);
  const bounds = {
    startIncluding: optText(m.versionStartIncluding, at(path, 'versionStartIncluding')),
    startExcluding: optText(m.versionStartExcluding, at(path, 'versionStartExcluding')),
    endIncluding: optText(m.versionEndIncluding, at(path, 'versionEndIncluding')),
    endExcluding: optText(m.versionEndExcluding, at(path, 'versionEndExcluding')),
  };
  if (bounds.startIncluding !== undefined && bounds.startExcluding !== undefined) fail(at(path, 'versionStartExcluding'), 'a range has one start bound, found two');
  if (bounds.endIncluding !== undefined && bounds.endExcluding !== undefined) fail(at(path, 'versionEndExcluding'), 'a range has one end bound, found two');
  const matchCriteriaId = optText(m.matchCriteriaId, at(path, 'matchCriteriaId'));
  if (matchCriteriaId !== undefined && !UUID.test(matchCriteriaId)) fail(at(path, 'matchCriteriaId'), `a UUID is required, found "${matchCriteriaId}"`);
  return compact({ criteria: cpe.value, vulnerable: boolean(m.vulnerable, at(path, 'vulnerable')), ...bounds, matchCriteriaId });
}
