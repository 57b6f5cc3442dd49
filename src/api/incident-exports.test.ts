/**
 * Incident exports over the API: the printable form never carries the operator's text as markup,
 * the CSV never as a formula, each export is audit-logged, and another organisation's incident
 * cannot be exported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './testing/api-fixture.js';

describe('incident exports over the API', () => {
  let f: ApiFixture;
  let id: string;
  beforeAll(async () => {
    f = await startApiFixture({ dialect: 'sqlite' });
    const r = await f.call(f.users.airline, 'POST', '/api/v1/incidents', {
      regime: 'jp-act',
      title: '=HYPERLINK("http://x") <script>alert(1)</script>',
      category: 'ddos',
      anchors: { awareness: f.clock.now() - 3_600_000 },
    });
    id = (r.body as { id: string }).id;
    await f.call(f.users.airline, 'POST', `/api/v1/incidents/${id}/reports/prompt-report`, { content: { summary: 'Site down; "quoted" & <b>bold</b>' } });
  });
  afterAll(async () => {
    await f?.stop();
  });

  it('prints the report as HTML with the operator’s text escaped, under a policy that runs no script', async () => {
    const r = await f.call(f.users.airline, 'GET', `/api/v1/incidents/${id}/export?format=html&stage=prompt-report`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
    expect(r.text).not.toContain('<script>alert(1)</script>');
    expect(r.text).not.toContain('<b>bold</b>');
    expect(r.text).toContain('&lt;script&gt;');
  });

  it('exports the versioned JSON, and the regulator’s CSV with formulas neutralised', async () => {
    const j = await f.call(f.users.regulator, 'GET', `/api/v1/incidents/${id}/export?format=json`);
    expect(j.body).toMatchObject({ schemaVersion: 1 });
    const csv = await f.call(f.users.regulator, 'GET', '/api/v1/incidents/export.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain(`"'=HYPERLINK(""http://x"")`);
  });

  it('answers another organisation’s export as not found, and audit-logs each export', async () => {
    expect((await f.call(f.users.bank, 'GET', `/api/v1/incidents/${id}/export?format=json`)).status).toBe(404);
    await f.platform.audit.flush();
    const page = (await f.call(f.users.auditor, 'GET', '/api/v1/audit/entries?limit=1000&cursor=0')).body as { items: { entry: { action: string; subjects: { id: string }[] } }[] };
    expect(page.items.filter((i) => i.entry.action === 'data.export' && i.entry.subjects.some((x) => x.id === id)).length).toBeGreaterThanOrEqual(2);
  });
});
