/**
 * Vulnerability exposure over HTTP: the findings of operators' assets (each with why it matched and
 * the factors of its priority), the national picture (by sector, by CVE, by vendor), one merged
 * vulnerability record with the provenance of every field, and the import runs. An operator
 * reporter sees its own organisation's findings, a sector regulator its sector's, the office's
 * analysts all; anything outside the caller's scope answers as if it did not exist.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import Type from 'typebox';
import { ERR_VULN_NOT_FOUND } from '../../cooperation/exposure/errors.js';
import type { VulnStore } from '../../cooperation/exposure/vuln-store.js';
import { asCveId } from '../../vulns/record.js';
import type { OrganizationStore } from '../../registry/organization-store.js';
import type { Database } from '../../storage/database.js';
import { principalOf, R } from '../http/access.js';
import { Id, Millis, Nullable, Page, PageQuery, pageOf } from '../http/schemas.js';
import { ERR_API_BAD_CURSOR } from '../errors.js';
import { narrow, orgScope } from '../scope.js';

const READERS = [R.analyst, R.operator, R.regulator];
const CveParam = Type.String({ pattern: '^CVE-[0-9]{4}-[0-9]{4,}$', description: 'a CVE id' });

const FindingSchema = Type.Object(
  {
    assetId: Type.String(),
    organizationId: Type.String(),
    organization: Type.String(),
    sector: Type.String(),
    asset: Type.Object(
      {
        vendor: Nullable(Type.String()),
        product: Nullable(Type.String()),
        version: Nullable(Type.String()),
        cpe: Nullable(Type.String()),
        purl: Nullable(Type.String()),
        role: Type.String(),
        site: Nullable(Type.String()),
      },
      { additionalProperties: false },
    ),
    cve: Type.String(),
    certainty: Type.String({ description: 'confirmed, platform-unstated or needs-review' }),
    priority: Type.Integer({ minimum: 0, maximum: 100 }),
    band: Type.String({ description: 'critical, high, medium or low' }),
    kev: Type.Boolean(),
    why: Type.String({ description: 'one line a person can check' }),
    matches: Type.Array(Type.Unknown(), { description: 'each configuration or affected statement that matched, with criteria and versions' }),
    factors: Type.Unknown({ description: 'the priority factors: severity, exploitation, exposure, role, sector, certainty' }),
    firstSeenAt: Millis,
    updatedAt: Millis,
  },
  { additionalProperties: false },
);

const Count = Type.Integer({ minimum: 0 });
const SummarySchema = Type.Object(
  {
    findings: Count,
    assets: Count,
    organizations: Count,
    kevFindings: Count,
    bySector: Type.Array(Type.Object({ sector: Type.String(), organizations: Count, assets: Count, findings: Count, kev: Count, critical: Count }, { additionalProperties: false })),
    byCve: Type.Array(Type.Object({ cve: Type.String(), organizations: Count, assets: Count, kev: Type.Boolean(), maxPriority: Count }, { additionalProperties: false })),
    byVendor: Type.Array(Type.Object({ vendor: Type.String(), assets: Count, findings: Count }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

/** Dependencies of the exposure routes. */
export interface ExposureRouteDeps {
  readonly db: Kysely<Database>;
  readonly orgs: OrganizationStore;
  readonly vulns: VulnStore;
}

/** `<priority>_<asset id>_<cve>` of the last row: the list runs by priority (highest first), asset, CVE. */
function cursorOf(r: { priority: number; asset_id: string; cve_id: string }): string {
  return `${r.priority}_${r.asset_id}_${r.cve_id}`;
}

function parseCursor(cursor: string): { priority: number; asset: string; cve: string } {
  const m = /^(\d{1,3})_([0-9A-Za-z-]{1,128})_(CVE-\d{4}-\d{4,})$/.exec(cursor);
  if (m === null) throw new ERR_API_BAD_CURSOR(JSON.stringify(cursor));
  return { priority: Number(m[1]), asset: m[2] ?? '', cve: m[3] ?? '' };
}

