/**
 * One CVE of the NVD CVE API 2.0 (`vulnerabilities[i]` of a response), read into {@link NvdFacts}.
 * Field names and rules follow NVD's "Vulnerability APIs" documentation and its CVE API 2.0 JSON
 * schema (https://nvd.nist.gov/developers/vulnerabilities).
 */
import { ok, type VulnsResult } from '../../errors.js';
import type { CveId, CvssMetric, NvdFacts } from '../../record.js';
import { type CvssVersion, readCvss } from './cvss-metric.js';
import { at, compact, cveId, day, type JsonObject, list, malformedRecord, object, optList, optText, ShapeError, text, timestamp } from './json-shape.js';
import { readConfiguration } from './nvd-configuration.js';

/** Where a record sits in what was fetched, for the error details when it cannot be read. */
export interface NvdRecordPlace {
  /** `startIndex` of the page the record came from. */
  readonly page?: number;
  /** Position of the record in the page's `vulnerabilities` array. */
  readonly index?: number;
}

// NVD keeps one array per CVSS version under `metrics`; newest first so that callers who take the
// first score take the most recent scheme. Other keys (`ssvcV203`…) are not CVSS and are not read.
const METRIC_KEYS: readonly (readonly [string, CvssVersion])[] = [
  ['cvssMetricV40', '4.0'],
  ['cvssMetricV31', '3.1'],
  ['cvssMetricV30', '3.0'],
  ['cvssMetricV2', '2.0'],
];

// NVD's placeholders in `weaknesses` (`NVD-CWE-noinfo`, `NVD-CWE-Other`) say that no CWE applies; they are not CWE ids.
const CWE = /^CWE-\d+$/;

/**
 * Reads one item of an NVD CVE API 2.0 response (`{ cve: {...} }`, or the bare `cve` object) into
 * {@link NvdFacts}. Every field read is validated; a record that breaks a rule gives
 * `SAKIMORI_ERR_VULN_RECORD_MALFORMED` with `details: { source: 'nvd', record, path }`, where
 * `record` is the CVE id (or `place.index` when the id cannot be read) and `path` the JSON path at
 * fault, relative to the item (`cve.configurations[0].nodes[1].cpeMatch[3].criteria`).
 *
 * @example
 * ```ts
 * const r = parseNvdRecord(page.vulnerabilities[0], { page: 0, index: 0 });
 * if (r.ok) r.value.configurations[0]?.nodes[0]?.cpeMatch[0]?.criteria; // 'cpe:2.3:o:nio:aspen:*:*:*:*:*:*:*:*'
 * else r.error.details; // { source: 'nvd', record: 'CVE-2023-24256', path: 'cve.metrics.cvssMetricV31[0].cvssData.baseScore' }
 * ```
 */
export function parseNvdRecord(json: unknown, place: NvdRecordPlace = {}): VulnsResult<NvdFacts> {
  let id: CveId | undefined;
  try {
    const item = object(json, 'cve');
    const cve = item.cve === undefined ? item : object(item.cve, 'cve');
    id = cveId(cve.id, 'cve.id');
    return ok(readFacts(cve, id));
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    const extra = place.page === undefined ? undefined : { page: place.page };
    return malformedRecord({ source: 'nvd', record: id ?? place.index ?? null, extra }, e);
  }
}

function readFacts(cve: JsonObject, id: CveId): NvdFacts {
  return compact({
    id,
    published: timestamp(cve.published, 'cve.published'),
    lastModified: timestamp(cve.lastModified, 'cve.lastModified'),
    vulnStatus: text(cve.vulnStatus, 'cve.vulnStatus'),
    description: readDescription(cve.descriptions, 'cve.descriptions'),
    cvss: readMetrics(cve.metrics, 'cve.metrics'),
    cwes: readWeaknesses(cve.weaknesses, 'cve.weaknesses'),
    // Records NVD has not analysed (Awaiting Analysis, Received…) have no `configurations`.
    configurations: optList(cve.configurations, 'cve.configurations').map((c, i) => readConfiguration(c, at('cve.configurations', i))),
    references: readReferences(cve.references, 'cve.references'),
    cisa: readCisa(cve),
  });
}

/** The first English description, else the first one (NVD gives at least one, often `en` then `es`). */
function readDescription(v: unknown, path: string): string {
  const all = list(v, path, 1).map((d, i) => {
    const o = object(d, at(path, i));
    return { lang: text(o.lang, at(at(path, i), 'lang')), value: text(o.value, at(at(path, i), 'value')) };
  });
  return (all.find((d) => d.lang === 'en') ?? all[0])?.value ?? '';
}

function readMetrics(v: unknown, path: string): CvssMetric[] {
  if (v === undefined) return [];
  const metrics = object(v, path);
  return METRIC_KEYS.flatMap(([key, version]) =>
    optList(metrics[key], at(path, key)).map((m, i) => {
      const p = at(at(path, key), i);
      const o = object(m, p);
      return readCvss(o.cvssData, version, at(p, 'cvssData'), text(o.source, at(p, 'source')), optText(o.type, at(p, 'type')));
    }),
  );
}

function readWeaknesses(v: unknown, path: string): string[] {
  const cwes = new Set<string>();
  optList(v, path).forEach((w, i) => {
    const p = at(path, i);
    list(object(w, p).description, at(p, 'description')).forEach((d, j) => {
      const value = text(object(d, at(at(p, 'description'), j)).value, at(at(at(p, 'description'), j), 'value'));
      if (CWE.test(value)) cwes.add(value);
    });
  });
  return [...cwes];
}

/** Reference URLs in NVD's order, each once (NVD lists a URL again when several sources give it). */
function readReferences(v: unknown, path: string): string[] {
  return [...new Set(optList(v, path).map((r, i) => text(object(r, at(path, i)).url, at(at(path, i), 'url'))))];
}

/** NVD's copy of the CISA KEV fields: all four when `cisaExploitAdd` is present, else none. */
function readCisa(cve: JsonObject): NvdFacts['cisa'] {
  if (cve.cisaExploitAdd === undefined) return undefined;
  return {
    exploitAdd: day(cve.cisaExploitAdd, 'cve.cisaExploitAdd'),
    actionDue: day(cve.cisaActionDue, 'cve.cisaActionDue'),
    requiredAction: text(cve.cisaRequiredAction, 'cve.cisaRequiredAction'),
    vulnerabilityName: text(cve.cisaVulnerabilityName, 'cve.cisaVulnerabilityName'),
  };
}
