/**
 * The Advisories pages end to end, in Debian's chromium against the real platform (demo mode: the
 * demo's KEV entries concern registered assets, so the platform drafted one advisory per CVE at
 * start for the analysts to review). The analyst opens the KEV draft for CVE-2023-27997, sees the
 * airline's gateway among the assets it would concern, has publication refused while it is marked
 * TLP:RED, marks it AMBER and publishes it (and the CVE-2024-21762 draft, GREEN, as well), and drafts
 * one of its own in Japanese; the airline's reporter finds it in its inbox, has a "mitigated"
 * answer without a note refused with the API's message, answers "patched" for the gateway and
 * acknowledges; the aviation regulator sees the airline acknowledged, and the second advisory — its
 * deadline moved into the past — highlighted as overdue; the bank's reporter neither lists nor
 * opens the airline's advisory. Screenshots go to artifacts/screenshots/advisories-*.png.
 *
 * Two advisories under different markings to one organisation: the STIX identities they share are
 * stored once (an earlier build refused the second with SAKIMORI_ERR_INTEL_STIX_CONFLICT).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeExternal, missingTools } from '../../src/testing/external.js';
import { apiJson, CHROMIUM, launchChromium, screenshot, signIn, startServer, type TestServer } from './harness.js';

interface Advisory {
  readonly id: string;
  readonly status: string;
  readonly origin: string;
  readonly cves: readonly string[];
  readonly tlp: string;
}
interface Detail {
  readonly advisory: Advisory;
  readonly recipients: readonly { readonly organizationId: string; readonly state: string; readonly answered: number }[];
  readonly assets: readonly { readonly assetId: string; readonly label: string; readonly answer: string | null; readonly note: string | null }[];
}

/** How long a poll may wait for the page to catch up (machines under load are slow). */
const POLL = 15_000;
const AIRLINE = 'demo-aozora-airlines';

const navTitles = (page: Page): Promise<string[]> => page.locator('nav[aria-label=Main] .nav a span').allTextContents();
const advisoryTable = (page: Page) => page.getByRole('table', { name: 'Advisories' });
const detail = (page: Page, id: string) => apiJson<Detail>(page, `/advisories/${id}`);

