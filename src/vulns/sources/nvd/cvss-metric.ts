/**
 * One CVSS score as NVD (`metrics.cvssMetricV31[i].cvssData`) and CVE 5 (`metrics[i].cvssV3_1`)
 * write it: both carry the FIRST CVSS JSON schema object (`version`, `vectorString`, `baseScore`),
 * so one reader serves both. Shared by `nvd/` and `cve5/`.
 */
import type { CvssMetric } from '../../record.js';
import { at, fail, object, text } from './json-shape.js';

/** A CVSS version as the model keeps it. */
export type CvssVersion = CvssMetric['version'];

// The base metrics every vector of a version must carry (CVSS v2 guide §3.2.1, v3.1 specification
// §6, v4.0 specification §7). Temporal, environmental and supplemental metrics may follow; the FIRST
// JSON schemas allow them in any order, so only presence and uniqueness are checked.
const BASE_METRICS: Readonly<Record<CvssVersion, readonly string[]>> = {
  '2.0': ['AV', 'AC', 'Au', 'C', 'I', 'A'],
  '3.0': ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'],
  '3.1': ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'],
  '4.0': ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'],
};

const METRIC = /^[A-Za-z]+:[A-Za-z]+$/;

/** Why `vector` is not a CVSS `version` vector, or undefined when it is one. */
export function cvssVectorProblem(vector: string, version: CvssVersion): string | undefined {
  // v2 vectors have no prefix; v3.x and v4.0 start with `CVSS:<version>/`.
  const prefix = version === '2.0' ? '' : `CVSS:${version}/`;
  if (!vector.startsWith(prefix)) return `a CVSS ${version} vector starts with "${prefix}"`;
  const seenKeys = new Set<string>();
  for (const part of vector.slice(prefix.length).split('/')) {
    if (!METRIC.test(part)) return `"${part}" is not a METRIC:VALUE pair`;
    const key = part.slice(0, part.indexOf(':'));
    if (seenKeys.has(key)) return `metric ${key} appears twice`;
    seenKeys.add(key);
  }
  const missing = BASE_METRICS[version].filter((k) => !seenKeys.has(k));
  return missing.length === 0 ? undefined : `base metric${missing.length === 1 ? '' : 's'} ${missing.join(', ')} missing`;
}

/**
 * Reads a CVSS data object of `version` at `path`: its own `version` must agree with where it was
 * found, the vector must be a vector of that version and `baseScore` a number from 0 to 10.
 */
export function readCvss(data: unknown, version: CvssVersion, path: string, scoredBy: string, type?: string): CvssMetric {
  const d = object(data, path);
  const own = text(d.version, at(path, 'version'));
  if (own !== version) fail(at(path, 'version'), `version ${own} found where CVSS ${version} is expected`);
  const vector = text(d.vectorString, at(path, 'vectorString'));
  const problem = cvssVectorProblem(vector, version);
  if (problem !== undefined) fail(at(path, 'vectorString'), problem);
  const score = d.baseScore;
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 10) {
    fail(at(path, 'baseScore'), `a number from 0 to 10 is required, found ${JSON.stringify(score) ?? 'nothing'}`);
  }
  return type === undefined ? { version, vector, baseScore: score, scoredBy } : { version, vector, baseScore: score, scoredBy, type };
}
