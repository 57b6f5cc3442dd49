/**
 * Cooperation benchmark (issue 13): 213 operators, 100 000 assets and 10 000 open incidents under six
 * regimes.
 *
 * - re-evaluating every deadline of 10 000 incidents (pure: the regimes' engine) — target < 1 s;
 * - a 10 000-component CycloneDX SBOM imported into the register — target < 5 s;
 * - the notification deadlines of 100 000 assets computed from the register;
 * - the regulator's overdue list (incidents of one sector, by due time) — target p99 < 50 ms;
 * on SQLite and, when `SAKIMORI_BENCH_PG_URL` is set, PostgreSQL.
 *
 * Usage: npx tsx bench/cooperation.ts   (npm run bench:cooperation)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { AssetStore } from '../src/cooperation/assets/asset-store.js';
import { notificationDeadline } from '../src/cooperation/assets/notification-deadline.js';
import { computeDeadlines, type IncidentFacts, regime } from '../src/cooperation/regimes/index.js';
import { systemClock } from '../src/core/clock.js';
import { asId, type OrganizationId } from '../src/core/ids.js';
import { silentLogger } from '../src/core/logger.js';
import { createMetricsRegistry } from '../src/core/metrics.js';
import { SECTORS } from '../src/core/sectors.js';
import { PLATFORM_MIGRATIONS } from '../src/platform/platform.js';
import { OrganizationStore } from '../src/registry/organization-store.js';
import { createStorage, type Storage, type StorageOptions } from '../src/storage/storage.js';
import { benchIncidents } from './lib/cooperation-incidents.js';

const OPERATORS = 213;
const ASSETS = 100_000;
const INCIDENTS = 10_000;
const SBOM_COMPONENTS = 10_000;
const REGIMES = ['jp-act', 'jp-appi', 'eu-nis2', 'eu-dora', 'us-circia', 'eu-cra'] as const;

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const row = (label: string, value: string) => process.stdout.write(`  ${label.padEnd(64)} ${value}\n`);
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/** 10 000 incidents spread over the six regimes, with their anchors and some submissions. */
function incidentFacts(now: number): { regime: (typeof REGIMES)[number]; facts: IncidentFacts }[] {
  return Array.from({ length: INCIDENTS }, (_, i) => {
    const awareness = now - (i % 40) * 86_400_000 - i * 1_000;
    const id = REGIMES[i % REGIMES.length]!;
    return {
      regime: id,
      facts: {
        anchors: { awareness, classification: awareness + 3_600_000, 'reasonable-belief': awareness, payment: awareness + 7_200_000, 'corrective-measure': awareness + 86_400_000 * 3 },
        conditions: { malicious: i % 3 === 0, 'severe-incident': true },
        submissions: i % 2 === 0 ? { 'prompt-report': awareness + 3_600_000, 'early-warning': awareness + 20 * 3_600_000, 'initial-notification': awareness + 3 * 3_600_000 } : {},
        timeZone: 'Europe/Berlin',
      },
    };
  });
}

function deadlines(): void {
  const now = Date.UTC(2026, 11, 6, 9);
  const all = incidentFacts(now);
  const regimes = new Map(REGIMES.map((id) => [id, regime(id)]));
  // The steady state of a re-evaluation loop: warm the JIT and the zones' offset tables once.
  for (const x of all.slice(0, 600)) computeDeadlines(regimes.get(x.regime)!, x.facts, now);
  const rounds: number[] = [];
  let stages = 0;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    stages = 0;
    for (const x of all) stages += computeDeadlines(regimes.get(x.regime)!, x.facts, now).length;
    rounds.push(performance.now() - t0);
  }
  row(`re-evaluate ${fmt(INCIDENTS)} incidents (${fmt(stages)} stages, 6 regimes)`, `median ${percentile(rounds, 0.5).toFixed(0)} ms, worst ${Math.max(...rounds).toFixed(0)} ms (target < 1000 ms)`);
}

function sbom(components: number): string {
  return JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    version: 1,
    components: Array.from({ length: components }, (_, i) => ({
      type: 'library',
      'bom-ref': `c${i}`,
      name: `component-${i}`,
      version: `1.${i % 50}.${i}`,
      purl: `pkg:npm/bench-component-${i}@1.${i % 50}.${i}`,
    })),
  });
}

