/**
 * Builds a SQL TAXII backend holding a contract seed (medallion's data file shape), writing the
 * seed through the STIX store: collections with `createCollection`, objects with `ingest` at their
 * manifest `date_added`, and the seed's `can_read`/`can_write` as grants to one role every caller
 * of the seeded backend holds.
 */
import type { Kysely } from 'kysely';
import { TLP2_IDS } from '../../../../stix/marking/index.js';
import type { Database } from '../../../../storage/database.js';
import { StixStore } from '../../../stix/stix-store.js';
import type { StixJson, TaxiiBackend } from '../../backend.js';
import type { TaxiiSeed, TaxiiSeedCollection, TaxiiSeedRoot } from '../../memory-backend.js';
import { parseTaxiiTimestamp } from '../../timestamp.js';
import { createSqlTaxiiBackend, type SqlTaxiiRoot } from '../sql-taxii-backend.js';
import { TaxiiGrantStore } from '../taxii-grant-store.js';

/** The role the seed's rights are granted to; the seeded backend gives it to every caller. */
export const SEED_ROLE = 'taxii-seed';
/** Default marking of the seeded backend (and of the seed's objects). */
export const SEED_MARKING = TLP2_IDS.green;

/** `date_added` (epoch ms) of each object, from the manifest; the epoch when it has none. */
function datesAdded(c: TaxiiSeedCollection): number[] {
  const added = new Map<string, number>();
  for (const m of c.manifest ?? []) {
    const t = parseTaxiiTimestamp(m.date_added);
    if (t !== undefined) added.set(`${m.id}|${parseTaxiiTimestamp(m.version)}`, Date.parse(`${t.slice(0, 23)}Z`));
  }
  return (c.objects ?? []).map((o) => added.get(`${String(o.id)}|${parseTaxiiTimestamp(String(o.modified ?? o.created))}`) ?? 0);
}

/** Ingests a collection's objects in seed order, one ingest per run of objects sharing a `date_added`. */
async function ingestObjects(store: StixStore, c: TaxiiSeedCollection, prepare: (o: StixJson) => StixJson): Promise<void> {
  const objects = (c.objects ?? []).map(prepare);
  const dates = datesAdded(c);
  let start = 0;
  while (start < objects.length) {
    let end = start + 1;
    while (end < objects.length && dates[end] === dates[start]) end++;
    await store.ingest(objects.slice(start, end), { source: 'seed', defaultMarkingRef: SEED_MARKING, collectionId: c.id, now: dates[start] ?? 0 });
    start = end;
  }
}

/** Writes `seed` into `db` and answers a backend over it whose clock is `now`. */
export async function seedSqlTaxiiBackend(db: Kysely<Database>, seed: TaxiiSeed, now: () => number, prepare: (o: StixJson) => StixJson = (o) => o): Promise<TaxiiBackend> {
  const store = new StixStore(db);
  const grants = new TaxiiGrantStore(db);
  const roots: SqlTaxiiRoot[] = [];
  for (const [name, value] of Object.entries(seed)) {
    if (name === '/discovery') continue;
    const root = value as TaxiiSeedRoot;
    const ids: string[] = [];
    for (const c of root.collections ?? []) {
      ids.push(c.id);
      await store.createCollection(c.id, { title: c.title, ...(c.description === undefined ? {} : { description: c.description }), ...(c.alias === undefined ? {} : { alias: c.alias }) }, 0);
      if (c.can_read || c.can_write) await grants.grant({ collectionId: c.id, granteeKind: 'role', grantee: SEED_ROLE, canRead: c.can_read, canWrite: c.can_write }, 0);
      await ingestObjects(store, c, prepare);
    }
    const info = root.information;
    roots.push({ name, title: info.title, ...(info.description === undefined ? {} : { description: info.description }), collections: ids, maxContentLength: info.max_content_length });
  }
  const discovery = seed['/discovery'];
  return createSqlTaxiiBackend(db, {
    discovery: { title: discovery.title, ...(discovery.description === undefined ? {} : { description: discovery.description }) },
    baseUrl: 'https://example.test/',
    roots,
    defaultMarkingRef: SEED_MARKING,
    administratorRoles: ['admin'],
    now,
    identify: () => ({ roles: [SEED_ROLE] }),
  });
}
