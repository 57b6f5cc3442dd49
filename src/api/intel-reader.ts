/**
 * What the console shows of the STIX object store, per caller: the collections it may read (the
 * TAXII server's rights: grants by organisation or role, the administrator roles reading all),
 * their objects and an object's relationships — every object through the one release filter of
 * `intel/share` over the `api-view` channel (with the MISP release contexts an import stored),
 * which audit-logs what it releases.
 *
 * Security invariants (enforced here):
 * - an object reaches the caller only from a collection it may read and only as the release filter
 *   hands it back for that collection; an object it may not see answers exactly as an unknown id;
 * - a related object's id is shown only when the same check releases that object to the caller.
 */
import { type Kysely, sql } from 'kysely';
import type { Actor } from '../core/roles.js';
import { asId, type OrganizationId } from '../core/ids.js';
import { isRole } from '../core/roles.js';
import type { AuditEventInput } from '../core/audit-event.js';
import { MispReleaseStore } from '../intel/misp/misp-release-store.js';
import { createTaxiiRelease } from '../intel/share/taxii-release.js';
import { type StixCollection, StixStore, type StoredObject, toStored } from '../intel/stix/stix-store.js';
import { compareVersions } from '../intel/stix/version-key.js';
import type { StixJson, TaxiiRelease } from '../intel/taxii/index.js';
import { rightsOf, type TaxiiGrant, TaxiiGrantStore } from '../intel/taxii/sql/index.js';
import type { OrganizationStore } from '../registry/organization-store.js';
import { BUILT_IN_CATALOGUE } from '../stix/marking/index.js';
import type { Database } from '../storage/database.js';
import { ERR_API_BAD_CURSOR } from './errors.js';
import { intelCallerOf, intelPrincipalOf } from './intel-caller.js';

/** Who decides what: the TAXII server's settings (`taxii.office`, `officeRoles`, `administratorRoles`). */
export interface IntelAccessConfig {
  readonly office: string;
  readonly officeRoles: readonly string[];
  readonly administratorRoles: readonly string[];
}

/** Dependencies of {@link IntelReader}. */
export interface IntelReaderDeps {
  readonly db: Kysely<Database>;
  readonly orgs: Pick<OrganizationStore, 'get'>;
  readonly audit: { append(event: AuditEventInput): Promise<unknown> };
  readonly access: IntelAccessConfig;
}

/** A collection the caller may read, with its grants. */
export interface ReadableCollection {
  readonly collection: StixCollection;
  readonly grants: readonly TaxiiGrant[];
  readonly canWrite: boolean;
}

/** One released object version, as shown. */
export interface ShownObject {
  readonly id: string;
  readonly type: string;
  readonly version: string;
  readonly collectionId: string;
  readonly name: string | null;
  readonly created: string | null;
  readonly modified: string | null;
  readonly revoked: boolean;
  readonly dateAdded: number;
  readonly markings: string[];
  readonly object: Record<string, unknown>;
}

/** Store rows read per step while a page fills (withheld rows make a page read on). */
const MAX_SCAN = 5000;
/** References listed per direction on an object's page. */
export const MAX_RELATIONS = 200;

/** The name an object is known by: its name, pattern, value or relationship. */
function nameOf(o: Readonly<Record<string, unknown>>): string | null {
  for (const k of ['name', 'value', 'pattern', 'relationship_type', 'path', 'number', 'display_name']) {
    const v = o[k];
    if (typeof v === 'string' && v !== '') return v.length > 300 ? `${v.slice(0, 299)}…` : v;
    if (typeof v === 'number') return String(v);
  }
  return null;
}

const versionText = (o: Readonly<Record<string, unknown>>): string => `${String(o.id)}|${String(o.modified ?? '')}|${String(o.created ?? '')}`;

/** Reads collections and objects for one caller at a time (see the module comment). */
export class IntelReader {
  readonly #db: Kysely<Database>;
  readonly #store: StixStore;
  readonly #grants: TaxiiGrantStore;
  readonly #release: TaxiiRelease;
  readonly #access: IntelAccessConfig;

