/** MyJVN `getVulnDetailInfo` responses: VULDEF documents (vuldef_3.2.xsd), one `Vulinfo` per JVNDB entry. */
import { ok, type VulnsResult } from '../../errors.js';
import type { AffectedProduct, CveId, JvnFacts, VersionRange } from '../../record.js';
import { cpe23, cveId, cvssMetric, dateTime, ItemProblem, jvndbId, readItems, required, type SkippedJvnItem, unique } from './jvn-item.js';
import { type JvnStatus, myJvnError, readJvnStatus, tlpColour } from './jvn-status.js';
import { parseJvnVersionText } from './parse-jvn-version-text.js';
import { attribute, children, childText, descend, type JvnLimits, jvnSourceFailure, loadJvnXml, textOf, type XmlElement } from './xml-document.js';

/** The entries of a VULDEF document, those skipped, and the document's paging and TLP marking. */
export interface JvnDetail {
  readonly items: readonly JvnFacts[];
  readonly skipped: readonly SkippedJvnItem[];
  /** MyJVN paging; absent for a VULDEF file not served by the API. */
  readonly status?: JvnStatus;
  /** The document's TLP colour (`WHITE`…). */
  readonly tlp?: string;
}

/**
 * Reads a VULDEF detail document: per `Vulinfo` the JVNDB id, title, overview, affected products
 * (`AffectedItem`: vendor `Name`, `ProductName`, `Cpe` normalised to CPE 2.3, each `VersionNumber`
 * read by {@link parseJvnVersionText} into ranges, what it cannot read kept as `versionText`), CVSS
 * (`Impact/Cvss`), CVE ids and URLs (`Related`) and dates (`DateFirstPublished`,
 * `DateLastUpdated`). Errors as for {@link readJvnRss}.
 *
 * @example
 * ```ts
 * const r = readJvnVuldef(xml);
 * if (r.ok) for (const p of r.value.items.flatMap((i) => i.affected)) console.log(p.cpes, p.affected, p.versionText);
 * ```
 */
export function readJvnVuldef(xml: string, limits?: JvnLimits): VulnsResult<JvnDetail> {
  const doc = loadJvnXml(xml, ['VULDEF-Document', 'rdf:RDF'], limits);
  if (!doc.ok) return doc;
  const { name, root } = doc.value;
  // rdf:RDF is accepted only so that a MyJVN error answer (a status block alone) reports its error.
  const failed = myJvnError(root);
  if (failed !== undefined) return failed;
  if (name !== 'VULDEF-Document') return jvnSourceFailure(`root element ${name}, expected VULDEF-Document`);
  const entries = children(root, 'Vulinfo');
  const status = readJvnStatus(root, entries.length);
  if (!status.ok) return status;
  const { facts, skipped } = readItems(entries, readVulinfo, (entry, i) => childText(entry, 'VulinfoID') ?? `Vulinfo[${i}]`);
  const tlp = tlpColour(root);
  return ok({ items: facts, skipped, ...(status.value === undefined ? {} : { status: status.value }), ...(tlp === undefined ? {} : { tlp }) });
}

function readVulinfo(entry: XmlElement): JvnFacts {
  const id = jvndbId(childText(entry, 'VulinfoID'), 'VulinfoID');
  const data = descend(entry, 'VulinfoData');
  if (data === undefined) throw new ItemProblem('VulinfoData', 'missing');
  const related = children(descend(data, 'Related') ?? {}, 'RelatedItem');
  const description = descend(data, 'VulinfoDescription', 'Overview');
  const overview = description === undefined ? '' : textOf(description);
  const published = dateTime(childText(data, 'DateFirstPublished'), 'VulinfoData/DateFirstPublished');
  const modified = dateTime(childText(data, 'DateLastUpdated'), 'VulinfoData/DateLastUpdated');
  return {
    id,
    title: required(childText(data, 'Title'), 'VulinfoData/Title'),
    cves: relatedCves(related),
    ...(published === undefined ? {} : { published }),
    ...(modified === undefined ? {} : { modified }),
    ...(overview === '' ? {} : { description: overview }),
    affected: children(descend(data, 'Affected') ?? {}, 'AffectedItem').map(affectedItem),
    cvss: children(descend(data, 'Impact') ?? {}, 'Cvss').map((c) => cvssMetric(attribute(c, 'version'), childText(c, 'Base'), childText(c, 'Vector'), 'Impact/Cvss')),
    references: unique(related.map((r) => childText(r, 'URL')).filter((url): url is string => url !== undefined)),
  };
}

/** CVE ids among the related items: any whose id starts `CVE-` must be a well-formed one. */
function relatedCves(related: readonly XmlElement[]): CveId[] {
  const ids: CveId[] = [];
  for (const item of related) {
    const id = childText(item, 'VulinfoID');
    if (id?.toUpperCase().startsWith('CVE-')) ids.push(cveId(id, 'Related/RelatedItem/VulinfoID'));
  }
  return unique(ids);
}

/** One `AffectedItem`; its version statements as ranges, and as text where they cannot be read. */
function affectedItem(item: XmlElement): AffectedProduct {
  const productName = childText(item, 'ProductName') ?? '';
  const ranges: VersionRange[] = [];
  const unread: string[] = [];
  for (const version of children(item, 'VersionNumber')) {
    const parsed = parseJvnVersionText(textOf(version), { product: productName });
    ranges.push(...parsed.ranges);
    if (parsed.unparsed !== undefined) unread.push(parsed.unparsed);
  }
  return {
    vendor: childText(item, 'Name') ?? '',
    product: productName,
    cpes: children(item, 'Cpe').map((c) => cpe23(textOf(c), 'Affected/AffectedItem/Cpe')),
    defaultStatus: 'unknown',
    affected: ranges,
    unaffected: [],
    ...(unread.length === 0 ? {} : { versionText: unread }),
  };
}
