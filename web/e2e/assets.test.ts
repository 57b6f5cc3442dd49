/**
 * The Assets page end to end, in Debian's chromium against the real platform (demo mode: the
 * airline's 5 and the bank's 3 assets imported at start). The airline was designated in January
 * 2024 in this world — its registry entry is moved back — so the deadlines of its assets have
 * passed. The airline's reporter registers an asset with a CPE 2.2 URI and sees it as CPE 2.3,
 * imports a CSV from a file and sees the counts, has a CSV with one bad row refused with the row
 * and column named and nothing stored, and records a notification (the history grows); the bank's
 * reporter sees only the bank's assets and not the airline's by URL; the aviation regulator reads
 * the airline's assets without the forms and works the overdue notifications; the analyst sees
 * both operators. Screenshots go to artifacts/screenshots/assets-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeExternal, missingTools } from '../../src/testing/external.js';
import { apiJson, CHROMIUM, launchChromium, screenshot, signIn, startServer, type TestServer } from './harness.js';

interface AssetItem {
  readonly id: string;
  readonly organizationId: string;
  readonly vendor: string | null;
  readonly product: string | null;
}
interface Notification {
  readonly assetId: string;
  readonly deadline: { readonly state: string };
}

/** How long a poll may wait for the page to catch up (machines under load are slow). */
const POLL = 15_000;

const navTitles = (page: Page): Promise<string[]> => page.locator('nav[aria-label=Main] .nav a span').allTextContents();
const assetTable = (page: Page) => page.getByRole('table', { name: 'Assets' });
const rowCount = (page: Page) => assetTable(page).locator('tbody tr').count();
const apiAssets = async (page: Page) => (await apiJson<{ items: AssetItem[] }>(page, '/assets?limit=1000')).items;