  constructor(deps: IntelReaderDeps) {
    this.#db = deps.db;
    this.#store = new StixStore(deps.db);
    this.#grants = new TaxiiGrantStore(deps.db);
    this.#access = deps.access;
    this.#release = createTaxiiRelease({
      db: deps.db,
      office: asId<OrganizationId>(deps.access.office),
      officeRoles: deps.access.officeRoles.filter(isRole),
      callerOf: intelCallerOf(deps.orgs),
      audit: deps.audit,
      // What a MISP import stored (distribution, sharing group, producer) narrows the release further.
      storedContexts: (ids) => new MispReleaseStore(deps.db).contextsOf(ids),
      channel: 'api-view',
    });
  }

  /** True when the caller reads every collection (an administrator role of the TAXII server). */
  readsAll(actor: Actor): boolean {
    return actor.roles.some((r) => this.#access.administratorRoles.includes(r));
  }

  /** The collections `actor` may read, by id. */
  async readable(actor: Actor): Promise<ReadableCollection[]> {
    const all = await this.#store.collections();
    const grants = await this.#grants.list();
    const who = { organizationId: actor.organizationId, roles: actor.roles };
    const out: ReadableCollection[] = [];
    for (const c of all) {
      const mine = grants.filter((g) => g.collectionId === c.id);
      const r = rightsOf(mine, who, this.#access.administratorRoles);
      if (r.canRead) out.push({ collection: c, grants: mine, canWrite: r.canWrite });
    }
    return out;
  }

  /** Distinct objects held per collection. */
  async counts(ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.#db
      .selectFrom('stix_collection_objects')
      .select(['collection_id', sql<number>`count(distinct object_id)`.as('n')])
      .where('collection_id', 'in', [...ids])
      .groupBy('collection_id')
      .execute();
    return new Map(rows.map((r) => [r.collection_id, Number(r.n)]));
  }

  /** Releases stored versions of one collection to `actor`; what is withheld is left out, order kept. */
  async #released(actor: Actor, collectionId: string, rows: readonly StoredObject[]): Promise<ShownObject[]> {
    if (rows.length === 0) return [];
    const released = await this.#release(
      rows.map((r) => r.object),
      { principal: intelPrincipalOf(actor), root: 'console', collectionId },
    );
    const same = new Set<StixJson>(released);
    const byVersion = new Map(released.map((o) => [versionText(o), o] as const));
    const out: ShownObject[] = [];
    const names = new Map<string, string>();
    for (const r of rows) {
      // The filter hands back the stored object itself, or a redacted copy of the same version.
      const o = same.has(r.object) ? r.object : byVersion.get(versionText(r.object));
      if (o === undefined) continue;
      const refs = Array.isArray(o.object_marking_refs) ? (o.object_marking_refs as unknown[]).filter((x): x is string => typeof x === 'string') : [];
      out.push({
        id: r.id,
        type: r.type,
        version: r.version,
        collectionId,
        name: nameOf(o),
        created: r.created,
        modified: r.modified,
        revoked: r.revoked,
        dateAdded: r.dateAdded,
        markings: await this.markingNames(refs, names),
        object: { ...o },
      });
    }
    return out;
  }

  /**
   * One page of a collection's objects in the order they were added, every page but the last full:
   * store rows are read after the cursor until `limit` are released (or {@link MAX_SCAN} were read).
   */
  async collectionPage(actor: Actor, collectionId: string, options: { type?: string; limit: number; cursor?: string }): Promise<{ items: ShownObject[]; next: string | null }> {
    let after = options.cursor === undefined ? undefined : storeCursor(options.cursor);
    const items: ShownObject[] = [];
    let scanned = 0;
    for (;;) {
      const need = options.limit - items.length;
      const page = await this.#store.list({ collectionId, limit: need, ...(options.type === undefined ? {} : { types: [options.type] }), ...(after === undefined ? {} : { after }) });
      items.push(...(await this.#released(actor, collectionId, page.objects)));
      scanned += page.objects.length;
      after = page.next;
      if (after === undefined) return { items, next: null };
      if (items.length >= options.limit || scanned >= MAX_SCAN) return { items, next: apiCursor(after) };
    }
  }

  /**
   * One page of everything the caller received, newest first: the objects of every collection it
   * may read, each through the release filter of its collection.
   */
  async inboxPage(actor: Actor, options: { limit: number; cursor?: string }): Promise<{ items: ShownObject[]; next: string | null }> {
    // Those who read every collection are not narrowed (the list of ids could be long).
    const readable = this.readsAll(actor) ? undefined : (await this.readable(actor)).map((c) => c.collection.id);
    if (readable?.length === 0) return { items: [], next: null };
    let before = options.cursor === undefined ? undefined : inboxPosition(options.cursor);
    const items: ShownObject[] = [];
    let scanned = 0;
    for (;;) {
      const need = options.limit - items.length;
      const rows = await this.#inboxRows(readable, before, need + 1);
      const page = rows.slice(0, need);
      // Consecutive rows of one collection are released together (one decision context, one audit entry).
      for (let i = 0; i < page.length; ) {
        let j = i;
        while (j < page.length && page[j]!.collectionId === page[i]!.collectionId) j++;
        items.push(
          ...(await this.#released(
            actor,
            page[i]!.collectionId,
            page.slice(i, j).map((r) => r.stored),
          )),
        );
        i = j;
      }
      scanned += page.length;
      const last = page.at(-1);
      if (rows.length <= need || last === undefined) return { items, next: null };
      before = last.position;
      if (items.length >= options.limit || scanned >= MAX_SCAN) return { items, next: inboxCursor(before) };
    }
  }

  async #inboxRows(collections: readonly string[] | undefined, before: InboxPosition | undefined, limit: number): Promise<{ collectionId: string; position: InboxPosition; stored: StoredObject }[]> {
    let q = this.#db
      .selectFrom('stix_collection_objects as m')
      .innerJoin('stix_objects as o', (j) => j.onRef('o.id', '=', 'm.object_id').onRef('o.version', '=', 'm.version'))
      .selectAll('o')
      .select(['m.collection_id as cid', 'm.date_added as added', 'm.seq as position'])
      .$if(collections !== undefined, (qb) => qb.where('m.collection_id', 'in', [...(collections ?? [])]));
    if (before !== undefined)
      q = q.where((eb) =>
        eb.or([
          eb('m.date_added', '<', before.dateAdded),
          eb.and([eb('m.date_added', '=', before.dateAdded), eb('m.collection_id', '<', before.collectionId)]),
          eb.and([eb('m.date_added', '=', before.dateAdded), eb('m.collection_id', '=', before.collectionId), eb('m.seq', '<', before.seq)]),
        ]),
      );
    const rows = await q.orderBy('m.date_added', 'desc').orderBy('m.collection_id', 'desc').orderBy('m.seq', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      collectionId: r.cid,
      position: { dateAdded: Number(r.added), collectionId: r.cid, seq: Number(r.position) },
      stored: { ...toStored(r), dateAdded: Number(r.added) },
    }));
  }

  /**
   * The newest version of each of `ids` that a collection the caller reads holds and releases to
   * it, by id (looked for in the collections by id order); ids it may not see are absent.
   */
  async visible(actor: Actor, ids: readonly string[]): Promise<Map<string, ShownObject>> {
    const out = new Map<string, ShownObject>();
    if (ids.length === 0) return out;
    const readable = new Set((await this.readable(actor)).map((c) => c.collection.id));
    // Which readable collection holds which versions of the ids: one read, then one release per collection.
    const held = new Map<string, Map<string, { version: string; seq: number }>>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.#db
        .selectFrom('stix_collection_objects as m')
        .innerJoin('stix_objects as o', (j) => j.onRef('o.id', '=', 'm.object_id').onRef('o.version', '=', 'm.version'))
        .select(['m.collection_id as cid', 'o.id', 'o.version', 'o.seq'])
        .where('m.object_id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) {
        if (!readable.has(r.cid)) continue;
        const newest = held.get(r.cid) ?? new Map<string, { version: string; seq: number }>();
        const v = { version: r.version, seq: Number(r.seq) };
        const cur = newest.get(r.id);
        // The newest version the collection holds, in the store's order (version key, then arrival).
        if (cur === undefined || compareVersions(v, cur) > 0) newest.set(r.id, v);
        held.set(r.cid, newest);
      }
    }
    for (const collectionId of [...held.keys()].sort()) {
      const rows: StoredObject[] = [];
      for (const [id, v] of held.get(collectionId)!) {
        if (out.has(id)) continue;
        const s = await this.#store.get(id, { version: v.version });
        if (s !== undefined) rows.push(s);
      }
      for (const o of await this.#released(actor, collectionId, rows)) out.set(o.id, o);
    }
    return out;
  }

  /** References of `id`'s latest version both ways, up to {@link MAX_RELATIONS} each. */
  async references(id: string): Promise<{ from: { path: string; other: string }[]; to: { path: string; other: string }[]; more: boolean }> {
    const from = (await this.#store.references(id, 'from')).filter((r) => !r.target.startsWith('marking-definition--'));
    const to = await this.#store.references(id, 'to');
    return {
      from: from.slice(0, MAX_RELATIONS).map((r) => ({ path: r.path, other: r.target })),
      to: to.slice(0, MAX_RELATIONS).map((r) => ({ path: r.path, other: r.source })),
      more: from.length > MAX_RELATIONS || to.length > MAX_RELATIONS,
    };
  }

  /** Marking names: TLP and PAP by their names, a stored definition by its name, anything else by its id. */
  async markingNames(refs: readonly string[], known: Map<string, string> = new Map()): Promise<string[]> {
    const out: string[] = [];
    for (const ref of refs) {
      let name = known.get(ref);
      if (name === undefined) {
        const m = BUILT_IN_CATALOGUE.resolve(ref);
        if (m.kind === 'tlp' || m.kind === 'pap') name = `${m.kind.toUpperCase()}:${m.level.toUpperCase()}`;
        else {
          const stored = (await this.#store.get(ref))?.object.name;
          name = typeof stored === 'string' && stored !== '' ? stored : ref;
        }
        known.set(ref, name);
      }
      out.push(name);
    }
    return out;
  }
}

/** The store's cursor (`<date_added>.<seq>`) as the API hands it out (`<date_added>_<seq>`). */
function apiCursor(storeNext: string): string {
  return storeNext.replace('.', '_');
}

function storeCursor(cursor: string): string {
  if (!/^\d{1,16}_\d{1,16}$/.test(cursor)) throw new ERR_API_BAD_CURSOR(JSON.stringify(cursor));
  const [a, b] = cursor.split('_').map(Number);
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b)) throw new ERR_API_BAD_CURSOR(JSON.stringify(cursor));
  return `${a}.${b}`;
}

/** Where an inbox page ended: the (date added, collection, seq) of its last row. */
interface InboxPosition {
  readonly dateAdded: number;
  readonly collectionId: string;
  readonly seq: number;
}

function inboxCursor(p: InboxPosition): string {
  return `${p.dateAdded.toString(36)}_${p.seq.toString(36)}_${Buffer.from(p.collectionId).toString('base64url')}`;
}

function inboxPosition(cursor: string): InboxPosition {
  const m = /^([0-9a-z]{1,11})_([0-9a-z]{1,11})_([A-Za-z0-9_-]{1,180})$/.exec(cursor);
  const dateAdded = m === null ? Number.NaN : Number.parseInt(m[1]!, 36);
  const seq = m === null ? Number.NaN : Number.parseInt(m[2]!, 36);
  const collectionId = m === null ? '' : Buffer.from(m[3]!, 'base64url').toString();
  if (!Number.isSafeInteger(dateAdded) || !Number.isSafeInteger(seq) || collectionId === '' || collectionId.length > 200) throw new ERR_API_BAD_CURSOR(JSON.stringify(cursor));
  return { dateAdded, collectionId, seq };
}
