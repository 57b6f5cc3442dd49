/**
 * Intelligence in the console: the collections a caller may read, their objects with their
 * markings, an object's relationships, everything received (the inbox), what was shared with whom
 * (the delivery log, from the audit log's `data.share` entries) and the feeds with their last pull.
 *
 * Every object shown passes the release filter over `api-view` (see `intel-reader.ts`); an object
 * or a collection the caller may not see answers 404 exactly as an unknown id does (with the TAXII
 * server's code, `SAKIMORI_ERR_TAXII_NOT_FOUND`, naming only the id the caller asked for).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import Type from 'typebox';
import type { Actor } from '../../core/roles.js';
import { FeedStateStore, type FeedState } from '../../intel/feeds/feed-state-store.js';
import { ERR_TAXII_NOT_FOUND } from '../../intel/taxii/errors.js';
import type { OrganizationStore } from '../../registry/organization-store.js';
import type { Database } from '../../storage/database.js';
import { ERR_API_BAD_CURSOR } from '../errors.js';
import { principalOf, R } from '../http/access.js';
import { Page, PageQuery } from '../http/schemas.js';
import type { IntelReader } from '../intel-reader.js';
import { CollectionId, IntelCollectionSchema, IntelFeedSchema, IntelObjectDetailSchema, IntelObjectSchema, IntelShareSchema, StixId, StixType } from '../views/intel-schemas.js';

/** A configured feed, as far as the console shows it (`intel.feeds[]`). */
export interface IntelFeedView {
  readonly name: string;
  readonly url: string;
  readonly enabled: boolean;
  readonly intervalSeconds: number;
}

/** Who reads the whole delivery log; operators read what their organisation received. */
const SHARE_READERS = [R.analyst, R.auditor] as const;
/** Who sees collection grants and feeds. */
const INTEL_ADMINS = [R.analyst, R.admin] as const;

/** Dependencies of {@link intelRoutes}. */
export interface IntelRoutesDeps {
  readonly db: Kysely<Database>;
  readonly reader: IntelReader;
  readonly orgs: Pick<OrganizationStore, 'get'>;
  /** The configured feeds (`intel.feeds`). */
  readonly feeds: readonly IntelFeedView[];
}

const hasAny = (actor: Actor, roles: readonly string[]): boolean => actor.roles.some((r) => roles.includes(r));

