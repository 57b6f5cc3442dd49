/**
 * The console end to end, in Debian's chromium against the real platform (demo mode: seeded
 * organisations and accounts, simulated exporters sending real flow export, the demo BGP router):
 * an analyst watches the demo botnet attack appear and opens a case; an officer requests a
 * FlowSpec rule against its sources from the attacker list; two commission members approve the
 * exact digest; the rule becomes active at the router; an operator sees only its own networks; an
 * auditor verifies a checkpoint in the browser; the commission works its oversight desk (a flag from
 * an out-of-scope look-up, an inspection, a recommendation). Screenshots of the views go to
 * artifacts/screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeExternal, missingTools } from '../../src/testing/external.js';
import { INTEL, seedIntel } from '../../src/api/testing/intel-world.js';
import { apiJson, CHROMIUM, launchChromium, screenshot, signIn, startServer, type TestServer } from './harness.js';

interface AttackRow {
  readonly id: string;
  readonly state: string;
  readonly organizationId: string;
  readonly target: string;
  readonly networkId: string;
  readonly startedAt: number;
}

/** How long a poll may wait for the page to catch up (machines under load are slow). */
const POLL = 15_000;

const navTitles = (page: Page): Promise<string[]> => page.locator('nav[aria-label=Main] .nav a span').allTextContents();