describeExternal('advisories pages in chromium', missingTools(CHROMIUM), () => {
  let server: TestServer;
  let browser: Browser;
  /** The KEV drafts for the airline's two FortiOS CVEs. */
  let advisoryId: string;
  let secondId: string;

  beforeAll(async () => {
    server = await startServer({ demo: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Publishes the draft open on the page. */
  const publish = async (page: Page) => {
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect.poll(() => page.getByTestId('advisory-status').first().textContent(), { timeout: POLL }).toBe('Published');
  };

  it('lets the analyst review the KEV draft for CVE-2023-27997, have it refused as TLP:RED, and publish it as AMBER', async () => {
    const page = await signIn(browser, server.url, 'analyst');
    expect(await navTitles(page)).toContain('Advisories');
    // Keyboard: `g y` opens the page.
    await page.keyboard.press('g');
    await page.keyboard.press('y');
    await page.waitForURL(/\/advisories$/);
    const drafts = (await apiJson<{ items: Advisory[] }>(page, '/advisories?status=draft&limit=100')).items;
    const kev = (cve: string) => drafts.find((a) => a.origin === 'kev' && a.cves.includes(cve));
    advisoryId = kev('CVE-2023-27997')!.id;
    secondId = kev('CVE-2024-21762')!.id;
    const row = advisoryTable(page).getByTestId(`advisory-${advisoryId}`);
    await row.waitFor({ timeout: POLL });
    expect(await row.textContent()).toContain('drafted for a KEV addition');
    expect(await row.getByTestId('advisory-status').textContent()).toBe('Draft');
    expect(await row.textContent()).toContain('would go to 1 organisation');
    await screenshot(page, 'advisories-analyst-list');

    await row.getByRole('link').first().click();
    await page.waitForURL(new RegExp(`/advisories/${advisoryId}$`));
    const preview = page.getByRole('table', { name: 'Assets it would concern now' });
    await expect.poll(() => preview.locator('tbody tr').count(), { timeout: POLL }).toBe(1);
    expect(await preview.textContent()).toContain('Fortinet FortiGate');
    await expect.poll(() => preview.textContent(), { timeout: POLL }).toContain('Aozora Airlines');

    // Marked RED, it cannot go to an organisation's inbox: refused with the reason, still a draft.
    const edit = page.getByRole('form', { name: 'Edit the draft' });
    await edit.getByLabel('TLP').selectOption('red');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(async () => (await detail(page, advisoryId)).advisory.tlp, { timeout: POLL }).toBe('red');
    await expect.poll(() => page.getByTestId('marking').first().textContent(), { timeout: POLL }).toBe('TLP:RED');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Not published' });
    await expect.poll(() => refusal.textContent(), { timeout: POLL }).toContain('SAKIMORI_ERR_ADVISORY_NOT_RELEASABLE');
    expect(await refusal.textContent()).toContain('TLP:RED cannot be released to Aozora Airlines');
    expect((await detail(page, advisoryId)).advisory.status).toBe('draft');
    await refusal.scrollIntoViewIfNeeded();
    await screenshot(page, 'advisories-refused');

    // AMBER goes: published to the airline, which has not acknowledged yet.
    await page.getByRole('form', { name: 'Edit the draft' }).getByLabel('TLP').selectOption('amber');
    await page.getByRole('form', { name: 'Edit the draft' }).getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByTestId('marking').first().textContent(), { timeout: POLL }).toBe('TLP:AMBER');
    await publish(page);
    const follow = page.getByRole('table', { name: 'Follow-up' });
    await follow.waitFor();
    const airline = follow.getByTestId(`recipient-${AIRLINE}`);
    expect(await airline.textContent()).toContain('Not yet acknowledged');
    expect(await airline.textContent()).toContain('0 of 1');
    expect(await follow.locator('tbody tr').count()).toBe(1);
    await screenshot(page, 'advisories-published');

    // The second FortiOS draft goes out too (its deadline is moved back for the regulator's look).
    await page.goto(`/advisories/${secondId}`);
    await page.getByRole('table', { name: 'Assets it would concern now' }).waitFor();
    await publish(page);
    await page.context().close();
  });

  it('lets the analyst draft an advisory in Japanese, the CVEs typed as people type them', async () => {
    const page = await signIn(browser, server.url, 'analyst');
    await page.goto('/advisories');
    const form = page.getByRole('form', { name: 'Draft an advisory' });
    const title = 'FortiOS SSL-VPN の脆弱性（CVE-2023-27997 ほか）';
    await form.getByLabel('Title').fill(title);
    await form.getByLabel('Summary').fill('FortiOS の SSL-VPN に、認証なしで任意のコードを実行される脆弱性があります。');
    await form.getByLabel('Action').fill('修正版（7.2.5 以降）へ更新してください。');
    await form.getByLabel('Days to acknowledge').fill('7');
    await form.getByLabel('TLP').selectOption('amber');
    // A word that is not a CVE id is named before anything is sent.
    await form.getByLabel('CVEs').fill('cve-2024-21762、FortiOS');
    await form.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => form.getByRole('alert').textContent(), { timeout: POLL }).toContain('Not CVE ids: FortiOS');
    await form.getByLabel('CVEs').fill('cve-2024-21762、CVE-2023-27997');
    await form.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor({ timeout: POLL });
    const id = new URL(page.url()).pathname.split('/').pop()!;
    expect((await detail(page, id)).advisory).toMatchObject({ status: 'draft', origin: 'analyst', cves: ['CVE-2024-21762', 'CVE-2023-27997'], acknowledgeWithinDays: 7, tlp: 'amber' });
    await expect.poll(() => page.getByRole('table', { name: 'Assets it would concern now' }).textContent(), { timeout: POLL }).toContain('Fortinet FortiGate');
    expect(await page.getByTestId('advisory-summary').textContent()).toContain('認証なし');
    await screenshot(page, 'advisories-drafted');
    await page.context().close();
  });

  it('lets the airline’s reporter find it in its inbox, refuses "mitigated" without a note, and takes "patched" and the acknowledgement', async () => {
    const page = await signIn(browser, server.url, 'airline');
    expect(await navTitles(page)).toContain('Advisories');
    await page.goto('/advisories');
    const row = advisoryTable(page).getByTestId(`advisory-${advisoryId}`);
    await row.waitFor({ timeout: POLL });
    expect(await row.textContent()).toContain('Not yet acknowledged');
    expect(await row.textContent()).toContain('0 of 1');
    await screenshot(page, 'advisories-operator-inbox');
    await row.getByRole('link').first().click();
    await page.waitForURL(new RegExp(`/advisories/${advisoryId}$`));

    const form = page.getByRole('form', { name: /^Answer for Fortinet FortiGate/ });
    await form.waitFor({ timeout: POLL });
    await form.getByLabel('Answer', { exact: true }).selectOption('mitigated');
    expect(await form.getByLabel(/^Note/).getAttribute('aria-required')).toBe('true');
    await form.getByRole('button', { name: 'Save answer' }).click();
    const refused = form.getByRole('alert');
    await expect.poll(() => refused.textContent(), { timeout: POLL }).toContain('required for mitigated');
    expect(await refused.textContent()).toContain('SAKIMORI_ERR_ADVISORY_INVALID');
    expect(await form.getByLabel(/^Note/).getAttribute('aria-invalid')).toBe('true');
    expect((await detail(page, advisoryId)).assets[0]!.answer).toBeNull();
    await screenshot(page, 'advisories-answer-refused');

    // Patched needs no note.
    await form.getByLabel('Answer', { exact: true }).selectOption('patched');
    expect(await form.getByLabel(/^Note/).getAttribute('aria-required')).toBe('false');
    await form.getByRole('button', { name: 'Save answer' }).click();
    await expect.poll(() => form.getByRole('status').textContent(), { timeout: POLL }).toBe('Answer recorded.');
    expect(await form.getByRole('alert').count()).toBe(0);
    expect(await page.getByTestId(`advisory-asset-${(await detail(page, advisoryId)).assets[0]!.assetId}`).textContent()).toContain('current answer: Patched');

    const ack = page.getByTestId('acknowledgement');
    await ack.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => ack.textContent(), { timeout: POLL }).toMatch(/^AcknowledgementAcknowledged acknowledged \d{4}-\d{2}-\d{2} \d{2}:\d{2} JST/);
    expect(await ack.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    const after = await detail(page, advisoryId);
    expect(after.recipients).toEqual([expect.objectContaining({ organizationId: AIRLINE, state: 'acknowledged', answered: 1 })]);
    expect(after.assets).toEqual([expect.objectContaining({ answer: 'patched', note: null })]);
    await screenshot(page, 'advisories-operator');
    await page.context().close();
  });

  it('shows the aviation regulator the airline acknowledged, and an overdue advisory highlighted', async () => {
    // The second advisory's deadline passed a day ago, unacknowledged.
    await server.platform.storage.db
      .updateTable('advisories')
      .set({ due_at: Date.now() - 86_400_000 })
      .where('id', '=', secondId)
      .execute();
    const page = await signIn(browser, server.url, 'regulator');
    expect(await navTitles(page)).toContain('Advisories');
    await page.goto('/advisories');
    const acked = advisoryTable(page).getByTestId(`advisory-${advisoryId}`);
    await acked.waitFor({ timeout: POLL });
    expect(await acked.textContent()).toContain('Aozora Airlines Acknowledged');
    expect(await acked.getAttribute('class')).toBeNull();
    const overdue = advisoryTable(page).getByTestId(`advisory-${secondId}`);
    expect(await overdue.getAttribute('class')).toBe('attention');
    expect(await overdue.textContent()).toContain('Aozora Airlines Overdue');
    await screenshot(page, 'advisories-regulator');
    // The filter keeps only those with an overdue recipient.
    await page.getByLabel('Overdue acknowledgements only').check();
    await expect.poll(() => advisoryTable(page).locator('tbody tr').count(), { timeout: POLL }).toBe(1);
    expect(await advisoryTable(page).getByTestId(`advisory-${secondId}`).count()).toBe(1);

    await page.goto(`/advisories/${advisoryId}`);
    const recipients = page.getByRole('table', { name: 'Acknowledgements in your sector' });
    await recipients.waitFor({ timeout: POLL });
    const airline = recipients.getByTestId(`recipient-${AIRLINE}`);
    expect(await airline.textContent()).toContain('Acknowledged');
    expect(await airline.textContent()).toContain('1 of 1');
    expect(await page.getByRole('table', { name: 'Assets and answers' }).textContent()).toContain('Patched');
    // Read only: no acknowledgement, answer or publication here.
    expect(
      await page
        .getByRole('button')
        .filter({ hasText: /Acknowledge|Save answer|Publish|Withdraw/ })
        .count(),
    ).toBe(0);
    await page.context().close();
  });

  it('keeps the airline’s advisory from the bank’s reporter, in the list and by URL', async () => {
    const page = await signIn(browser, server.url, 'bank');
    await page.goto('/advisories');
    await page.getByText('No advisory has been sent to your organisation.').waitFor({ timeout: POLL });
    expect((await apiJson<{ items: Advisory[] }>(page, '/advisories')).items).toEqual([]);
    await page.goto(`/advisories/${advisoryId}`);
    await page.getByRole('heading', { name: 'Advisory not found' }).waitFor({ timeout: POLL });
    expect(await page.getByRole('alert').textContent()).toContain('SAKIMORI_ERR_ADVISORY_NOT_FOUND');
    expect(await page.getByText('FortiGate').count()).toBe(0);
    await screenshot(page, 'advisories-not-found');
    await page.context().close();
  });
});
