/**
 * People by name: requests in lists and views carry the requester's display name (or user name),
 * votes the voter's, and cases their creator's, assignee's and note authors', so that nobody has
 * to decode user ids in the console.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './testing/api-fixture.js';
import { buildWorld, type World } from './testing/world.js';

describe('names of people in requests and cases', () => {
  let f: ApiFixture;
  let w: World;
  beforeAll(async () => {
    f = await startApiFixture();
    w = await buildWorld(f);
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('names the requester in lists and views, and each voter', async () => {
    const officer = f.users.officer!;
    const admin = f.users.admin!;
    // A display name set by the admin is what is shown from then on.
    const renamed = await f.call(admin, 'PATCH', `/api/v1/users/${officer.id}`, { displayName: 'Officer Sato' });
    expect(renamed.status).toBe(200);
    const { id, digest } = await w.pendingRequest();
    const vote = await f.call(f.users.commission1, 'POST', `/api/v1/requests/${id}/votes`, { decision: 'approve', digest });
    expect(vote.status).toBe(200);
    const view = (await f.call(f.users.analyst, 'GET', `/api/v1/requests/${id}`)).body as {
      request: { requestedBy: string; requestedByName: string | null };
      votes: { voter: string; voterName: string | null }[];
    };
    expect(view.request).toMatchObject({ requestedBy: officer.id, requestedByName: 'Officer Sato' });
    expect(view.votes.map((v) => [v.voter, v.voterName])).toEqual([[f.users.commission1!.id, 'commission1']]);
    const list = (await f.call(f.users.analyst, 'GET', '/api/v1/requests?limit=100')).body as { items: { id: string; requestedByName: string | null }[] };
    expect(list.items.find((r) => r.id === id)?.requestedByName).toBe('Officer Sato');
    // Errors are untouched.
    const missing = await f.call(f.users.analyst, 'GET', '/api/v1/requests/01HZZZZZZZZZZZZZZZZZZZZZZZ');
    expect(Object.keys(missing.body as object).sort()).toEqual(['code', 'message']);
  });

  it('names the creator, the assignee and note authors of a case', async () => {
    const analyst = f.users.analyst!;
    const opened = await f.call(analyst, 'POST', '/api/v1/cases', { title: 'names' });
    const id = (opened.body as { case: { id: string } }).case.id;
    expect((opened.body as { case: { createdByName: string } }).case.createdByName).toBe('analyst');
    await f.call(analyst, 'PATCH', `/api/v1/cases/${id}`, { assignee: f.users.defence!.id });
    await f.call(f.users.admin, 'PATCH', `/api/v1/users/${f.users.officer!.id}`, { displayName: 'Officer Sato' });
    await f.call(f.users.officer, 'POST', `/api/v1/cases/${id}/notes`, { text: 'seen' });
    const detail = (await f.call(analyst, 'GET', `/api/v1/cases/${id}`)).body as { case: { assignee: string; assigneeName: string }; notes: { author: string; authorName: string }[] };
    expect(detail.case.assigneeName).toBe('defence');
    expect(detail.notes.map((n) => n.authorName)).toEqual(['Officer Sato']);
    const list = (await f.call(analyst, 'GET', '/api/v1/cases?limit=100')).body as { items: { id: string; createdByName: string; assigneeName: string | null }[] };
    expect(list.items.find((c) => c.id === id)).toMatchObject({ createdByName: 'analyst', assigneeName: 'defence' });
  });
});