/** Route plugin of `/intel`. */
export function intelRoutes(deps: IntelRoutesDeps): FastifyPluginAsync {
  const { reader } = deps;
  const orgName = async (id: string): Promise<string | null> => (await deps.orgs.get(id))?.name ?? null;
  return async (app) => {
    const tags = ['intel'];
    const read = { access: 'signed-in' as const };
    app.get<{ Querystring: { limit: number; cursor?: string } }>(
      '/intel/collections',
      {
        config: read,
        schema: {
          summary: 'Collections you may read (TAXII rights: grants to your organisation or role), with their object count and, for NCO analysts and administrators, their grants',
          tags,
          querystring: PageQuery({}),
          response: { 200: Page(IntelCollectionSchema) },
        },
      },
      async (req) => {
        const actor = principalOf(req).actor;
        const all = await reader.readable(actor);
        const start = req.query.cursor === undefined ? 0 : all.findIndex((c) => cursorOfId(c.collection.id) === req.query.cursor) + 1;
        if (start === 0 && req.query.cursor !== undefined) throw new ERR_API_BAD_CURSOR(JSON.stringify(req.query.cursor));
        const page = all.slice(start, start + req.query.limit);
        const readsAll = reader.readsAll(actor);
        const counts = readsAll ? await reader.counts(page.map((c) => c.collection.id)) : new Map<string, number>();
        const showGrants = hasAny(actor, INTEL_ADMINS);
        const items = [];
        for (const c of page) {
          const k = c.collection;
          items.push({
            id: k.id,
            title: k.title,
            description: k.description,
            alias: k.alias,
            createdAt: k.createdAt,
            canWrite: c.canWrite,
            // A count includes what the release filter keeps from a caller: only those who read everything see it.
            objects: readsAll ? (counts.get(k.id) ?? 0) : null,
            grants: showGrants
              ? await Promise.all(
                  c.grants.map(async (g) => ({
                    granteeKind: g.granteeKind,
                    grantee: g.grantee,
                    granteeName: g.granteeKind === 'organization' ? await orgName(g.grantee) : null,
                    canRead: g.canRead,
                    canWrite: g.canWrite,
                  })),
                )
              : null,
          });
        }
        const last = page.at(-1);
        return { items, next: start + page.length < all.length && last !== undefined ? cursorOfId(last.collection.id) : null };
      },
    );
    app.get<{ Params: { id: string }; Querystring: { type?: string; limit: number; cursor?: string } }>(
      '/intel/collections/:id/objects',
      {
        config: read,
        schema: {
          summary: 'Objects of a collection you may read, in the order they were added, each as released to you (TLP, PAP, MISP distribution) with its markings; every page is audit-logged as shared',
          tags,
          params: Type.Object({ id: CollectionId }, { additionalProperties: false }),
          querystring: PageQuery({ type: Type.Optional(StixType) }),
          response: { 200: Page(IntelObjectSchema) },
        },
      },
      async (req) => {
        const actor = principalOf(req).actor;
        if (!(await reader.readable(actor)).some((c) => c.collection.id === req.params.id)) throw new ERR_TAXII_NOT_FOUND(`collection ${req.params.id}`);
        const q = req.query;
        return reader.collectionPage(actor, req.params.id, { limit: q.limit, ...(q.type === undefined ? {} : { type: q.type }), ...(q.cursor === undefined ? {} : { cursor: q.cursor }) });
      },
    );
    app.get<{ Params: { id: string } }>(
      '/intel/objects/:id',
      {
        config: read,
        schema: {
          summary: 'An object as released to you, and its references both ways; a related object’s id only when it is released to you too',
          tags,
          params: Type.Object({ id: StixId }, { additionalProperties: false }),
          response: { 200: IntelObjectDetailSchema },
        },
      },
      async (req) => {
        const actor = principalOf(req).actor;
        const object = (await reader.visible(actor, [req.params.id])).get(req.params.id);
        if (object === undefined) throw new ERR_TAXII_NOT_FOUND(`object ${req.params.id}`);
        const refs = await reader.references(req.params.id);
        const seen = await reader.visible(actor, [...new Set([...refs.from, ...refs.to].map((r) => r.other))]);
        const relation = (direction: 'from' | 'to') => (r: { path: string; other: string }) => {
          const o = seen.get(r.other);
          return { direction, path: r.path, id: o?.id ?? null, type: o?.type ?? null, name: o?.name ?? null, markings: o?.markings ?? null };
        };
        return { object, relationships: [...refs.from.map(relation('from')), ...refs.to.map(relation('to'))], more: refs.more };
      },
    );
    app.get<{ Querystring: { limit: number; cursor?: string } }>(
      '/intel/inbox',
      {
        config: read,
        schema: {
          summary: 'Everything you received: the objects of every collection you may read, newest first, each as released to you',
          tags,
          querystring: PageQuery({}),
          response: { 200: Page(IntelObjectSchema) },
        },
      },
      async (req) => reader.inboxPage(principalOf(req).actor, { limit: req.query.limit, ...(req.query.cursor === undefined ? {} : { cursor: req.query.cursor }) }),
    );
    app.get<{ Querystring: { limit: number; cursor?: string } }>(
      '/intel/shares',
      {
        config: { access: [...SHARE_READERS, R.operator] },
        schema: {
          summary: 'The delivery log: what was shared with whom, over which channel and under which markings, newest first (operators: what their organisation received)',
          tags,
          querystring: PageQuery({}),
          response: { 200: Page(IntelShareSchema) },
        },
      },
      async (req) => {
        const actor = principalOf(req).actor;
        // An operator reads the entries addressed to its organisation; without one it reads nothing.
        const recipient = hasAny(actor, SHARE_READERS) ? undefined : actor.organizationId === undefined ? null : `organisation:${actor.organizationId}`;
        if (recipient === null) return { items: [], next: null };
        return sharesPage(deps, recipient, req.query.limit, req.query.cursor);
      },
    );
    app.get(
      '/intel/feeds',
      {
        config: { access: [...INTEL_ADMINS] },
        schema: {
          summary: 'The configured TAXII feeds with their last pull, its outcome and counts (and feeds pulled before that are no longer configured)',
          tags,
          response: { 200: Type.Object({ feeds: Type.Array(IntelFeedSchema) }, { additionalProperties: false }) },
        },
      },
      async () => {
        const states = new Map((await new FeedStateStore(deps.db).list()).map((s) => [s.feed, s] as const));
        const feeds = deps.feeds.map((f) => feedView(f.name, f, states.get(f.name)));
        for (const [name, s] of states) if (!deps.feeds.some((f) => f.name === name)) feeds.push(feedView(name, undefined, s));
        return { feeds };
      },
    );
  };
}

/** A collection id as a cursor (ids may hold characters a cursor may not). */
function cursorOfId(id: string): string {
  return Buffer.from(id).toString('base64url');
}

