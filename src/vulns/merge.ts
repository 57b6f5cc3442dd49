/**
 * Merges what each source says of one CVE into the one {@link VulnerabilityRecord}, keeping where
 * every field came from. Pure.
 *
 * Precedence, and why:
 * - description and publication date: the CVE record's CNA container first (the CNA wrote it; NVD
 *   copies it, sometimes late), then NVD, then JVN;
 * - configurations: NVD only (only NVD writes configuration trees);
 * - affected statements: every CVE 5 container (CNA and each ADP) and every JVN entry, each kept
 *   with its provenance, so a record NVD has not analysed still names products and versions;
 * - CVSS: every score from every source, each with who scored it (prioritisation chooses);
 * - KEV: the CISA catalogue entry; NVD's copy of the KEV fields only when the catalogue has none
 *   (it lacks the ransomware-use flag, which then reads `Unknown`);
 * - last modified: the latest of the sources' times.
 */
import type { CveId, Cve5Facts, EpssScore, JvnFacts, KevEntry, NvdFacts, Sourced, VulnerabilityRecord } from './record.js';

/** Every source's facts about one CVE; any may be absent. */
export interface CveFacts {
  readonly nvd?: NvdFacts;
  readonly cve5?: Cve5Facts;
  readonly kev?: KevEntry;
  readonly epss?: EpssScore;
  readonly jvn?: readonly JvnFacts[];
}

/** Merges `facts` about `id` into one record (see the module comment for precedence). */
export function mergeFacts(id: CveId, facts: CveFacts): VulnerabilityRecord {
  const { nvd, cve5, kev, epss } = facts;
  const jvn = facts.jvn ?? [];
  const cna = cve5 === undefined ? undefined : { source: 'cve5' as const, detail: 'cna', ...at(cve5.dateUpdated) };
  const fromNvd = nvd === undefined ? undefined : { source: 'nvd' as const, at: nvd.lastModified };
  return {
    id,
    ...optional(
      'description',
      pick([
        cna && cve5?.description ? { ...cna, value: cve5.description } : undefined,
        fromNvd && nvd?.description ? { ...fromNvd, value: nvd.description } : undefined,
        ...jvn.map((j) => (j.description ? jvnSourced(j, j.description) : undefined)),
      ]),
    ),
    ...optional(
      'published',
      pick([
        cna && cve5?.datePublished ? { ...cna, value: cve5.datePublished } : undefined,
        fromNvd ? { ...fromNvd, value: nvd?.published ?? '' } : undefined,
        ...jvn.map((j) => (j.published ? jvnSourced(j, j.published) : undefined)),
      ]),
    ),
    ...optional(
      'lastModified',
      latest([
        cna && cve5?.dateUpdated ? { ...cna, value: cve5.dateUpdated } : undefined,
        fromNvd ? { ...fromNvd, value: nvd?.lastModified ?? '' } : undefined,
        ...jvn.map((j) => (j.modified ? jvnSourced(j, j.modified) : undefined)),
      ]),
    ),
    ...(nvd === undefined ? {} : { nvdStatus: nvd.vulnStatus }),
    configurations: nvd === undefined ? undefined : { source: 'nvd', at: nvd.lastModified, value: nvd.configurations },
    affected: [
      ...(cve5?.affected.map((a) => ({ source: 'cve5' as const, detail: a.container, ...at(cve5.dateUpdated), value: a.product })) ?? []),
      ...jvn.flatMap((j) => j.affected.map((product) => jvnSourced(j, product))),
    ],
    cvss: [
      ...(nvd?.cvss.map((value) => ({ source: 'nvd' as const, detail: value.scoredBy, at: nvd.lastModified, value })) ?? []),
      ...(cve5?.cvss.map((value) => ({ source: 'cve5' as const, detail: value.scoredBy, ...at(cve5.dateUpdated), value })) ?? []),
      ...jvn.flatMap((j) => j.cvss.map((value) => jvnSourced(j, value))),
    ],
    cwes: union([nvd?.cwes ?? [], cve5?.cwes ?? []]),
    ...optional('kev', kevOf(id, kev, nvd)),
    ...optional('epss', epss === undefined ? undefined : { source: 'epss', detail: epss.modelVersion, at: epss.scoreDate, value: epss }),
    jvnIds: union([jvn.map((j) => j.id)]),
    references: union([nvd?.references ?? [], cve5?.references ?? [], ...jvn.map((j) => j.references)]),
  };
}

function kevOf(id: CveId, kev: KevEntry | undefined, nvd: NvdFacts | undefined): Sourced<KevEntry> | undefined {
  if (kev !== undefined) return { source: 'kev', at: kev.dateAdded, value: kev };
  const cisa = nvd?.cisa;
  if (cisa === undefined) return undefined;
  const value: KevEntry = {
    cveId: id,
    vendorProject: '',
    product: '',
    vulnerabilityName: cisa.vulnerabilityName,
    dateAdded: cisa.exploitAdd,
    shortDescription: '',
    requiredAction: cisa.requiredAction,
    dueDate: cisa.actionDue,
    knownRansomwareCampaignUse: 'Unknown',
    notes: '',
    cwes: [],
  };
  return { source: 'nvd', detail: 'cisa', at: nvd?.lastModified ?? cisa.exploitAdd, value };
}

function jvnSourced<T>(j: JvnFacts, value: T): Sourced<T> {
  return { source: 'jvn', detail: j.id, ...at(j.modified), value };
}

function at(time: string | undefined): { at?: string } {
  return time === undefined ? {} : { at: time };
}

function pick<T>(candidates: readonly (Sourced<T> | undefined)[]): Sourced<T> | undefined {
  return candidates.find((c) => c !== undefined);
}

function latest(candidates: readonly (Sourced<string> | undefined)[]): Sourced<string> | undefined {
  let best: Sourced<string> | undefined;
  for (const c of candidates) if (c !== undefined && (best === undefined || Date.parse(c.value) > Date.parse(best.value))) best = c;
  return best;
}

function union(lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())];
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