/** Route plugin of `/exposure` and `/vulns`. */
export function exposureRoutes(deps: ExposureRouteDeps): FastifyPluginAsync {
  const { db } = deps;
  const findingsQuery = (scope: readonly string[] | undefined) => {
    let q = db
      .selectFrom('exposure_findings as f')
      .innerJoin('operator_assets as a', 'a.id', 'f.asset_id')
      .innerJoin('organizations as o', 'o.id', 'f.organization_id')
      .select(['f.asset_id', 'f.cve_id', 'f.organization_id', 'f.certainty', 'f.priority', 'f.kev', 'f.detail', 'f.first_seen_at', 'f.updated_at'])
      .select(['o.name as organization', 'o.sector', 'a.vendor', 'a.product', 'a.version', 'a.cpe', 'a.purl', 'a.role', 'a.site']);
    if (scope !== undefined) q = scope.length === 0 ? q.where('f.organization_id', '=', '\u0000none') : q.where('f.organization_id', 'in', [...scope]);
    return q;
  };

  return async (app) => {
    app.get<{ Querystring: { organizationId?: string; cve?: string; kev?: boolean; minPriority?: number; limit: number; cursor?: string } }>(
      '/exposure/findings',
      {
        config: { access: READERS },
        schema: {
          summary: 'Exposure findings in your scope, highest priority first, each with why it matched and its priority factors',
          tags: ['cooperation'],
          querystring: PageQuery({
            organizationId: Type.Optional(Id),
            cve: Type.Optional(CveParam),
            kev: Type.Optional(Type.Boolean({ description: 'only CVEs in the KEV catalogue' })),
            minPriority: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
          }),
          response: { 200: Page(FindingSchema) },
        },
      },
      async (req) => {
        const q = req.query;
        const scope = narrow(await orgScope(principalOf(req).actor, deps.orgs), q.organizationId);
        let query = findingsQuery(scope);
        if (q.cve !== undefined) query = query.where('f.cve_id', '=', q.cve);
        if (q.kev === true) query = query.where('f.kev', '=', 1);
        if (q.minPriority !== undefined) query = query.where('f.priority', '>=', q.minPriority);
        if (q.cursor !== undefined) {
          const c = parseCursor(q.cursor);
          query = query.where((eb) =>
            eb.or([
              eb('f.priority', '<', c.priority),
              eb.and([eb('f.priority', '=', c.priority), eb('f.asset_id', '>', c.asset)]),
              eb.and([eb('f.priority', '=', c.priority), eb('f.asset_id', '=', c.asset), eb('f.cve_id', '>', c.cve)]),
            ]),
          );
        }
        const rows = await query
          .orderBy('f.priority', 'desc')
          .orderBy('f.asset_id')
          .orderBy('f.cve_id')
          .limit(q.limit + 1)
          .execute();
        const page = pageOf(rows, q.limit, cursorOf);
        return {
          items: page.items.map((r) => {
            const detail = JSON.parse(r.detail) as { why: string; matches: unknown[]; priority: { band: string; factors: unknown } };
            return {
              assetId: r.asset_id,
              organizationId: r.organization_id,
              organization: r.organization,
              sector: r.sector ?? '',
              asset: { vendor: r.vendor, product: r.product, version: r.version, cpe: r.cpe, purl: r.purl, role: r.role, site: r.site },
              cve: r.cve_id,
              certainty: r.certainty,
              priority: Number(r.priority),
              band: detail.priority.band,
              kev: Number(r.kev) === 1,
              why: detail.why,
              matches: detail.matches,
              factors: detail.priority.factors,
              firstSeenAt: Number(r.first_seen_at),
              updatedAt: Number(r.updated_at),
            };
          }),
          next: page.next,
        };
      },
    );

    app.get<{ Querystring: { organizationId?: string } }>(
      '/exposure/summary',
      {
        config: { access: READERS },
        schema: {
          summary: 'The exposure picture in your scope: totals, by sector, by CVE (the 50 most widespread) and by vendor',
          tags: ['cooperation'],
          querystring: Type.Object({ organizationId: Type.Optional(Id) }, { additionalProperties: false }),
          response: { 200: SummarySchema },
        },
      },
      async (req) => summarise(await findingsQuery(narrow(await orgScope(principalOf(req).actor, deps.orgs), req.query.organizationId)).execute()),
    );

    app.get<{ Params: { cve: string } }>(
      '/vulns/:cve',
      {
        config: { access: READERS },
        schema: {
          summary: 'One vulnerability record, every source merged, each field with where it came from (NVD, CVE 5 CNA/ADP, KEV, EPSS, JVN)',
          tags: ['cooperation'],
          params: Type.Object({ cve: CveParam }, { additionalProperties: false }),
          response: { 200: Type.Unknown({ description: 'VulnerabilityRecord (vulns/record.ts)' }) },
        },
      },
      async (req) => {
        const id = asCveId(req.params.cve);
        const record = id === undefined ? undefined : await deps.vulns.record(id);
        if (record === undefined) throw new ERR_VULN_NOT_FOUND(req.params.cve);
        return record;
      },
    );

    app.get<{ Querystring: { limit: number } }>(
      '/vulns/imports',
      {
        config: { access: [R.analyst] },
        schema: {
          summary: 'The latest imports of vulnerability sources, newest first: what each read, changed and skipped, and why',
          tags: ['cooperation'],
          querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }) }, { additionalProperties: false }),
          response: {
            200: Type.Array(
              Type.Object(
                {
                  id: Type.String(),
                  source: Type.String(),
                  mode: Type.String({ description: 'file or poll' }),
                  origin: Type.String({ description: 'file name or URL' }),
                  startedAt: Millis,
                  finishedAt: Millis,
                  outcome: Type.String({ description: 'ok, partial (records skipped) or refused (nothing imported)' }),
                  read: Type.Integer(),
                  changed: Type.Integer(),
                  unchanged: Type.Integer(),
                  skipped: Type.Integer(),
                  problems: Type.Array(Type.Unknown(), { description: 'the first problems: {code, message, details}' }),
                },
                { additionalProperties: false },
              ),
            ),
          },
        },
      },
      async (req) =>
        (await deps.vulns.runs(req.query.limit)).map((r) => ({
          id: r.id,
          source: r.source,
          mode: r.mode,
          origin: r.origin,
          startedAt: r.started_at,
          finishedAt: r.finished_at,
          outcome: r.outcome,
          read: r.read,
          changed: r.changed,
          unchanged: r.unchanged,
          skipped: r.skipped,
          problems: r.problems,
        })),
    );
  };
}

