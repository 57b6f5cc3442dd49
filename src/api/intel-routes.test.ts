/**
 * The intel routes as each kind of caller sees them, and as an outsider would try them: another
 * organisation's collection, an object it may not see, crafted cursors, type filter injection.
 * What the release filter keeps from a caller must not show, not even as a count or an id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeExternal, tcpAvailable, TEST_PG_URL } from '../testing/external.js';
import { startApiFixture, type ApiFixture } from './testing/api-fixture.js';
import { INTEL, seedIntel } from './testing/intel-world.js';

interface Obj {
  readonly id: string;
  readonly type: string;
  readonly collectionId: string;
  readonly markings: string[];
  readonly object: Record<string, unknown>;
}
interface Page<T> {
  readonly items: T[];
  readonly next: string | null;
}

function intelTests(dialect: 'sqlite' | 'postgres'): void {
  let f: ApiFixture;
  const get = async <T>(who: string, url: string) => {
    const a = await f.call(f.users[who]!, 'GET', `/api/v1${url}`);
    return { status: a.status, body: a.body as T & { code?: string; message?: string } };
  };
  beforeAll(async () => {
    f = await startApiFixture({ dialect });
    await seedIntel(f.platform.storage.db, f.orgs.airline, f.clock.now());
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('lists the collections each caller may read, grants and counts only to those who may see them', async () => {
    const analyst = await get<Page<{ id: string; objects: number | null; grants: { grantee: string; granteeName: string | null }[] | null }>>('analyst', '/intel/collections');
    expect(analyst.body.items.map((c) => c.id)).toEqual([INTEL.orgCollection, INTEL.closedCollection, INTEL.roleCollection]);
    const org = analyst.body.items.find((c) => c.id === INTEL.orgCollection)!;
    expect(org.objects).toBe(6);
    expect(org.grants).toEqual([{ granteeKind: 'organization', grantee: f.orgs.airline, granteeName: 'Aozora Airlines', canRead: true, canWrite: false }]);
    const airline = await get<Page<{ id: string; objects: number | null; grants: unknown }>>('airline', '/intel/collections');
    expect(airline.body.items.map((c) => [c.id, c.objects, c.grants])).toEqual([
      [INTEL.orgCollection, null, null],
      [INTEL.roleCollection, null, null],
    ]);
    const bank = await get<Page<{ id: string }>>('bank', '/intel/collections');
    expect(bank.body.items.map((c) => c.id)).toEqual([INTEL.roleCollection]);
    // Without a grant naming them, the office's other roles and the commission read nothing.
    for (const who of ['officer', 'commission1', 'regulator', 'partner', 'admin']) expect((await get<Page<unknown>>(who, '/intel/collections')).body.items).toEqual([]);
  });

  it('releases each object by its marking: RED only to the named office analyst, AMBER to the granted organisation, GREEN through a role grant', async () => {
    const ids = async (who: string, c: string) => (await get<Page<Obj>>(who, `/intel/collections/${c}/objects`)).body.items.map((o) => o.id).sort();
    // The relationship to an object outside the collection is withheld from everyone (its source cannot be shown).
    expect(await ids('analyst', INTEL.orgCollection)).toEqual([INTEL.green, INTEL.amber, INTEL.red, INTEL.malware, INTEL.indicates].sort());
    expect(await ids('airline', INTEL.orgCollection)).toEqual([INTEL.green, INTEL.amber, INTEL.malware, INTEL.indicates].sort());
    expect(await ids('airline', INTEL.roleCollection)).toEqual([INTEL.roleGreen]);
    expect(await ids('bank', INTEL.roleCollection)).toEqual([INTEL.roleGreen]);
    const amber = (await get<Page<Obj>>('airline', `/intel/collections/${INTEL.orgCollection}/objects?type=indicator`)).body.items.find((o) => o.id === INTEL.amber)!;
    expect(amber.markings).toEqual(['TLP:AMBER', 'PAP:RED']);
    expect(amber.object['pattern']).toBe("[ipv4-addr:value = '192.0.2.2']");
  });

  it('answers another organisation’s collection exactly as an unknown one', async () => {
    // The answer names only the id asked for: compare with the id taken out.
    const answer = async (who: string, id: string) => {
      const a = await get<unknown>(who, `/intel/collections/${id}/objects`);
      return { status: a.status, body: JSON.parse(JSON.stringify(a.body).replaceAll(id, '<id>')) as unknown };
    };
    const other = await answer('bank', INTEL.orgCollection);
    expect(other).toEqual({ status: 404, body: { code: 'SAKIMORI_ERR_TAXII_NOT_FOUND', message: 'collection <id> not found' } });
    expect(await answer('bank', 'no-such-collection')).toEqual(other);
    expect(await answer('airline', INTEL.closedCollection)).toEqual(other);
    expect(await answer('officer', INTEL.orgCollection)).toEqual(other);
  });

  it('answers an object the caller may not see exactly as an unknown id, whatever the reason', async () => {
    const answer = async (who: string, id: string) => {
      const a = await get<unknown>(who, `/intel/objects/${id}`);
      return { status: a.status, body: JSON.parse(JSON.stringify(a.body).replaceAll(id, '<id>')) as unknown };
    };
    const unknown = await answer('airline', 'indicator--00000000-0000-4000-8000-0000000000aa');
    expect(unknown).toEqual({ status: 404, body: { code: 'SAKIMORI_ERR_TAXII_NOT_FOUND', message: 'object <id> not found' } });
    // RED (policy), AMBER in a collection it reads only by role, an object of a closed collection.
    for (const id of [INTEL.red, INTEL.roleAmber, INTEL.hidden]) expect(await answer('airline', id)).toEqual(unknown);
    for (const id of [INTEL.green, INTEL.amber]) expect(await answer('bank', id)).toEqual(unknown);
    expect((await get<unknown>('analyst', `/intel/objects/${INTEL.red}`)).status).toBe(200);
  });

  it('shows an object’s relationships both ways, the other end’s id only when the caller may see it', async () => {
    const a = await get<{ object: Obj; relationships: { direction: string; path: string; id: string | null; type: string | null }[] }>('airline', `/intel/objects/${INTEL.malware}`);
    expect(a.status).toBe(200);
    expect(a.body.object.markings).toEqual(['TLP:CLEAR']);
    expect(a.body.relationships).toEqual([
      { direction: 'to', path: '/target_ref', id: INTEL.indicates, type: 'relationship', name: 'indicates', markings: ['TLP:GREEN'] },
      { direction: 'to', path: '/target_ref', id: null, type: null, name: null, markings: null },
    ]);
    const r = await get<{ relationships: { direction: string; path: string; id: string | null }[] }>('airline', `/intel/objects/${INTEL.indicates}`);
    expect(r.body.relationships.map((x) => [x.direction, x.path, x.id])).toEqual([
      ['from', '/source_ref', INTEL.green],
      ['from', '/target_ref', INTEL.malware],
    ]);
    // The analyst sees the RED indicator itself; no relationship names it.
    const red = await get<{ object: Obj }>('analyst', `/intel/objects/${INTEL.red}`);
    expect(red.body.object.markings).toEqual(['TLP:RED']);
  });

  it('gives each caller its inbox, newest first, with nothing the release filter keeps from it', async () => {
    const airline = await get<Page<Obj>>('airline', '/intel/inbox');
    const ids = airline.body.items.map((o) => o.id);
    expect(ids).toContain(INTEL.green);
    expect(ids).not.toContain(INTEL.red);
    expect(ids).not.toContain(INTEL.roleAmber);
    expect(ids).not.toContain(INTEL.hidden);
    // The role collection was filled last: its objects come first.
    expect(airline.body.items[0]!.collectionId).toBe(INTEL.roleCollection);
    const bank = await get<Page<Obj>>('bank', '/intel/inbox');
    expect(bank.body.items.map((o) => o.id)).toEqual([INTEL.roleGreen]);
    // Paged one at a time, the same rows in the same order.
    const walked: string[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < 20; n++) {
      const p: { body: Page<Obj> } = await get<Page<Obj>>('airline', `/intel/inbox?limit=1${cursor === null ? '' : `&cursor=${cursor}`}`);
      walked.push(...p.body.items.map((o) => o.id));
      cursor = p.body.next;
      if (cursor === null) break;
    }
    expect(walked).toEqual(ids);
  });

  it('keeps the delivery log: every view is a share over api-view; an operator reads only what its organisation received', async () => {
    await get('airline', `/intel/collections/${INTEL.orgCollection}/objects`);
    await get('bank', `/intel/collections/${INTEL.roleCollection}/objects`);
    type Share = { seq: number; channel: string; recipient: string; recipientName: string | null; collectionId: string | null; objects: string[]; markings: string[] };
    const auditor = await get<Page<Share>>('auditor', '/intel/shares?limit=1000');
    expect(auditor.status).toBe(200);
    const recipients = new Set(auditor.body.items.map((s) => s.recipient));
    expect(recipients).toContain(`organisation:${f.orgs.airline}`);
    expect(recipients).toContain(`organisation:${f.orgs.bank}`);
    expect(recipients).toContain('role:nco_analyst@office');
    const airline = await get<Page<Share>>('airline', '/intel/shares?limit=1000');
    expect(airline.body.items.length).toBeGreaterThan(0);
    expect(airline.body.items.every((s) => s.recipient === `organisation:${f.orgs.airline}` && s.channel === 'api-view')).toBe(true);
    expect(airline.body.items[0]!.recipientName).toBe('Aozora Airlines');
    const seqs = airline.body.items.map((s) => s.seq);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);
    const org = airline.body.items.find((s) => s.collectionId === INTEL.orgCollection)!;
    expect(org.markings).toEqual(expect.arrayContaining(['TLP:GREEN', 'TLP:AMBER', 'PAP:RED']));
    expect(org.objects).not.toContain(INTEL.red);
    // Paging: one at a time walks the same entries.
    const first = await get<Page<Share>>('airline', '/intel/shares?limit=1');
    expect(first.body.items.map((s) => s.seq)).toEqual([seqs[0]]);
    const second = await get<Page<Share>>('airline', `/intel/shares?limit=1&cursor=${first.body.next}`);
    expect(second.body.items.map((s) => s.seq)).toEqual([seqs[1]]);
    expect((await get<unknown>('officer', '/intel/shares')).status).toBe(403);
  });

  it('lists the feeds with their last pull to analysts and administrators', async () => {
    await f.platform.storage.db
      .insertInto('intel_feed_state')
      .values({
        feed: 'old-feed',
        resume_point: null,
        last_pull_at: 1000,
        last_success_at: null,
        last_outcome: 'SAKIMORI_ERR_INTEL_FEED_HTTP',
        last_error: 'HTTP 503',
        last_stored: 0,
        last_duplicates: 0,
        last_refused: 0,
        last_pages: 1,
        last_bytes: 10,
        stored_total: 5,
        duplicates_total: 1,
        updated_at: 1000,
      })
      .execute();
    const a = await get<{ feeds: { name: string; configured: boolean; host: string | null; lastOutcome: string | null; storedTotal: number }[] }>('admin', '/intel/feeds');
    expect(a.status).toBe(200);
    expect(a.body.feeds).toEqual([expect.objectContaining({ name: 'old-feed', configured: false, host: null, lastOutcome: 'SAKIMORI_ERR_INTEL_FEED_HTTP', storedTotal: 5 })]);
    expect((await get<unknown>('airline', '/intel/feeds')).status).toBe(403);
  });

  it('refuses crafted cursors and filters instead of reading with them', async () => {
    const bad = async (who: string, url: string, code: string) => {
      const a = await get<unknown>(who, url);
      expect([url, a.status, a.body.code]).toEqual([url, 400, code]);
    };
    const objects = `/intel/collections/${INTEL.orgCollection}/objects`;
    await bad('airline', `${objects}?cursor=99999999999999999_1`, 'SAKIMORI_ERR_API_BAD_CURSOR');
    await bad('airline', `${objects}?cursor=1_2_3`, 'SAKIMORI_ERR_API_BAD_CURSOR');
    await bad('airline', `${objects}?cursor=1.2`, 'SAKIMORI_ERR_API_VALIDATION');
    await bad('airline', `${objects}?type=${encodeURIComponent("indicator' OR '1'='1")}`, 'SAKIMORI_ERR_API_VALIDATION');
    await bad('airline', `${objects}?type=${encodeURIComponent('indicator%')}`, 'SAKIMORI_ERR_API_VALIDATION');
    await bad('airline', `${objects}?type=indicator&type=malware`, 'SAKIMORI_ERR_API_VALIDATION');
    await bad('airline', '/intel/inbox?cursor=zz_zz', 'SAKIMORI_ERR_API_BAD_CURSOR');
    await bad('airline', `/intel/inbox?cursor=1_1_${Buffer.from('').toString('base64url')}`, 'SAKIMORI_ERR_API_BAD_CURSOR');
    await bad('airline', '/intel/shares?cursor=zzzzzzzzzzzz', 'SAKIMORI_ERR_API_BAD_CURSOR');
    await bad('airline', '/intel/collections?cursor=bm8tc3VjaA', 'SAKIMORI_ERR_API_BAD_CURSOR');
    await bad('airline', `/intel/objects/${encodeURIComponent("indicator--x' OR 1=1")}`, 'SAKIMORI_ERR_API_VALIDATION');
    // A well-formed cursor past the end reads nothing; one before the start reads what the caller may see, no more.
    expect((await get<Page<Obj>>('airline', `${objects}?cursor=9999999999999_1`)).body).toEqual({ items: [], next: null });
    expect((await get<Page<Obj>>('airline', `${objects}?cursor=0_0`)).body.items.map((o) => o.id)).not.toContain(INTEL.red);
    // A cursor naming another organisation's collection position leads nowhere either.
    const inbox = await get<Page<Obj>>('bank', `/intel/inbox?cursor=zzzzzzzzzz_1_${Buffer.from(INTEL.orgCollection).toString('base64url')}`);
    expect(inbox.body.items.map((o) => o.id)).toEqual([INTEL.roleGreen]);
  });

  it('withholds what a MISP distribution keeps from the caller, even in a collection it is granted', async () => {
    // Distribution 0 (the producing organisation only), produced elsewhere: neither the airline nor the office receives it.
    await f.platform.storage.db
      .insertInto('stix_release_contexts')
      .values({ object_id: INTEL.green, origin: 'misp-event-1', context: JSON.stringify({ producer: 'misp-org', audience: [], distribution: 0 }) })
      .execute();
    for (const who of ['airline', 'analyst']) {
      const page = await get<Page<Obj>>(who, `/intel/collections/${INTEL.orgCollection}/objects`);
      expect(page.body.items.map((o) => o.id)).not.toContain(INTEL.green);
      expect((await get<unknown>(who, `/intel/objects/${INTEL.green}`)).status).toBe(404);
      expect((await get<Page<Obj>>(who, '/intel/inbox?limit=1000')).body.items.map((o) => o.id)).not.toContain(INTEL.green);
    }
    // The relationship naming it goes with it.
    const malware = await get<{ relationships: { id: string | null }[] }>('airline', `/intel/objects/${INTEL.malware}`);
    expect(malware.body.relationships.map((r) => r.id)).toEqual([null, null]);
  });

  it('has no write route: a POST is refused as an unknown route', async () => {
    const a = await f.call(f.users.airline!, 'POST', '/api/v1/intel/collections', {});
    expect(a.status).toBe(404);
    const noCsrf = await f.call({ cookie: f.users.analyst!.cookie, csrf: '' }, 'POST', '/api/v1/intel/collections/x/objects', {});
    expect([403, 404]).toContain(noCsrf.status);
  });
}

const pgUrl = new URL(TEST_PG_URL);
const PG_MISSING = (await tcpAvailable(pgUrl.hostname, Number(pgUrl.port || 5432))) ? [] : [`PostgreSQL at ${pgUrl.host} (set SAKIMORI_TEST_PG_URL)`];

describe('intel routes [sqlite]', () => intelTests('sqlite'));
describeExternal('intel routes [postgres]', PG_MISSING, () => intelTests('postgres'));
