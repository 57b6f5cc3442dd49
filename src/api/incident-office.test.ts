/**
 * The office's work on an incident report, tried the way around it: an analysis the organisation
 * may not receive (TLP:RED) is refused and nothing is stored; an AMBER one reaches the airline's
 * inbox and not the bank's; a case opened from the incident cites it and is cited back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StixStore } from '../intel/stix/stix-store.js';
import { startApiFixture, type ApiFixture } from './testing/api-fixture.js';

describe('the office’s work on an incident report', () => {
  let f: ApiFixture;
  let id: string;
  beforeAll(async () => {
    f = await startApiFixture({ dialect: 'sqlite' });
    const r = await f.call(f.users.airline, 'POST', '/api/v1/incidents', { regime: 'jp-act', title: 'Booking site DDoS', category: 'ddos', anchors: { awareness: f.clock.now() - 3_600_000 } });
    id = (r.body as { id: string }).id;
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('refuses an analysis marked TLP:RED for the operator, storing nothing', async () => {
    const r = await f.call(f.users.analyst, 'POST', `/api/v1/incidents/${id}/analyses`, { title: 'Red', text: 'For named people only.', tlp: 'red' });
    expect(r).toMatchObject({ status: 400, body: { code: 'SAKIMORI_ERR_INTEL_ANALYSIS_NOT_RELEASABLE' } });
    expect((await new StixStore(f.platform.storage.db).collections()).map((c) => c.id)).not.toContain(`analyses-${f.orgs.airline}`);
  });

  it('puts an AMBER analysis in the airline’s inbox, not in the bank’s, and cites it on the incident', async () => {
    const r = await f.call(f.users.analyst, 'POST', `/api/v1/incidents/${id}/analyses`, { title: 'What hit you', text: 'A Mirai variant; block UDP/123 reflection.', tlp: 'amber' });
    expect(r.status).toBe(201);
    const { noteId } = r.body as { noteId: string };
    const inbox = (who: 'airline' | 'bank') => f.call(f.users[who], 'GET', '/api/v1/intel/inbox?limit=100').then((a) => JSON.stringify(a.body));
    expect(await inbox('airline')).toContain(noteId);
    expect(await inbox('bank')).not.toContain(noteId);
    const incident = (await f.call(f.users.airline, 'GET', `/api/v1/incidents/${id}`)).body as { links: { kind: string; ref: string }[] };
    expect(incident.links).toContainEqual(expect.objectContaining({ kind: 'intel', ref: noteId }));
  });

  it('writes a second analysis under another marking to the same organisation (the shared identities are stored once)', async () => {
    const r = await f.call(f.users.analyst, 'POST', `/api/v1/incidents/${id}/analyses`, { title: 'Follow-up', text: 'The reflection stopped.', tlp: 'green' });
    expect(r.status).toBe(201);
  });

  it('opens a case from the incident that cites it, and the incident cites the case', async () => {
    const r = await f.call(f.users.analyst, 'POST', `/api/v1/incidents/${id}/case`, {});
    expect(r.status).toBe(201);
    const { caseId } = r.body as { caseId: string };
    const c = (await f.call(f.users.analyst, 'GET', `/api/v1/cases/${caseId}`)).body as { evidence: { kind: string; ref: string }[] };
    expect(c.evidence).toContainEqual(expect.objectContaining({ kind: 'report', ref: `incident:${id}` }));
    const incident = (await f.call(f.users.analyst, 'GET', `/api/v1/incidents/${id}`)).body as { links: { kind: string; ref: string }[] };
    expect(incident.links).toContainEqual(expect.objectContaining({ kind: 'case', ref: caseId }));
    // Not the operator's to do, nor the regulator's.
    expect((await f.call(f.users.regulator, 'POST', `/api/v1/incidents/${id}/case`, {})).status).toBe(403);
  });
});