describeExternal('web console in chromium', missingTools(CHROMIUM), () => {
  let server: TestServer;
  let browser: Browser;
  let attack: AttackRow;
  let requestId: string;
  let caseId: string;

  let seeded: Promise<void> | undefined;
  /** The intel of `seedIntel` stored once, and a feed pulled before it left the configuration. */
  const intelSeeded = (): Promise<void> =>
    (seeded ??= (async () => {
      const db = server.platform.storage.db;
      const airline = await server.platform.registry.organizations.findByName('Aozora Airlines');
      await seedIntel(db, airline!.id, Date.now());
      const now = Date.now();
      await db
        .insertInto('intel_feed_state')
        .values({
          feed: 'demo-feed',
          resume_point: null,
          last_pull_at: now - 60_000,
          last_success_at: now - 60_000,
          last_outcome: 'ok',
          last_error: null,
          last_stored: 6,
          last_duplicates: 0,
          last_refused: 0,
          last_pages: 1,
          last_bytes: 4096,
          stored_total: 6,
          duplicates_total: 0,
          updated_at: now,
        })
        .execute();
    })());

  beforeAll(async () => {
    // Frequent checkpoints, so the auditor can check consistency between two of them.
    server = await startServer({ demo: true, overrides: { audit: { checkpointEveryEntries: 10 } } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('refuses a wrong password with a clear message, and lets a newcomer pick a demo account', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, baseURL: server.url });
    await page.goto('/');
    await page.getByLabel('User name').fill('analyst');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: POLL }).toContain('Wrong user name or password');
    expect(await page.getByText('Your session has ended').count()).toBe(0);
    const demo = page.getByTestId('demo-accounts');
    await expect.poll(() => demo.locator('tr').count(), { timeout: POLL }).toBeGreaterThanOrEqual(8);
    expect(await demo.textContent()).toContain('Commission member');
    await screenshot(page, 'sign-in');
    await demo.getByRole('button', { name: 'regulator', exact: true }).click();
    expect(await page.getByLabel('User name').inputValue()).toBe('regulator');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('whoami').waitFor();
    expect(await navTitles(page)).toEqual(['Live board', 'Attacks', 'Assets', 'Incidents', 'Exposure', 'Advisories', 'Audit log', 'Transparency report']);
    await page.close();
  });

  it('shows the analyst the live board, and the demo attack as it starts', async () => {
    const page = await signIn(browser, server.url, 'analyst');
    expect(await navTitles(page)).toEqual([
      'Live board',
      'Attacks',
      'Cases',
      'Countermeasures',
      'Emergency actions',
      'Executions',
      'Assets',
      'Incidents',
      'Exposure',
      'Advisories',
      'Audit log',
      'Transparency report',
      'Exporters',
      'Intel',
      'Shared',
      'Feeds',
    ]);
    // The demo botnet DDoS starts about 20 s after the exporters; the board shows it without a reload.
    const row = page.locator('[data-testid^=board-attack-]').filter({ hasText: 'active' }).first();
    await row.waitFor({ timeout: 90_000 });
    const id = (await row.getAttribute('data-testid'))!.slice('board-attack-'.length);
    const api = await apiJson<AttackRow>(page, `/attacks/${id}`);
    expect(api.state).toBe('active');
    attack = api;
    expect(Number(await page.getByTestId('active-count').textContent())).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.locator(`[data-testid=network-${attack.networkId}]`).textContent(), { timeout: POLL }).toContain('under attack');
    // Let the charts fill a little before the picture.
    await page.waitForTimeout(3000);
    await screenshot(page, 'board');

    await page.locator(`[data-testid=board-attack-${id}] a`).click();
    await page.getByRole('heading', { name: /Attack on|Carpet bombing on/ }).waitFor();
    await expect.poll(() => page.getByTestId('top-sources').locator('tbody tr').count(), { timeout: POLL }).toBeGreaterThan(0);
    // An analyst opens a case with the attack as evidence.
    await page.getByRole('button', { name: 'Open case with this attack' }).click();
    await page.getByRole('status').filter({ hasText: 'Added to case' }).waitFor();
    await screenshot(page, 'attack-detail');

    await page.goto('/attacks');
    const grid = page.getByRole('grid', { name: 'Attacks' });
    await grid.locator('.vrow[role=row]').nth(1).waitFor();
    await screenshot(page, 'attacks');
    // Keyboard only: into the table, down to the first attack, open it; `g c` goes to the cases.
    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/attacks\/[^/]+$/);
    await page.getByTestId('top-sources').waitFor();
    await page.keyboard.press('g');
    await page.keyboard.press('c');
    await page.waitForURL(/\/cases$/);
    await page
      .getByRole('link', { name: /DDoS on Aozora Airlines/ })
      .first()
      .waitFor();
    await page.context().close();
  });

  it('lets an officer request a FlowSpec rule against the attack sources', async () => {
    const page = await signIn(browser, server.url, 'officer');
    await page.goto(`/attacks/${attack.id}`);
    const panel = page.getByTestId('attackers-panel');
    await panel.waitFor();
    // Purpose-bound access: the case cites the attack, so the attack is in its scope; the read
    // names the case and the purpose.
    await panel.getByLabel('Purpose').selectOption('countermeasure_preparation');
    await panel.getByRole('button', { name: 'Show attacker addresses' }).click();
    await expect.poll(async () => Number(((await panel.getByTestId('attackers-count').textContent()) ?? '').replace(/,/g, '').split(' ')[0]), { timeout: POLL }).toBeGreaterThan(0);
    await screenshot(page, 'attacker-list');
    await panel.getByRole('button', { name: /Request countermeasure against/ }).click();

    await page.getByRole('heading', { name: 'Request a countermeasure' }).waitFor();
    await expect.poll(() => page.getByLabel('Mechanism').inputValue(), { timeout: POLL }).toBe('flowspec');
    expect((await page.getByLabel(/^Sources/).inputValue()).split('\n').length).toBeGreaterThan(0);
    await page.getByLabel('Justification').fill('Botnet DDoS against the airline: discard traffic from the identified sources for one hour.');
    await page.getByLabel('Only towards (optional)').fill(attack.target.split('/')[0]!);
    await screenshot(page, 'request-form');
    await page.getByRole('button', { name: 'Submit for commission approval' }).click();
    await page.getByTestId('digest').waitFor();
    requestId = new URL(page.url()).pathname.split('/').pop()!;
    const view = await apiJson<{ request: { state: string; digest: string; mechanism: string } }>(page, `/requests/${requestId}`);
    expect(view.request).toMatchObject({ state: 'pending_approval', mechanism: 'flowspec' });
    expect(await page.getByTestId('digest').textContent()).toBe(view.request.digest);
    await expect.poll(() => page.getByText('SHA-256 of the document matches').count(), { timeout: POLL }).toBe(1);
    caseId = (view.request as unknown as { caseId: string }).caseId;
    await page.goto(`/cases/${caseId}`);
    await expect.poll(() => page.getByTestId('case-evidence').locator('tbody tr').count(), { timeout: POLL }).toBeGreaterThan(0);
    await screenshot(page, 'case-detail');
    await page.context().close();
  });

  it('has two commission members approve the exact digest and shows the rule active per peer', async () => {
    for (const member of ['commission1', 'commission2']) {
      const page = await signIn(browser, server.url, member);
      expect(await navTitles(page)).toContain('Approval queue');
      expect(await navTitles(page)).not.toContain('Countermeasures');
      await page.goto('/approvals');
      const queue = page.getByTestId('approval-queue');
      await queue.waitFor();
      if (member === 'commission1') await screenshot(page, 'approval-queue');
      await queue.getByRole('link', { name: 'BGP FlowSpec' }).first().click();
      await page.getByTestId('vote-form').waitFor();
      const digest = await page.getByTestId('digest').textContent();
      expect(await page.getByTestId('vote-form').textContent()).toContain(digest!.slice(0, 16));
      await page.getByRole('button', { name: 'Approve this exact action' }).click();
      await page.getByTestId('vote-form').waitFor({ state: 'detached' });
      if (member === 'commission2') {
        // Quorum reached: executed at once; the demo router makes the FlowSpec rules active.
        await expect.poll(() => page.getByTestId('execution-state').textContent(), { timeout: 30_000 }).toBe('active');
        const shown = (): Promise<(string | null)[][]> =>
          page
            .getByTestId('execution-targets')
            .locator('tbody tr')
            .evaluateAll((rows) => rows.map((r) => [r.children[0]!.textContent, r.children[2]!.querySelector('.badge')!.textContent]));
        // The router accepts every rule: once the page shows them all active, it must show what the API says.
        await expect
          .poll(
            async () => {
              const s = await shown();
              return s.length > 0 && s.every((x) => x[1] === 'active');
            },
            { timeout: 30_000 },
          )
          .toBe(true);
        const targets = await apiJson<{ items: { peer: string; state: string }[] }>(page, `/requests/${requestId}/targets?limit=1000`);
        expect(await shown()).toEqual(targets.items.map((t) => [t.peer, t.state]));
        expect(targets.items.every((t) => t.peer === 'demo-router' && t.state === 'active')).toBe(true);
        expect(await page.getByTestId('peer-summary').textContent()).toBe(`demo-router: ${targets.items.length} active`);
        await screenshot(page, 'request-approved');
      }
      await page.context().close();
    }
  });

  it('lets an officer act at once during the attack and the commission review it before its deadline', async () => {
    const officer = await signIn(browser, server.url, 'officer');
    await officer.goto(`/requests/new?caseId=${caseId}`);
    await officer.getByLabel('Mechanism').selectOption('flowspec');
    await officer.getByLabel('Traffic towards the victim by protocol and ports').check();
    await officer.getByLabel('Destination', { exact: true }).fill(attack.target.split('/')[0]!);
    await officer.getByLabel('Protocol', { exact: true }).selectOption('47');
    await officer.getByLabel('Justification').fill('GRE flood share keeps growing: discard GRE towards the victim now, before the commission can meet.');
    await officer.getByRole('button', { name: 'Execute now as emergency action' }).click();
    await officer.getByTestId('digest').waitFor();
    const id = new URL(officer.url()).pathname.split('/').pop()!;
    const view = await apiJson<{ request: { path: string; state: string; review: { dueAt: number; state: string } } }>(officer, `/requests/${id}`);
    expect(view.request).toMatchObject({ path: 'emergency', review: { state: 'pending' } });
    expect(await officer.getByRole('status').filter({ hasText: 'Emergency review' }).textContent()).toContain('pending');
    await officer.context().close();

    const member = await signIn(browser, server.url, 'commission3');
    await member.goto('/emergency');
    const row = member.getByTestId('emergency').locator('tbody tr').first();
    await row.waitFor();
    expect(await row.textContent()).toMatch(/pending.*due/);
    await screenshot(member, 'emergency-actions');
    await row.getByRole('link').click();
    await member.getByLabel('Reason').fill('Proportionate: GRE only, victim stays reachable.');
    await member.getByRole('button', { name: 'Uphold' }).click();
    await expect.poll(async () => (await apiJson<{ request: { review: { state: string } } }>(member, `/requests/${id}`)).request.review.state, { timeout: POLL }).toBe('upheld');
    await member.goto('/executions');
    await member.getByTestId('executions').waitFor();
    expect(await member.getByTestId('executions').locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    await screenshot(member, 'executions');
    await member.context().close();
  });

  it('gives the commission its oversight desk: a flag from an out-of-scope look-up, an inspection, a recommendation', async () => {
    // An officer looks at sighting hosts outside the case's scope: refused, and flagged.
    const officer = await signIn(browser, server.url, 'officer');
    const denied = await officer.request.get(`/api/v1/sightings/hosts?caseId=${caseId}&purpose=incident_response&prefix=198.18.0.0/15&from=${attack.startedAt}&to=${attack.startedAt + 60_000}`);
    expect((await denied.json()) as { code: string }).toMatchObject({ code: 'SAKIMORI_ERR_ACCESS_OUT_OF_SCOPE' });
    await officer.context().close();

    const member = await signIn(browser, server.url, 'commission1');
    expect(await navTitles(member)).toContain('Oversight');
    await member.goto('/oversight');
    const flags = member.getByTestId('flags');
    await expect.poll(async () => (await flags.count()) > 0 && (await flags.locator('tbody tr').filter({ hasText: 'Outside the case’s scope' }).count()) > 0, { timeout: POLL }).toBe(true);
    const row = flags.locator('tbody tr').filter({ hasText: 'Outside the case’s scope' }).first();
    expect(await row.textContent()).toContain('Designated police officer (demo)');
    await screenshot(member, 'oversight');
    await row.getByRole('button', { name: 'Act…' }).click();
    await row.getByLabel('Note (the finding, when closing)').fill('Asked the officer: a typo in the prefix; no data was returned.');
    await row.getByRole('button', { name: 'Close' }).click();
    await expect
      .poll(async () => (await apiJson<{ items: { kind: string; state: string }[] }>(member, '/commission/flags?state=closed')).items.some((f) => f.kind === 'out_of_scope'), { timeout: POLL })
      .toBe(true);

    await member.getByLabel('New inspection: title').fill('Attacker-list reads in November');
    await member.getByLabel('Scope (what is inspected)').fill('Every read of attacker lists and their purposes.');
    await member.getByRole('button', { name: 'Open inspection' }).click();
    const inspections = member.getByTestId('inspections');
    await inspections.getByText('Attacker-list reads in November').waitFor();
    await member.getByLabel('Findings', { exact: true }).fill('All reads named a case and a purpose; one out-of-scope attempt, refused.');
    await member.getByLabel('conclude the inspection').check();
    await member.getByRole('button', { name: 'Record findings' }).click();
    await expect
      .poll(async () => (await apiJson<{ items: { title: string; state: string }[] }>(member, '/commission/inspections')).items.find((i) => i.title === 'Attacker-list reads in November')?.state, {
        timeout: POLL,
      })
      .toBe('closed');

    await member.getByLabel('Addressed to', { exact: true }).fill('National Cyber Office');
    await member.getByLabel('Subject', { exact: true }).fill('Prefix checks before attacker-list reads');
    await member.getByLabel('Text', { exact: true }).fill('Recommend a confirmation step when a requested prefix lies outside the case scope.');
    await member.getByRole('button', { name: 'Issue', exact: true }).click();
    const directives = member.getByTestId('directives');
    await directives.getByText('Prefix checks before attacker-list reads').waitFor();
    expect(await directives.locator('tbody tr').first().textContent()).toContain('Commission member 1 (demo)');
    await directives.getByLabel('New state').first().selectOption('acknowledged');
    await directives.getByLabel('Follow-up note').first().fill('Received by the NCO.');
    await directives.getByRole('button', { name: 'Record' }).first().click();
    await expect
      .poll(
        async () =>
          (await apiJson<{ items: { subject: string; state: string }[] }>(member, '/commission/directives')).items.find((d) => d.subject === 'Prefix checks before attacker-list reads')?.state,
        { timeout: POLL },
      )
      .toBe('acknowledged');
    await member.context().close();
  });

  it('shows an operator only its own organisation', async () => {
    const page = await signIn(browser, server.url, 'airline');
    expect(await navTitles(page)).toEqual(['Live board', 'Attacks', 'Assets', 'Incidents', 'Exposure', 'Advisories', 'Audit log', 'Transparency report', 'Intel', 'Inbox']);
    const me = await apiJson<{ user: { organizationId: string } }>(page, '/auth/session');
    const networks = await apiJson<{ items: { networkId: string; organizationId: string }[] }>(page, '/rates?seconds=60');
    expect(networks.items.length).toBeGreaterThan(0);
    expect(networks.items.every((n) => n.organizationId === me.user.organizationId)).toBe(true);
    await page.locator('[data-testid^=network-]').first().waitFor();
    expect(await page.locator('[data-testid^=network-]').count()).toBe(networks.items.length);
    await page.goto('/cases');
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    await page.goto('/');
    await page.locator('[data-testid^=network-]').first().waitFor();
    await page.waitForTimeout(2000);
    await screenshot(page, 'board-operator');
    // Signing out ends the session on the server too: the API refuses the old cookie.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('User name').waitFor();
    expect((await page.request.get('/api/v1/auth/session')).status()).toBe(401);
    await page.context().close();
  });

  it('shows the analyst a collection, an object with its TLP badge and its relationships', async () => {
    await intelSeeded();
    const page = await signIn(browser, server.url, 'analyst');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Intel' }).click();
    await page.getByRole('heading', { name: 'Intel' }).waitFor();
    await page.getByRole('link', { name: 'Aozora Airlines sharing' }).click();
    const objects = page.getByTestId('intel-objects');
    await objects.waitFor();
    // The analyst is the office's named recipient: even TLP:RED shows over the console.
    await objects.getByTestId(`intel-object-${INTEL.red}`).waitFor();
    expect(await objects.getByTestId(`intel-object-${INTEL.amber}`).getByTestId('marking').allTextContents()).toEqual(['TLP:AMBER', 'PAP:RED']);
    await screenshot(page, 'intel-collection');
    await objects.getByRole('link', { name: 'Mirai' }).click();
    await page.getByRole('heading', { name: 'Mirai' }).waitFor();
    const badge = page.getByTestId('intel-object-markings').getByTestId('marking');
    expect(await badge.allTextContents()).toEqual(['TLP:CLEAR']);
    expect(await badge.getAttribute('class')).toContain('marking clear');
    const relations = page.getByTestId('intel-relations');
    await relations.waitFor();
    // The indicator names Mirai through an `indicates` relationship; the one from an object of another collection is withheld.
    await relations.getByRole('link', { name: 'indicates' }).click();
    await page.getByRole('heading', { name: 'indicates' }).waitFor();
    await page.getByTestId('intel-relations').getByRole('link', { name: '192.0.2.1' }).click();
    await page.getByRole('heading', { name: '192.0.2.1' }).waitFor();
    expect(await page.getByTestId('intel-object-markings').getByTestId('marking').allTextContents()).toEqual(['TLP:GREEN']);
    expect(await page.getByTestId('intel-object-markings').getByTestId('marking').getAttribute('class')).toContain('marking green');
    await screenshot(page, 'intel-object');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Shared' }).click();
    await expect.poll(() => page.getByTestId('intel-shares').locator('tbody tr').count(), { timeout: POLL }).toBeGreaterThan(0);
    expect(await page.getByTestId('intel-shares').textContent()).toContain('console / API view');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Feeds' }).click();
    await page.getByTestId('feed-demo-feed').waitFor();
    expect(await page.getByTestId('feed-demo-feed').textContent()).toContain('no longer configured');
    await page.context().close();
  });

  it('gives an operator its inbox, without the AMBER intel of a collection its organisation is not granted', async () => {
    await intelSeeded();
    const page = await signIn(browser, server.url, 'airline');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    const inbox = page.getByTestId('intel-inbox');
    await inbox.waitFor();
    await inbox.getByTestId(`intel-object-${INTEL.roleGreen}`).waitFor();
    await inbox.getByTestId(`intel-object-${INTEL.amber}`).waitFor();
    // Granted to the operators' role only, the collection's AMBER indicator is not for the airline; nor is RED, nor the office's own.
    for (const id of [INTEL.roleAmber, INTEL.red, INTEL.hidden]) expect(await inbox.getByTestId(`intel-object-${id}`).count()).toBe(0);
    expect(await inbox.textContent()).not.toContain('192.0.2.12');
    // Newest first: the role collection was filled last. (The running platform may add the airline's own
    // sightings later still, so the order is compared among the seeded rows.)
    const rows = await inbox.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid')));
    expect(rows.indexOf(`intel-object-${INTEL.roleGreen}`)).toBeGreaterThanOrEqual(0);
    expect(rows.indexOf(`intel-object-${INTEL.roleGreen}`)).toBeLessThan(rows.indexOf(`intel-object-${INTEL.amber}`));
    await screenshot(page, 'intel-inbox');
    // Asking for the AMBER object by its id answers as an unknown id would.
    await page.goto(`/intel/objects/${INTEL.roleAmber}`);
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: POLL }).toContain('not found');
    await page.context().close();
  });

  it('verifies the latest checkpoint in the browser as an auditor', async () => {
    const page = await signIn(browser, server.url, 'auditor');
    expect(await navTitles(page)).toEqual(['Audit log', 'Transparency report', 'Oversight', 'Shared']);
    await page.getByTestId('checkpoint-size').waitFor();
    let runs = 0;
    const verify = async (): Promise<string[]> => {
      await page.getByRole('button', { name: 'Verify checkpoint' }).click();
      await page.locator(`[data-testid=verify-result][data-run="${++runs}"]`).waitFor();
      return page.getByTestId('verifier').locator('ol li').allTextContents();
    };
    // A key other than the pinned one is refused before anything else is believed.
    await page.getByLabel('Pinned verifier key (optional)').fill('someone-else+00000000+AQ==');
    expect(await verify()).toEqual([expect.stringMatching(/^fail.*Verifier key.*other than the one you pinned/)]);
    expect(await page.getByTestId('verify-result').textContent()).toContain('FAILED');
    await page.getByLabel('Pinned verifier key (optional)').fill((await apiJson<{ verifierKey: string }>(page, '/audit/verifier-key')).verifierKey);

    const first = await verify();
    expect(first).toHaveLength(5);
    expect(first.every((s) => s.startsWith('pass'))).toBe(true);
    expect(first[3]).toMatch(/consistent with the previous signed checkpoint|no earlier checkpoint/);
    expect(first[4]).toContain('leaf hash computed from the entry');
    const trusted = (await apiJson<{ size: number }>(page, '/audit/checkpoints/latest')).size;

    // More audited activity makes a newer checkpoint; the browser proves it extends the one it trusted.
    // Each sign-in is an audit entry; a checkpoint is signed every 10.
    await expect
      .poll(
        async () => {
          await (await signIn(browser, server.url, 'analyst')).context().close();
          return (await apiJson<{ size: number }>(page, '/audit/checkpoints/latest')).size;
        },
        { timeout: 60_000 },
      )
      .toBeGreaterThan(trusted);
    const second = await verify();
    expect(second.every((s) => s.startsWith('pass'))).toBe(true);
    expect(second[3]).toContain(`consistent with the checkpoint this browser verified last (size ${trusted}`);
    await screenshot(page, 'audit-verified');

    await page.goto('/report');
    await page.getByTestId('report-text').getByRole('heading', { level: 1 }).waitFor();
    await screenshot(page, 'transparency-report');
    await page.context().close();
  });
});