/** A day some time ago, `YYYY-MM-DD`: the UTC date is never after today in Japan. */
const daysAgo = (n: number): string => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describeExternal('assets page in chromium', missingTools(CHROMIUM), () => {
  let server: TestServer;
  let browser: Browser;
  /** An asset of the airline, for the bank's look by URL. */
  let airlineAssetId: string;

  beforeAll(async () => {
    server = await startServer({ demo: true });
    browser = await launchChromium();
    // The registry entry stands for the designation: an airline designated on 2024-01-05 had
    // 6 months (introduced before) or 4 months of introduction to notify, all long past.
    await server.platform.storage.db
      .updateTable('organizations')
      .set({ created_at: Date.parse('2024-01-05T00:00:00Z') })
      .where('name', '=', 'Aozora Airlines')
      .execute();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets the airline’s reporter register an asset with a CPE 2.2 URI, import a CSV, and have a bad CSV refused whole', async () => {
    const page = await signIn(browser, server.url, 'airline');
    expect(await navTitles(page)).toContain('Assets');
    // Keyboard: `g m` opens the page.
    await page.keyboard.press('g');
    await page.keyboard.press('m');
    await page.waitForURL(/\/assets$/);
    await expect.poll(() => rowCount(page), { timeout: POLL }).toBe(5);
    expect(await assetTable(page).getByRole('columnheader', { name: 'Organisation' }).count()).toBe(0);
    // Every demo asset of the airline is past its deadline, and says by how much.
    await expect
      .poll(
        () =>
          assetTable(page)
            .getByText(/^overdue by \d+ d/)
            .count(),
        { timeout: POLL },
      )
      .toBe(5);
    await screenshot(page, 'assets-operator');

    // One asset: a malformed CPE is refused with the API's coded error next to the form, the field marked.
    const form = page.getByRole('form', { name: 'Register an asset' });
    await form.getByLabel('Vendor').fill('Fortinet');
    await form.getByLabel('Product', { exact: true }).fill('FortiGate 60F');
    await form.getByLabel('Version').fill('7.4.3');
    await form.getByLabel('CPE', { exact: true }).fill('cpe:/z:fortinet:fortios:7.4.3');
    await form.getByLabel('Role').selectOption('vpn-gateway');
    await form.getByLabel('Introduced on').fill(daysAgo(20));
    await form.getByLabel('Site').fill('Kansai branch');
    await form.getByLabel('Site').press('Enter');
    await expect.poll(() => form.getByRole('alert').textContent(), { timeout: POLL }).toContain('SAKIMORI_ERR_ASSET_INVALID');
    expect(await form.getByLabel('CPE', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await rowCount(page)).toBe(5);
    // Corrected, it is stored as a CPE 2.3 formatted string.
    await form.getByLabel('CPE', { exact: true }).fill('cpe:/o:fortinet:fortios:7.4.3');
    await form.getByLabel('CPE', { exact: true }).press('Enter');
    await expect.poll(() => form.getByTestId('registered-cpe').textContent(), { timeout: POLL }).toBe('cpe:2.3:o:fortinet:fortios:7.4.3:*:*:*:*:*:*:*');
    await expect.poll(() => rowCount(page), { timeout: POLL }).toBe(6);
    const registered = assetTable(page).locator('tbody tr').filter({ hasText: 'Fortinet FortiGate 60F 7.4.3' });
    expect(await registered.textContent()).toContain('cpe:2.3:o:fortinet:fortios:7.4.3:*:*:*:*:*:*:*');
    expect(await registered.textContent()).toContain('Not yet notified');

    // A CSV from a file: two new assets, and one row the register already holds as it is.
    const csv = [
      'vendor,product,version,cpe,purl,role,site,network,addresses,introduced_on,status',
      `Palo Alto Networks,PAN-OS,11.1.2,cpe:/o:paloaltonetworks:pan-os:11.1.2,,firewall,Kansai branch,,,${daysAgo(30)},in-service`,
      `Yamaha,RTX1300,23.00.01,,,core-router,Kansai branch,,,${daysAgo(30)},in-service`,
      'Cisco,IOS XE,17.9.4,cpe:2.3:o:cisco:ios_xe:17.9.4:*:*:*:*:*:*:*,,core-router,Haneda data centre,192.0.2.0/24,192.0.2.2,2023-10-15,in-service',
    ].join('\n');
    const imp = page.getByRole('form', { name: 'Import assets' });
    await imp.getByLabel('Read from a file').setInputFiles({ name: 'kansai-branch.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv}\n`) });
    await expect.poll(() => imp.getByLabel('Document').inputValue(), { timeout: POLL }).toContain('RTX1300');
    await imp.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => imp.getByTestId('import-result').textContent(), { timeout: POLL }).toBe('Imported: 2 created, 0 updated, 1 unchanged.');
    await expect.poll(() => rowCount(page), { timeout: POLL }).toBe(8);

    // One bad row refuses the whole file: the row and column are named, nothing is stored.
    await imp
      .getByLabel('Document')
      .fill(
        [
          'vendor,product,version,cpe,introduced_on,status',
          `Juniper,Junos OS,23.2R1,,${daysAgo(10)},in-service`,
          `NEC,UNIVERGE IX,10.7,cpe:2.3:o:nec:univerge_ix:10.7:*:*:*:*:*:*,${daysAgo(10)},in-service`,
        ].join('\n'),
      );
    await imp.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => imp.getByRole('alert').textContent(), { timeout: POLL }).toContain('SAKIMORI_ERR_ASSET_INVALID');
    const problems = imp.getByTestId('import-problems');
    expect(await problems.getByRole('rowheader').allTextContents()).toEqual(['row 3, column cpe']);
    expect(await imp.getByTestId('import-result').textContent()).toBe('');
    expect(await rowCount(page)).toBe(8);
    const stored = await apiAssets(page);
    expect(stored).toHaveLength(8);
    expect(stored.some((a) => a.vendor === 'Juniper')).toBe(false);
    await problems.scrollIntoViewIfNeeded();
    await screenshot(page, 'assets-import-refused');
    airlineAssetId = stored.find((a) => a.product === 'IOS XE')!.id;
    await page.context().close();
  });

  it('lets the airline’s reporter open an overdue asset and record its notification, which the history keeps', async () => {
    const page = await signIn(browser, server.url, 'airline');
    await page.goto('/assets');
    // Rows are links: reached by focus, opened with Enter.
    const link = assetTable(page).getByRole('link', { name: 'Cisco IOS XE 17.9.4' });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/assets/${airlineAssetId}$`));
    await page.getByRole('heading', { name: 'Cisco IOS XE 17.9.4', level: 1 }).waitFor();
    const deadline = page.getByTestId('asset-deadline');
    await expect.poll(() => deadline.textContent(), { timeout: POLL }).toMatch(/Overdue.*due 2024-07-0\d 24:00 JST.*overdue by/);
    expect(await deadline.textContent()).toContain('4条1項');
    const history = page.getByTestId('asset-history').locator('tbody tr');
    const before = await history.count();
    expect(before).toBeGreaterThanOrEqual(1);
    await page.getByLabel('Notified at (Japan time)').press('Enter');
    await expect.poll(() => history.count(), { timeout: POLL }).toBe(before + 1);
    // Newest first: the notification, by the signed-in reporter.
    const newest = await history.first().textContent();
    expect(newest).toContain('Notification recorded');
    expect(newest).toContain('you');
    expect(newest).toMatch(/Notified at: – → \d{4}-\d{2}-\d{2} \d{2}:\d{2} JST/);
    await expect.poll(() => deadline.textContent(), { timeout: POLL }).toMatch(/Notified late.*late by/);
    await screenshot(page, 'assets-detail');
    await page.context().close();
  });

  it('shows the bank’s reporter only the bank’s assets, and an airline asset by URL as not found', async () => {
    const page = await signIn(browser, server.url, 'bank');
    await page.goto('/assets');
    await expect.poll(() => rowCount(page), { timeout: POLL }).toBe(3);
    const text = await assetTable(page).textContent();
    expect(text).toContain('Ivanti Connect Secure');
    expect(text).not.toContain('Cisco IOS XE');
    expect((await apiAssets(page)).every((a) => a.organizationId === 'demo-minato-bank')).toBe(true);
    await page.goto(`/assets/${airlineAssetId}`);
    await page.getByRole('heading', { name: 'Asset not found' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('SAKIMORI_ERR_ASSET_NOT_FOUND');
    expect(await page.getByText('Cisco').count()).toBe(0);
    await screenshot(page, 'assets-not-found');
    await page.context().close();
  });

  it('shows the aviation regulator the airline’s assets read only, and its overdue notifications', async () => {
    const page = await signIn(browser, server.url, 'regulator');
    expect(await navTitles(page)).toContain('Assets');
    await page.goto('/assets');
    await expect.poll(() => rowCount(page), { timeout: POLL }).toBe(8);
    // The organisation column names the airline on every row; the bank is another sector's.
    await expect.poll(() => assetTable(page).locator('tbody tr').filter({ hasText: 'Aozora Airlines' }).count(), { timeout: POLL }).toBe(8);
    expect(await assetTable(page).textContent()).not.toContain('Minato');
    expect(await page.getByRole('form', { name: 'Register an asset' }).count()).toBe(0);
    expect(await page.getByRole('form', { name: 'Import assets' }).count()).toBe(0);
    await page.getByText('Read only:').waitFor();

    // Keyboard: the tabs move with the arrow keys; the tab is in the URL.
    await page.getByRole('tab', { name: 'All assets' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/\/assets\?tab=notifications$/);
    expect(await page.getByRole('tab', { name: 'Notifications' }).getAttribute('aria-selected')).toBe('true');
    const overdue = (await apiJson<{ items: Notification[] }>(page, '/assets/notifications?state=overdue')).items;
    // The five demo assets but the one notified.
    expect(overdue).toHaveLength(4);
    const table = page.getByTestId('notifications-overdue');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: POLL }).toBe(overdue.length);
    expect(await table.getByText(/^overdue by /).count()).toBe(overdue.length);
    expect(await table.textContent()).not.toContain('Cisco IOS XE');
    await page.getByRole('heading', { name: /^Due soon/ }).waitFor();
    await screenshot(page, 'assets-regulator-notifications');

    // Reading one, without the form to record a notification.
    await table.getByRole('link').first().click();
    await page.getByTestId('asset-deadline').waitFor();
    expect(await page.getByTestId('asset-deadline').textContent()).toContain('Legal basis');
    expect(await page.getByRole('button', { name: 'Record notification' }).count()).toBe(0);
    await page.context().close();
  });

  it('shows the analyst both operators’ assets, by organisation, and keeps the page from other roles', async () => {
    const page = await signIn(browser, server.url, 'analyst');
    expect(await navTitles(page)).toContain('Assets');
    await page.goto('/assets');
    await expect.poll(() => rowCount(page), { timeout: POLL }).toBe(11);
    await expect.poll(() => assetTable(page).locator('tbody tr').filter({ hasText: 'Minato Bank' }).count(), { timeout: POLL }).toBe(3);
    expect(await assetTable(page).locator('tbody tr').filter({ hasText: 'Aozora Airlines' }).count()).toBe(8);
    await page.getByRole('form', { name: 'Filter assets' }).getByLabel('Organisation').selectOption({ label: 'Minato Bank' });
    await expect.poll(() => rowCount(page), { timeout: POLL }).toBe(3);
    // The analyst writes for an organisation it names, the one of the filter unless it chooses another.
    expect(await page.getByRole('form', { name: 'Register an asset' }).getByLabel('Organisation').inputValue()).toBe('demo-minato-bank');
    await screenshot(page, 'assets-analyst');
    await page.context().close();

    const officer = await signIn(browser, server.url, 'officer');
    expect(await navTitles(officer)).not.toContain('Assets');
    await officer.goto('/assets');
    await officer.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    await officer.context().close();
  });
});