function assetsCsv(org: number, n: number): string {
  const lines = ['vendor,product,version,cpe,role,site,introduced_on,status'];
  for (let i = 0; i < n; i++) {
    const day = `2026-${String(1 + ((i + org) % 11)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}`;
    lines.push(`Vendor ${org},Product ${i},${1 + (i % 9)}.${i % 7},cpe:2.3:a:vendor${org}:product${i}:${1 + (i % 9)}.${i % 7}:*:*:*:*:*:*:*,server,Site ${i % 5},${day},in-service`);
  }
  return `${lines.join('\n')}\n`;
}

async function withStorage(options: StorageOptions, fn: (db: Storage['db']) => Promise<void>): Promise<void> {
  const storage = createStorage(options, { clock: systemClock, logger: silentLogger(), metrics: createMetricsRegistry(), migrations: PLATFORM_MIGRATIONS });
  await storage.start();
  try {
    await fn(storage.db);
  } finally {
    await storage.stop();
  }
}

async function engine(name: string, options: StorageOptions): Promise<void> {
  process.stdout.write(`${name}\n`);
  await withStorage(options, async (db) => {
    const orgs = new OrganizationStore(db, systemClock);
    const ids: OrganizationId[] = [];
    for (let i = 0; i < OPERATORS; i++) ids.push(asId<OrganizationId>((await orgs.create({ name: `Operator ${i}`, sector: SECTORS[i % SECTORS.length]! })).id));
    const store = new AssetStore(db, { clock: systemClock });
    const ctx = { actor: { id: 'bench', organizationId: null } };
    const perOrg = Math.ceil(ASSETS / OPERATORS);
    let t0 = performance.now();
    let n = 0;
    for (let i = 0; i < OPERATORS && n < ASSETS; i++) {
      const k = Math.min(perOrg, ASSETS - n);
      n += (await store.importCsv(ids[i]!, assetsCsv(i, k), ctx)).created;
    }
    row(`register ${fmt(n)} assets of ${OPERATORS} operators (CSV, one import each)`, `${((performance.now() - t0) / 1000).toFixed(1)} s, ${fmt(n / ((performance.now() - t0) / 1000))} assets/s`);
    const doc = sbom(SBOM_COMPONENTS);
    t0 = performance.now();
    const r = await store.importCycloneDx(ids[0]!, doc, { ...ctx, options: { introducedOn: '2026-11-01' } });
    row(
      `import a ${fmt(SBOM_COMPONENTS)}-component CycloneDX SBOM (${(doc.length / 1e6).toFixed(1)} MB)`,
      `${((performance.now() - t0) / 1000).toFixed(2)} s, ${fmt(r.created)} created (target < 5 s)`,
    );
    t0 = performance.now();
    let facts = 0;
    let overdue = 0;
    let after: string | undefined;
    const now = systemClock.now();
    for (;;) {
      const page = await store.notificationFacts({ limit: 1000, ...(after === undefined ? {} : { after }) });
      for (const f of page) {
        facts++;
        if (notificationDeadline(f, now).state === 'overdue') overdue++;
      }
      if (page.length < 1000) break;
      after = page.at(-1)!.assetId;
    }
    row(`notification deadlines of every asset (read + compute)`, `${((performance.now() - t0) / 1000).toFixed(2)} s for ${fmt(facts)} (${fmt(overdue)} overdue)`);
    await benchIncidents({ db, orgs: ids, incidents: INCIDENTS, row, percentile, fmt });
  });
}

process.stdout.write(`sakimori bench:cooperation — node ${process.versions.node}, ${process.platform}/${process.arch}\n\n`);
deadlines();
const dir = mkdtempSync(join(tmpdir(), 'sakimori-bench-coop-'));
try {
  await engine('SQLite', { url: `sqlite:${join(dir, 'bench.db')}`, dataDir: dir, poolSize: 1, migrateOnStart: true });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const pgUrl = process.env.SAKIMORI_BENCH_PG_URL;
if (pgUrl !== undefined && pgUrl !== '') {
  const schema = `sakimori_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(q).finally(() => c.end());
  };
  await admin(`create schema ${schema}`);
  const u = new URL(pgUrl);
  u.searchParams.set('options', `-c search_path=${schema}`);
  try {
    await engine('PostgreSQL', { url: u.toString(), dataDir: tmpdir(), poolSize: 2, migrateOnStart: true });
  } finally {
    await admin(`drop schema ${schema} cascade`);
  }
} else process.stdout.write('  (PostgreSQL skipped: set SAKIMORI_BENCH_PG_URL)\n');
