/** Reading and writing advisory rows: the advisory, the assets it concerns, its recipients' state. */
import type { Kysely } from 'kysely';
import type { Sector } from '../../core/sectors.js';
import type { TlpLevel } from '../../stix/marking/index.js';
import type { Database } from '../../storage/database.js';
import type { Advisory, AdvisoryAsset, AdvisoryOrigin, AdvisoryRecipient, AdvisoryStatus, AssetAnswer } from './advisory.js';
import type { AdvisoriesTable } from './tables.js';

/** An advisory row as the domain type. */
export function toAdvisory(r: AdvisoriesTable): Advisory {
  return {
    id: r.id,
    status: r.status as AdvisoryStatus,
    origin: r.origin as AdvisoryOrigin,
    title: r.title,
    summary: r.summary,
    action: r.action,
    cves: JSON.parse(r.cves) as string[],
    acknowledgeWithinDays: Number(r.acknowledge_within_days),
    tlp: r.tlp as TlpLevel,
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    publishedAt: r.published_at === null ? null : Number(r.published_at),
    publishedBy: r.published_by,
    dueAt: r.due_at === null ? null : Number(r.due_at),
    revision: Number(r.revision),
  };
}

/** An asset exposed to some of an advisory's CVEs. */
export interface ConcernedAsset {
  readonly assetId: string;
  readonly organizationId: string;
  readonly organization: string;
  readonly sector: Sector;
  readonly label: string;
  readonly cves: string[];
  readonly priority: number;
}

/** Assets (not retired) with an exposure finding for any of `cves`, by organisation then asset. */
export async function concernedAssets(db: Kysely<Database>, cves: readonly string[]): Promise<ConcernedAsset[]> {
  if (cves.length === 0) return [];
  const rows = await db
    .selectFrom('exposure_findings as f')
    .innerJoin('operator_assets as a', 'a.id', 'f.asset_id')
    .innerJoin('organizations as o', 'o.id', 'f.organization_id')
    .select(['f.asset_id', 'f.cve_id', 'f.priority', 'f.organization_id', 'o.name', 'o.sector', 'a.vendor', 'a.product', 'a.version', 'a.cpe', 'a.purl', 'a.site'])
    .where('f.cve_id', 'in', [...cves])
    .where('a.status', '!=', 'retired')
    .orderBy('f.organization_id')
    .orderBy('f.asset_id')
    .orderBy('f.cve_id')
    .execute();
  const byAsset = new Map<string, ConcernedAsset>();
  for (const r of rows) {
    const known = byAsset.get(r.asset_id);
    if (known !== undefined) {
      known.cves.push(r.cve_id);
      byAsset.set(r.asset_id, { ...known, priority: Math.max(known.priority, Number(r.priority)) });
      continue;
    }
    byAsset.set(r.asset_id, {
      assetId: r.asset_id,
      organizationId: r.organization_id,
      organization: r.name,
      sector: r.sector as Sector,
      label: assetLabel(r),
      cves: [r.cve_id],
      priority: Number(r.priority),
    });
  }
  return [...byAsset.values()];
}

/** How an asset is named to a person: vendor, product and version as written (else its CPE, purl or id), and its site. */
function assetLabel(a: { asset_id: string; vendor: string | null; product: string | null; version: string | null; cpe: string | null; purl: string | null; site: string | null }): string {
  const product = [a.vendor, a.product, a.version].filter((x) => x !== null && x !== '').join(' ') || (a.cpe ?? a.purl ?? a.asset_id);
  return a.site === null ? product : `${product} (${a.site})`;
}

const BATCH = 200;

/** Keeps the assets an advisory concerned at publication. */
export async function snapshotAssets(trx: Kysely<Database>, advisoryId: string, assets: readonly ConcernedAsset[]): Promise<void> {
  const rows = assets.map((a) => ({
    advisory_id: advisoryId,
    asset_id: a.assetId,
    organization_id: a.organizationId,
    cves: JSON.stringify(a.cves),
    priority: a.priority,
    answer: null,
    note: null,
    answered_by: null,
    answered_at: null,
  }));
  for (let i = 0; i < rows.length; i += BATCH)
    await trx
      .insertInto('advisory_assets')
      .values(rows.slice(i, i + BATCH))
      .execute();
}

/** The recipients and assets of a published advisory within `orgs` (undefined: all). */
export async function recipientsOf(db: Kysely<Database>, advisory: Advisory, orgs: readonly string[] | undefined, now: number): Promise<{ recipients: AdvisoryRecipient[]; assets: AdvisoryAsset[] }> {
  if (orgs !== undefined && orgs.length === 0) return { recipients: [], assets: [] };
  let rq = db
    .selectFrom('advisory_recipients as r')
    .innerJoin('organizations as o', 'o.id', 'r.organization_id')
    .select(['r.organization_id', 'r.acknowledged_at', 'r.acknowledged_by', 'o.name', 'o.sector'])
    .where('r.advisory_id', '=', advisory.id);
  if (orgs !== undefined) rq = rq.where('r.organization_id', 'in', [...orgs]);
  let aq = db
    .selectFrom('advisory_assets as s')
    .innerJoin('operator_assets as a', 'a.id', 's.asset_id')
    .select(['s.asset_id', 's.organization_id', 's.cves', 's.priority', 's.answer', 's.note', 's.answered_by', 's.answered_at', 'a.vendor', 'a.product', 'a.version', 'a.cpe', 'a.purl', 'a.site'])
    .where('s.advisory_id', '=', advisory.id);
  if (orgs !== undefined) aq = aq.where('s.organization_id', 'in', [...orgs]);
  const [recipientRows, assetRows] = await Promise.all([rq.orderBy('o.name').execute(), aq.orderBy('s.organization_id').orderBy('s.priority', 'desc').orderBy('s.asset_id').execute()]);
  const assets: AdvisoryAsset[] = assetRows.map((r) => {
    return {
      assetId: r.asset_id,
      organizationId: r.organization_id,
      label: assetLabel(r),
      cves: JSON.parse(r.cves) as string[],
      priority: Number(r.priority),
      answer: r.answer as AssetAnswer | null,
      note: r.note,
      answeredBy: r.answered_by,
      answeredAt: r.answered_at === null ? null : Number(r.answered_at),
    };
  });
  const due = advisory.dueAt ?? Number.POSITIVE_INFINITY;
  const recipients: AdvisoryRecipient[] = recipientRows.map((r) => {
    const acked = r.acknowledged_at === null ? null : Number(r.acknowledged_at);
    const mine = assets.filter((a) => a.organizationId === r.organization_id);
    return {
      organizationId: r.organization_id,
      organization: r.name,
      sector: r.sector ?? '',
      acknowledgedAt: acked,
      acknowledgedBy: r.acknowledged_by,
      state: acked === null ? (now > due ? 'overdue' : 'open') : acked > due ? 'acknowledged-late' : 'acknowledged',
      assets: mine.length,
      answered: mine.filter((a) => a.answer !== null).length,
    };
  });
  return { recipients, assets };
}