interface SummaryRow {
  asset_id: string;
  cve_id: string;
  organization_id: string;
  priority: number;
  kev: number;
  sector: string | null;
  vendor: string | null;
}

function summarise(rows: readonly SummaryRow[]) {
  const bySector = new Map<string, { orgs: Set<string>; assets: Set<string>; findings: number; kev: number; critical: number }>();
  const byCve = new Map<string, { orgs: Set<string>; assets: Set<string>; kev: boolean; max: number }>();
  const byVendor = new Map<string, { assets: Set<string>; findings: number }>();
  for (const r of rows) {
    const sector = r.sector ?? '';
    const s = bySector.get(sector) ?? { orgs: new Set(), assets: new Set(), findings: 0, kev: 0, critical: 0 };
    s.orgs.add(r.organization_id);
    s.assets.add(r.asset_id);
    s.findings += 1;
    s.kev += Number(r.kev);
    if (Number(r.priority) >= 80) s.critical += 1;
    bySector.set(sector, s);
    const c = byCve.get(r.cve_id) ?? { orgs: new Set(), assets: new Set(), kev: Number(r.kev) === 1, max: 0 };
    c.orgs.add(r.organization_id);
    c.assets.add(r.asset_id);
    c.max = Math.max(c.max, Number(r.priority));
    byCve.set(r.cve_id, c);
    const vendor = r.vendor ?? '(not stated)';
    const v = byVendor.get(vendor) ?? { assets: new Set(), findings: 0 };
    v.assets.add(r.asset_id);
    v.findings += 1;
    byVendor.set(vendor, v);
  }
  return {
    findings: rows.length,
    assets: new Set(rows.map((r) => r.asset_id)).size,
    organizations: new Set(rows.map((r) => r.organization_id)).size,
    kevFindings: rows.filter((r) => Number(r.kev) === 1).length,
    bySector: [...bySector]
      .map(([sector, s]) => ({ sector, organizations: s.orgs.size, assets: s.assets.size, findings: s.findings, kev: s.kev, critical: s.critical }))
      .sort((a, b) => b.findings - a.findings || a.sector.localeCompare(b.sector)),
    byCve: [...byCve]
      .map(([cve, c]) => ({ cve, organizations: c.orgs.size, assets: c.assets.size, kev: c.kev, maxPriority: c.max }))
      .sort((a, b) => b.organizations - a.organizations || b.maxPriority - a.maxPriority || a.cve.localeCompare(b.cve))
      .slice(0, 50),
    byVendor: [...byVendor].map(([vendor, v]) => ({ vendor, assets: v.assets.size, findings: v.findings })).sort((a, b) => b.findings - a.findings || a.vendor.localeCompare(b.vendor)),
  };
}
