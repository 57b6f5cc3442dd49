/**
 * The MISP side of the object store: the release context of each STIX object a MISP import made
 * (`stix_release_contexts`) and the MISP events themselves (`misp_events`), written in the import's
 * transaction and read by the feed export (and by any exchange that asks for the contexts).
 *
 * Security invariant (enforced here): an object id claimed by two different MISP events (a reused
 * attribute uuid, a galaxy cluster in two events) gets a context that reaches nobody, so a second
 * event can never widen the release of the first one's object.
 */
import { type Kysely, sql } from 'kysely';
import type { ReleaseContext } from '../../stix/marking/index.js';
import type { MispEvent, MispOrganisation, MispSharingGroup } from '../../stix/misp/index.js';
import type { Database } from '../../storage/database.js';
import { chunks } from '../stix/batch-insert.js';
import { ERR_INTEL_MISP_EVENT_CREATOR } from './errors.js';
import { NOBODY } from './event-release.js';

/** A stored MISP event with what its release was decided from. */
export interface StoredMispEvent {
  readonly event: MispEvent;
  /** Sharing groups its items may name (the embedded one included). */
  readonly sharingGroups: readonly MispSharingGroup[];
  /** TLP:AMBER audience given at import (organisation uuids). */
  readonly audience: readonly string[];
  readonly source: string;
}

/** What {@link MispReleaseStore.putEvent} did: a new or newer event is stored, the same or an older one is not. */
export type EventWrite = 'stored' | 'unchanged';

// Rows per multi-row insert: 3 columns each, well under both engines' parameter limits.
const CONTEXT_ROWS = 5000;

/** Reads and writes `stix_release_contexts` and `misp_events`; pass a transaction to write inside an import's. */
export class MispReleaseStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Stores the release context of each object, keyed by object id, for the event `origin`. */
  async putContexts(origin: string, contexts: ReadonlyMap<string, ReleaseContext>): Promise<void> {
    // Many objects share one context: serialise each distinct context once.
    const texts = new Map<ReleaseContext, string>();
    const rows: { object_id: string; origin: string; context: string }[] = [];
    for (const [id, c] of contexts) {
      let text = texts.get(c);
      if (text === undefined) texts.set(c, (text = JSON.stringify(c)));
      rows.push({ object_id: id, origin, context: text });
    }
    const nobody = JSON.stringify(NOBODY);
    for (let i = 0; i < rows.length; i += CONTEXT_ROWS) {
      await this.#db
        .insertInto('stix_release_contexts')
        .values(rows.slice(i, i + CONTEXT_ROWS))
        .onConflict((oc) =>
          oc.column('object_id').doUpdateSet({
            // The same event again replaces its context; another event's claim reaches nobody.
            context: sql<string>`case when stix_release_contexts.origin = excluded.origin then excluded.context else ${nobody} end`,
          }),
        )
        .execute();
    }
  }

  /**
   * Refuses an event whose uuid is stored as created by another organisation (Orgc, else Org): only
   * the creator may change an event, as in MISP.
   *
   * @throws `SAKIMORI_ERR_INTEL_MISP_EVENT_CREATOR`
   */
  async assertSameCreator(event: MispEvent): Promise<void> {
    const row = await this.#db.selectFrom('misp_events').select('json').where('uuid', '=', event.uuid).executeTakeFirst();
    if (row === undefined) return;
    const stored = (JSON.parse(row.json) as { event: MispEvent }).event;
    const creator = (e: MispEvent) => e.orgc?.uuid ?? e.org?.uuid ?? '';
    if (creator(stored) !== creator(event)) throw new ERR_INTEL_MISP_EVENT_CREATOR(event.uuid, creator(stored) || 'no organisation', creator(event) || 'no organisation');
  }

  /** Stores the event unless one with the same uuid and a timestamp at least as new is stored. */
  async putEvent(stored: StoredMispEvent, now: number): Promise<EventWrite> {
    const { event } = stored;
    const timestamp = event.timestamp ?? 0;
    const old = await this.#db.selectFrom('misp_events').select('timestamp').where('uuid', '=', event.uuid).executeTakeFirst();
    if (old !== undefined && Number(old.timestamp) >= timestamp) return 'unchanged';
    const json = JSON.stringify({ event, sharingGroups: stored.sharingGroups, audience: stored.audience });
    const row = { uuid: event.uuid, source: stored.source, timestamp, json, stored_at: now };
    if (old === undefined) await this.#db.insertInto('misp_events').values(row).execute();
    else await this.#db.updateTable('misp_events').set(row).where('uuid', '=', event.uuid).execute();
    return 'stored';
  }

  /** Every stored event, by uuid, a page at a time. */
  async *events(pageSize = 20): AsyncGenerator<StoredMispEvent> {
    let after = '';
    for (;;) {
      const rows = await this.#db.selectFrom('misp_events').select(['uuid', 'source', 'json']).where('uuid', '>', after).orderBy('uuid').limit(pageSize).execute();
      for (const r of rows) {
        const parsed = JSON.parse(r.json) as Omit<StoredMispEvent, 'source'>;
        yield { ...parsed, source: r.source };
      }
      const last = rows.at(-1);
      if (last === undefined || rows.length < pageSize) return;
      after = last.uuid;
    }
  }

  /** Every MISP organisation the stored events name (creators, owners, sharing group members), by uuid. */
  async organisations(): Promise<Map<string, MispOrganisation>> {
    const out = new Map<string, MispOrganisation>();
    const add = (o: MispOrganisation | undefined) => {
      if (o !== undefined && !out.has(o.uuid)) out.set(o.uuid, { uuid: o.uuid, name: o.name });
    };
    for await (const { event, sharingGroups } of this.events()) {
      add(event.orgc);
      add(event.org);
      for (const g of sharingGroups) for (const m of g.members) add(m);
    }
    return out;
  }

  /** The contexts stored for the objects of event `origin`, by object id. */
  async contextsOfEvent(origin: string): Promise<Map<string, ReleaseContext>> {
    const rows = await this.#db.selectFrom('stix_release_contexts').select(['object_id', 'context']).where('origin', '=', origin).execute();
    return parseRows(rows);
  }

  /** The contexts stored for `ids` (those with none are absent: not made by a MISP import). */
  async contextsOf(ids: readonly string[]): Promise<Map<string, ReleaseContext>> {
    const out = new Map<string, ReleaseContext>();
    for (const part of chunks([...new Set(ids)])) {
      const rows = await this.#db.selectFrom('stix_release_contexts').select(['object_id', 'context']).where('object_id', 'in', part).execute();
      for (const [id, c] of parseRows(rows)) out.set(id, c);
    }
    return out;
  }
}

function parseRows(rows: readonly { object_id: string; context: string }[]): Map<string, ReleaseContext> {
  const cache = new Map<string, ReleaseContext>();
  const out = new Map<string, ReleaseContext>();
  for (const r of rows) {
    let c = cache.get(r.context);
    if (c === undefined) cache.set(r.context, (c = JSON.parse(r.context) as ReleaseContext));
    out.set(r.object_id, c);
  }
  return out;
}
