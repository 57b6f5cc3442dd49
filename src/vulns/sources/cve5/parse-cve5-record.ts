/**
 * One CVE JSON 5.x record (the CVE Record Format, `dataType: CVE_RECORD`, `dataVersion` 5.0 to 5.2)
 * read into {@link Cve5Facts}: the CNA container and every ADP container, each fact with the
 * container it came from. Rules from CVEProject/cve-schema `schema/CVE_Record_Format.json`.
 */
import { ok, type VulnsResult } from '../../errors.js';
import { asCveId, type CveId, type Cve5Facts, type CvssMetric } from '../../record.js';
import { type CvssVersion, readCvss } from '../nvd/cvss-metric.js';
import { at, cveId, fail, type JsonObject, list, malformedRecord, object, oneOf, optList, optText, optTimestamp, ShapeError, text } from '../nvd/json-shape.js';
import { readAffectedProduct } from './affected-product.js';

/** What the caller knows of the record beforehand, to catch a record filed under the wrong id. */
export interface Cve5Expectation {
  /** The CVE id the record should carry (the file name in cvelistV5, the id asked of CVE Services). */
  readonly id?: string;
}

/** One container of the record: `cna` or `adp:<shortName>`, with who provided it. */
interface Container {
  readonly name: string;
  /** `providerMetadata.shortName`, else its `orgId`: who scored a CVSS metric of this container. */
  readonly provider: string;
  readonly body: JsonObject;
  readonly path: string;
}

// The schema's `dataVersion` pattern.
const DATA_VERSION = /^5\.(0|[1-9]\d*)(\.(0|[1-9]\d*))?$/;
// The schema's `englishLanguage`: en, en-US, en_GB…
const ENGLISH = /^en([_-]|$)/i;
const CWE = /^CWE-[1-9]\d*$/;
const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/i;
const METRIC_KEYS: readonly (readonly [string, CvssVersion])[] = [
  ['cvssV4_0', '4.0'],
  ['cvssV3_1', '3.1'],
  ['cvssV3_0', '3.0'],
  ['cvssV2_0', '2.0'],
];

/**
 * Reads a CVE JSON 5.0–5.2 record into {@link Cve5Facts}. A PUBLISHED record gives the CNA's
 * English description and every container's affected products, CVSS scores (scored by the
 * container's short name), CWE ids and references; a REJECTED one gives its first English
 * `rejectedReasons` and no products. A record that breaks the schema in a field read gives
 * `SAKIMORI_ERR_VULN_RECORD_MALFORMED` with `details: { source: 'cve5', record, path }`.
 *
 * @example
 * ```ts
 * const r = parseCve5Record(JSON.parse(text), { id: 'CVE-2021-44228' });
 * if (r.ok) r.value.affected[0]?.product.affected; // [{ startIncluding: '2.0-beta9', endExcluding: '2.3.1' }, …]
 * ```
 */
export function parseCve5Record(json: unknown, expect: Cve5Expectation = {}): VulnsResult<Cve5Facts> {
  let id: CveId | undefined;
  try {
    const root = object(json, '$');
    // The id names the record in any error below, even one about the record's format.
    id = asCveId((root.cveMetadata as JsonObject | undefined)?.cveId);
    oneOf(root.dataType, 'dataType', ['CVE_RECORD']);
    const dataVersion = text(root.dataVersion, 'dataVersion');
    if (!DATA_VERSION.test(dataVersion)) fail('dataVersion', `a CVE JSON 5.x version is required, found "${dataVersion}"`);
    const meta = object(root.cveMetadata, 'cveMetadata');
    id = cveId(meta.cveId, 'cveMetadata.cveId');
    if (expect.id !== undefined && expect.id !== id) fail('cveMetadata.cveId', `the record is ${id}, not ${expect.id} as expected`);
    return ok(readFacts(root, meta, id));
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    return malformedRecord({ source: 'cve5', record: id ?? null }, e);
  }
}

