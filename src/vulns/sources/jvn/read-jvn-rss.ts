/** MyJVN `getVulnOverviewList` responses: RSS 1.0 with JVN's `sec:` module (jvnrss_3.2.xsd). */
import { ok, type VulnsResult } from '../../errors.js';
import type { AffectedProduct, CveId, JvnFacts } from '../../record.js';
import { cpe23, cveId, cvssMetric, dateTime, jvndbId, readItems, required, type SkippedJvnItem, unique } from './jvn-item.js';
import { type JvnStatus, myJvnError, readJvnStatus, tlpColour } from './jvn-status.js';
import { attribute, children, childText, descend, type JvnLimits, jvnSourceFailure, loadJvnXml, textOf, type XmlElement } from './xml-document.js';

/**
 * One page of the MyJVN overview list. Its facts are partial: the overview names affected products
 * by CPE but gives no version text, so each product's `affected` ranges are empty and its status
 * `unknown` until the VULDEF detail is read.
 */
export interface JvnOverview {
  readonly items: readonly JvnFacts[];
  readonly skipped: readonly SkippedJvnItem[];
  /** MyJVN paging; absent for an RSS file not served by the API. */
  readonly status?: JvnStatus;
  /** The channel's TLP colour (`WHITE`…), which governs how far the content may be shared. */
  readonly tlp?: string;
}

/**
 * Reads a MyJVN overview RSS document: per item the JVNDB id (`sec:identifier`), title, description,
 * CVE ids (`sec:references` with source CVE or NVD), reference URLs, affected products (`sec:cpe`,
 * CPE 2.2 normalised to 2.3), CVSS (`sec:cvss`) and dates (`dcterms:issued`, `dcterms:modified`).
 * A bad item is skipped with `SAKIMORI_ERR_VULN_RECORD_MALFORMED`; a document over
 * `limits.maxBytes` gives `SAKIMORI_ERR_VULN_SOURCE_TOO_LARGE`; one that is not well-formed, has a
 * DOCTYPE, is not RSS, reports a MyJVN error or breaks paging gives `SAKIMORI_ERR_VULN_SOURCE_MALFORMED`.
 *
 * @example
 * ```ts
 * const r = readJvnRss(xml);
 * if (r.ok && r.value.status) nextStart = r.value.status.firstRes + r.value.status.totalResRet;
 * ```
 */
export function readJvnRss(xml: string, limits?: JvnLimits): VulnsResult<JvnOverview> {
  const doc = loadJvnXml(xml, ['rdf:RDF'], limits);
  if (!doc.ok) return doc;
  const { root } = doc.value;
  // A MyJVN error answer has no channel; let it speak before asking for one.
  const failed = myJvnError(root);
  if (failed !== undefined) return failed;
  const channel = descend(root, 'channel');
  if (channel === undefined) return jvnSourceFailure('no channel: not an RSS 1.0 document');
  const items = children(root, 'item');
  const status = readJvnStatus(root, items.length);
  if (!status.ok) return status;
  const { facts, skipped } = readItems(items, readItem, (item, i) => childText(item, 'sec:identifier') ?? attribute(item, 'rdf:about') ?? `item[${i}]`);
  const tlp = tlpColour(channel);
  return ok({ items: facts, skipped, ...(status.value === undefined ? {} : { status: status.value }), ...(tlp === undefined ? {} : { tlp }) });
}

function readItem(item: XmlElement): JvnFacts {
  const id = jvndbId(childText(item, 'sec:identifier'), 'sec:identifier');
  const references = children(item, 'sec:references');
  const cves: CveId[] = [];
  for (const ref of references) {
    const source = attribute(ref, 'source');
    if (source === 'CVE' || source === 'NVD') cves.push(cveId(attribute(ref, 'id'), 'sec:references/@id'));
  }
  const description = childText(item, 'description');
  const published = dateTime(childText(item, 'dcterms:issued'), 'dcterms:issued');
  const modified = dateTime(childText(item, 'dcterms:modified'), 'dcterms:modified');
  return {
    id,
    title: required(childText(item, 'title'), 'title'),
    cves: unique(cves),
    ...(published === undefined ? {} : { published }),
    ...(modified === undefined ? {} : { modified }),
    ...(description === undefined ? {} : { description }),
    affected: children(item, 'sec:cpe').map(product),
    cvss: children(item, 'sec:cvss').map((c) => cvssMetric(attribute(c, 'version'), attribute(c, 'score'), attribute(c, 'vector'), 'sec:cvss')),
    references: unique(references.map(textOf).filter((url) => url !== '')),
  };
}

/** One `sec:cpe`: the product JVN names, with no version statement (the overview has none). */
function product(cpe: XmlElement): AffectedProduct {
  return {
    vendor: attribute(cpe, 'vendor') ?? '',
    product: attribute(cpe, 'product') ?? '',
    cpes: [cpe23(textOf(cpe), 'sec:cpe')],
    defaultStatus: 'unknown',
    affected: [],
    unaffected: [],
  };
}