function feedView(name: string, f: IntelFeedView | undefined, s: FeedState | undefined) {
  let host: string | null = null;
  if (f !== undefined) {
    try {
      host = new URL(f.url).host;
    } catch {
      host = null;
    }
  }
  return {
    name,
    host,
    configured: f !== undefined,
    enabled: f?.enabled ?? false,
    intervalSeconds: f?.intervalSeconds ?? null,
    lastPullAt: s?.lastPullAt ?? null,
    lastSuccessAt: s?.lastSuccessAt ?? null,
    lastOutcome: s?.lastOutcome ?? null,
    lastError: s?.lastError ?? null,
    last: s?.last ?? { stored: 0, duplicates: 0, refused: 0, pages: 0, bytes: 0 },
    storedTotal: s?.storedTotal ?? 0,
    duplicatesTotal: s?.duplicatesTotal ?? 0,
  };
}

/** Audit entries read per step while a page of shares fills. */
const SHARE_SCAN = 2000;

/**
 * A page of `data.share` entries, newest first (cursor: the seq of the page's last entry, base 36);
 * only those addressed to `recipient` when given. The SQL match on the entry's text narrows the
 * read; each entry is then parsed and checked field by field, so text elsewhere cannot match.
 */
async function sharesPage(deps: IntelRoutesDeps, recipient: string | undefined, limit: number, cursor: string | undefined) {
  let before = cursor === undefined ? undefined : seqOf(cursor);
  const items: Share[] = [];
  const names = new Map<string, string | null>();
  for (;;) {
    let q = deps.db.selectFrom('audit_entries').select(['seq', 'data']).where('data', 'like', '%"action":"data.share"%');
    // `%` and `_` in the id only widen the match; the parsed entry is compared exactly below.
    if (recipient !== undefined) q = q.where('data', 'like', `%"recipient":"${recipient}"%`);
    if (before !== undefined) q = q.where('seq', '<', before);
    const rows = await q.orderBy('seq', 'desc').limit(SHARE_SCAN).execute();
    for (const r of rows) {
      const share = shareOf(r.data);
      if (share === undefined || (recipient !== undefined && share.recipient !== recipient)) continue;
      items.push(share);
      if (items.length === limit) break;
    }
    const last = items.at(-1);
    if (items.length === limit && last !== undefined) {
      let more = deps.db.selectFrom('audit_entries').select('seq').where('data', 'like', '%"action":"data.share"%').where('seq', '<', last.seq);
      if (recipient !== undefined) more = more.where('data', 'like', `%"recipient":"${recipient}"%`);
      const rest = await more.limit(1).execute();
      return { items: await named(deps, items, names), next: rest.length === 0 ? null : last.seq.toString(36) };
    }
    if (rows.length < SHARE_SCAN) return { items: await named(deps, items, names), next: null };
    before = Number(rows.at(-1)!.seq);
  }
}

function seqOf(cursor: string): number {
  const n = /^[0-9a-z]{1,11}$/.test(cursor) ? Number.parseInt(cursor, 36) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new ERR_API_BAD_CURSOR(JSON.stringify(cursor));
  return n;
}

type Share = NonNullable<ReturnType<typeof shareOf>>;

function shareOf(data: string) {
  let e: { seq?: unknown; time?: unknown; action?: unknown; subjects?: { type?: unknown; id?: unknown }[]; details?: Record<string, unknown> };
  try {
    e = JSON.parse(data) as typeof e;
  } catch {
    return undefined;
  }
  const d = e.details ?? {};
  if (e.action !== 'data.share' || typeof e.seq !== 'number' || typeof d.recipient !== 'string') return undefined;
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const collection = (e.subjects ?? []).find((s) => s.type === 'stix_collection');
  return {
    seq: e.seq,
    time: String(e.time ?? ''),
    channel: typeof d.channel === 'string' ? d.channel : 'unknown',
    recipient: d.recipient,
    collectionId: typeof collection?.id === 'string' ? collection.id : null,
    objects: strings(d.objects),
    markings: strings(d.markings),
  };
}

/** Marking names and the recipient organisation's name on each share. */
async function named(deps: IntelRoutesDeps, items: readonly Share[], names: Map<string, string | null>) {
  const out = [];
  const markings = new Map<string, string>();
  for (const s of items) {
    const m = /^organisation:(.+)$/.exec(s.recipient);
    let recipientName: string | null = null;
    if (m !== null) {
      if (!names.has(m[1]!)) names.set(m[1]!, (await deps.orgs.get(m[1]!))?.name ?? null);
      recipientName = names.get(m[1]!) ?? null;
    }
    out.push({ ...s, recipientName, markings: await deps.reader.markingNames(s.markings, markings) });
  }
  return out;
}