function readFacts(root: JsonObject, meta: JsonObject, id: CveId): Cve5Facts {
  const state = oneOf(meta.state, 'cveMetadata.state', ['PUBLISHED', 'REJECTED']);
  const containers = readContainers(object(root.containers, 'containers'));
  const cna = containers[0] as Container;
  const rejected = state === 'REJECTED';
  // A rejected record's CNA container (cnaRejectedContainer) has rejectedReasons and no products.
  if (rejected && cna.body.affected !== undefined) fail(at(cna.path, 'affected'), 'a REJECTED record has no affected products');
  const descriptionKey = rejected ? 'rejectedReasons' : 'descriptions';
  const base = {
    id,
    state,
    datePublished: optTimestamp(meta.datePublished, 'cveMetadata.datePublished'),
    dateUpdated: optTimestamp(meta.dateUpdated, 'cveMetadata.dateUpdated'),
    description: readDescription(cna.body[descriptionKey], at(cna.path, descriptionKey)),
  };
  const affected = containers.flatMap((c) => optList(c.body.affected, at(c.path, 'affected')).map((p, i) => ({ container: c.name, product: readAffectedProduct(p, at(at(c.path, 'affected'), i)) })));
  const cvss = containers.flatMap(readMetrics);
  const cwes = [...new Set(containers.flatMap(readCwes))];
  const references = [
    ...new Set(
      containers.flatMap((c) => optList(c.body.references, at(c.path, 'references')).map((r, i) => text(object(r, at(at(c.path, 'references'), i)).url, at(at(at(c.path, 'references'), i), 'url')))),
    ),
  ];
  return { ...base, affected, cvss, cwes, references };
}

/** The CNA container first, then each ADP container in the record's order. */
function readContainers(containers: JsonObject): Container[] {
  const container = (v: unknown, path: string, adp: boolean): Container => {
    const body = object(v, path);
    const meta = object(body.providerMetadata, at(path, 'providerMetadata'));
    const orgId = text(meta.orgId, at(at(path, 'providerMetadata'), 'orgId'));
    if (!UUID.test(orgId)) fail(at(at(path, 'providerMetadata'), 'orgId'), `a UUID is required, found "${orgId}"`);
    const provider = optText(meta.shortName, at(at(path, 'providerMetadata'), 'shortName')) ?? orgId;
    return { name: adp ? `adp:${provider}` : 'cna', provider, body, path };
  };
  return [container(containers.cna, 'containers.cna', false), ...optList(containers.adp, 'containers.adp').map((a, i) => container(a, at('containers.adp', i), true))];
}

/** The first English description, else the first (the schema requires an English one, but says so only in a `contains`). */
function readDescription(v: unknown, path: string): string {
  const all = list(v, path, 1).map((d, i) => {
    const o = object(d, at(path, i));
    return { lang: text(o.lang, at(at(path, i), 'lang')), value: text(o.value, at(at(path, i), 'value')) };
  });
  return (all.find((d) => ENGLISH.test(d.lang)) ?? all[0])?.value ?? '';
}

/** CVSS scores of a container; `other` metrics (SSVC, KEV, vendor ratings) are not CVSS and are not read. */
function readMetrics(c: Container): CvssMetric[] {
  return optList(c.body.metrics, at(c.path, 'metrics')).flatMap((m, i) => {
    const path = at(at(c.path, 'metrics'), i);
    const metric = object(m, path);
    return METRIC_KEYS.filter(([key]) => metric[key] !== undefined).map(([key, version]) => readCvss(metric[key], version, at(path, key), c.provider));
  });
}

/** CWE ids of a container's problem types; descriptions without `cweId` are free text and give none. */
function readCwes(c: Container): string[] {
  return optList(c.body.problemTypes, at(c.path, 'problemTypes')).flatMap((p, i) => {
    const path = at(at(c.path, 'problemTypes'), i);
    return list(object(p, path).descriptions, at(path, 'descriptions')).flatMap((d, j) => {
      const cweId = optText(object(d, at(at(path, 'descriptions'), j)).cweId, at(at(at(path, 'descriptions'), j), 'cweId'));
      if (cweId !== undefined && !CWE.test(cweId)) fail(at(at(at(path, 'descriptions'), j), 'cweId'), `a CWE id (CWE-N) is required, found "${cweId}"`);
      return cweId === undefined ? [] : [cweId];
    });
  });
}
